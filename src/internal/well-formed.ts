/**
 * Text that has a UTF-8 form. A lone UTF-16 surrogate has none: `encodeURIComponent` throws on it,
 * so one such character in a baggage item would make a propagator drop the whole baggage header.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

// Node 20 has String#isWellFormed (native and fast); the regular expression is the fallback.
const HAS_NATIVE_IS_WELL_FORMED =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';

/**
 * Whether `text` has no lone surrogate.
 * @internal
 */
export function isWellFormed(text: string): boolean {
  return HAS_NATIVE_IS_WELL_FORMED
    ? (text as string & { isWellFormed(): boolean }).isWellFormed()
    : !LONE_SURROGATE.test(text);
}

/**
 * `text` with each lone surrogate replaced by U+FFFD; `text` itself when it has none.
 * @internal
 */
export function wellFormed(text: string): string {
  return isWellFormed(text) ? text : text.replace(LONE_SURROGATES, '\uFFFD');
}
