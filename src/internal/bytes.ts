import type { NodeBytes } from './node-globals';
import { NodeBuffer } from './node-globals';

/*
 * UTF-8 and hex on `Uint8Array`s, for the binary format and byte-valued headers: what Node's
 * `Buffer` did, in a form that also runs in browsers. In Node the UTF-8 work still goes to Buffer's
 * native routines, which are faster there than `TextEncoder`/`TextDecoder` and than JS loops
 * (docs/browser.md); elsewhere the portable functions below do it. The tests check each portable
 * function against Buffer.
 */

// What the bridge uses of TextDecoder and TextEncoder (their types come from the DOM library or
// from Node's declarations, whichever the build has).
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
interface Utf8Encoder {
  encode(text: string): Uint8Array;
  encodeInto(text: string, into: Uint8Array): unknown;
}

let decoder: Utf8Decoder | undefined;
let encoder: Utf8Encoder | undefined;

// ignoreBOM: a leading U+FEFF is text like any other, as Buffer#toString reads it (TextDecoder would
// drop it by default). Invalid sequences become U+FFFD, as with Buffer.
function textDecoder(): Utf8Decoder {
  return (decoder ??= new TextDecoder('utf-8', { ignoreBOM: true }));
}

function textEncoder(): Utf8Encoder {
  return (encoder ??= new TextEncoder());
}

// Any UTF-16 code unit above U+007F (surrogates included).
const NON_ASCII = /[\u0080-\uffff]/;

// Up to this many bytes, ASCII text is copied by hand: for short fields (ids, most header names
// and baggage) the fixed cost of a TextEncoder/TextDecoder call is larger than the work.
const SHORT_TEXT_BYTES = 16;

/**
 * The size of `text` in UTF-8. A lone surrogate counts 3 bytes: it is written as U+FFFD.
 * @internal
 */
export function portableUtf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
    } else if (
      code >= 0xd800 &&
      code < 0xdc00 &&
      (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00
    ) {
      // A surrogate pair: two code units, four bytes.
      bytes += 2;
      index++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/**
 * Decodes `bytes[start, end)` as UTF-8, invalid sequences as U+FFFD.
 * @internal
 */
export function portableDecodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_TEXT_BYTES) {
    let text = '';
    for (let index = start; index < end; index++) {
      const byte = bytes[index];
      if (byte >= 0x80) return textDecoder().decode(bytes.subarray(start, end));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return textDecoder().decode(bytes.subarray(start, end));
}

/**
 * Writes `text` as UTF-8 into `into` at `offset`; `size` is its {@link utf8Length}, for which
 * `into` must have room.
 * @internal
 */
export function writeUtf8(text: string, size: number, into: Uint8Array, offset: number): void {
  // As many bytes as code units: the text is ASCII.
  if (size === text.length && size <= SHORT_TEXT_BYTES) {
    for (let index = 0; index < size; index++) into[offset + index] = text.charCodeAt(index);
    return;
  }
  textEncoder().encodeInto(text, into.subarray(offset, offset + size));
}

// '0'-'9', 'a'-'f'.
const HEX_DIGIT_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/**
 * `bytes[start, end)` in lower-case hex.
 * @internal
 */
export function toHex(bytes: Uint8Array, start: number, end: number): string {
  // Made in one call from character codes, the id is a flat string. Built with `+=` it would be a
  // rope, which V8 flattens when the id is first matched (isSpanContextValid), at a higher cost.
  const codes = new Array<number>((end - start) * 2);
  for (let index = start, at = 0; index < end; index++, at += 2) {
    codes[at] = HEX_DIGIT_CODES[bytes[index] >> 4];
    codes[at + 1] = HEX_DIGIT_CODES[bytes[index] & 0xf];
  }
  return String.fromCharCode(...codes);
}

/**
 * Writes the bytes of `hex` (an even number of hex digits, either case) into `into` at `offset`.
 * @internal
 */
export function writeHex(hex: string, into: Uint8Array, offset: number): void {
  for (let index = 0; index < hex.length; index += 2) {
    into[offset + index / 2] =
      (hexDigit(hex.charCodeAt(index)) << 4) | hexDigit(hex.charCodeAt(index + 1));
  }
}

function hexDigit(code: number): number {
  // '0'-'9' are 48-57; 'a'-'f' 97-102, and 'A'-'F' too once bit 0x20 is set.
  return code <= 57 ? code - 48 : (code | 0x20) - 87;
}

// A module-level const, so that its narrowing below carries into the closures.
const nodeBuffer = NodeBuffer;

/**
 * The size of `text` in UTF-8.
 * @internal
 */
export const utf8Length: (text: string) => number =
  nodeBuffer === undefined ? portableUtf8Length : (text) => nodeBuffer.byteLength(text, 'utf8');

/**
 * Decodes `bytes[start, end)` as UTF-8, invalid sequences as U+FFFD.
 * @internal
 */
export const decodeUtf8: (bytes: Uint8Array, start: number, end: number) => string =
  nodeBuffer === undefined
    ? portableDecodeUtf8
    : (bytes, start, end) =>
        nodeBuffer.isBuffer(bytes)
          ? (bytes as NodeBytes).toString('utf8', start, end)
          : portableDecodeUtf8(bytes, start, end);

/**
 * `text` in UTF-8: a `Buffer` in Node, where `@grpc/grpc-js` takes only Buffers for `-bin` keys.
 * @internal
 */
export const encodeUtf8: (text: string) => Uint8Array =
  nodeBuffer === undefined
    ? (text) => textEncoder().encode(text)
    : (text) => nodeBuffer.from(text, 'utf8');

/**
 * Room for `size` bytes, all of which the caller writes: a `Buffer` in Node (taken from its pool,
 * not zeroed), which is what Node callers of the binary format have always received.
 * @internal
 */
export const allocateBytes: (size: number) => Uint8Array =
  nodeBuffer === undefined
    ? (size) => new Uint8Array(size)
    : (size) => nodeBuffer.allocUnsafe(size);

/**
 * `bytes` as a `Buffer` in Node (a view: nothing is copied), so that {@link decodeUtf8} takes the
 * native path; `bytes` itself elsewhere.
 * @internal
 */
export const nativeBytes: (bytes: Uint8Array) => Uint8Array =
  nodeBuffer === undefined
    ? (bytes) => bytes
    : (bytes) =>
        nodeBuffer.isBuffer(bytes)
          ? bytes
          : nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
