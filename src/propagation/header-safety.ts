/**
 * Header-safe text for carriers. HTTP header names are "tokens" (RFC 9110) and header values may
 * hold visible ASCII, space and tab only. Anything else (CR and LF above all, which would let a
 * baggage value start a new header) is percent-encoded as UTF-8, so nothing is ever written raw.
 */

// A token character other than '%': '%' is encoded too, so that decoding gives back what was encoded.
const UNSAFE_NAME_CHARS = /[^!#$&'*+\-.^_`|~0-9A-Za-z]/gu;
const UNSAFE_VALUE_CHARS = /[^\t\x20-\x24\x26-\x7e]/gu;
const SAFE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Whether a header name can be written as it is.
 * @internal
 */
export function isSafeHeaderName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/**
 * Whether a header value can be written as it is.
 * @internal
 */
export function isSafeHeaderValue(value: string): boolean {
  // A loop rather than a regular expression: propagators build their values by concatenation,
  // and on such strings this measured about 4% of an inject+extract faster (npm run bench).
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0x7e || (code < 0x20 && code !== 0x09)) return false;
  }
  return true;
}

/**
 * Percent-encodes every character of `text` that is not a token character (and '%').
 * @internal
 */
export function encodeHeaderName(text: string): string {
  return text.replace(UNSAFE_NAME_CHARS, percentEncode);
}

/**
 * Percent-encodes every character of `text` that a header value cannot hold (and '%').
 * @internal
 */
export function encodeHeaderValue(text: string): string {
  return text.replace(UNSAFE_VALUE_CHARS, percentEncode);
}

/**
 * Reverses {@link encodeHeaderName} / {@link encodeHeaderValue}; text that is not valid
 * percent-encoding is returned unchanged.
 * @internal
 */
export function decodeHeaderText(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function percentEncode(character: string): string {
  const code = character.charCodeAt(0);
  // ASCII by hand: encodeURIComponent leaves ( ) ! * ' as they are, and ( ) are not token
  // characters, so a header name holding them would be refused by Node's http.request.
  if (code < 0x80) return `%${HEX_DIGITS[code >> 4]}${HEX_DIGITS[code & 0x0f]}`;
  try {
    return encodeURIComponent(character);
  } catch {
    // A lone surrogate has no UTF-8 form: write U+FFFD instead.
    return '%EF%BF%BD';
  }
}

const HEX_DIGITS = '0123456789ABCDEF';
