import { reportMisuse } from '../internal/report';
import { MAX_INCOMING_BAGGAGE_BYTES, MAX_INCOMING_BAGGAGE_ENTRIES } from './incoming-baggage';

/*
 * What any propagator, ours or upstream, may read of a carrier. Every getter of carrier.ts passes
 * its values and key lists through these bounds, so the work an extract does is bounded before a
 * propagator parses anything, whatever propagator it is and whatever `@opentelemetry/core` version
 * is installed:
 *
 * - a value is at most 8,192 characters (the W3C Baggage size limit; every trace header is far
 *   shorter) and at most 180 list members (the W3C Baggage entry limit); a longer one is cut at the
 *   last list separator before the limit, so no half entry is read. Repeated values (arrays) share
 *   one budget;
 * - a key list is at most the carrier's first 256 keys: room for 180 one-header-per-item baggage
 *   entries (`uberctx-*`, `ot-baggage-*`) and the request's own headers.
 *
 * Upstream propagators copy their baggage map once per entry they add, and the B3 one runs an
 * unanchored regular expression over its header: without these bounds a hostile header of a few
 * hundred kilobytes costs seconds of event loop.
 */

/** The most characters read of one header (all its values together). @internal */
export const MAX_HEADER_CHARS = MAX_INCOMING_BAGGAGE_BYTES;
/** The most list members read of one header (all its values together). @internal */
export const MAX_HEADER_MEMBERS = MAX_INCOMING_BAGGAGE_ENTRIES;
/** The most keys of one carrier a propagator sees. @internal */
export const MAX_CARRIER_KEYS = 256;

// A value this short cannot hold more than MAX_HEADER_MEMBERS list members: no need to count them.
const SURELY_WITHIN = 2 * MAX_HEADER_MEMBERS;
const LIST_SEPARATOR = 44; // ','

/**
 * One header value as a propagator may read it: `value` itself when it is within the bounds,
 * else its longest prefix that is, ending before a list separator where there is one.
 * @internal
 */
export function boundHeaderValue(value: string): string {
  if (value.length <= SURELY_WITHIN) return value;
  return cutToBudget(value, MAX_HEADER_CHARS, MAX_HEADER_MEMBERS - 1).text;
}

/**
 * Repeated values of one header, as a propagator may read them: the values share one budget;
 * values past it are left out and the last one read is cut like {@link boundHeaderValue}.
 * @internal
 */
export function boundHeaderValues(values: string[]): string[] {
  let chars = 0;
  for (const value of values) chars += value.length;
  if (chars <= SURELY_WITHIN && values.length <= MAX_HEADER_MEMBERS) return values;
  const bounded: string[] = [];
  let charsLeft = MAX_HEADER_CHARS;
  // Propagators join repeated values with ',': each value after the first is one more member.
  let separatorsLeft = MAX_HEADER_MEMBERS - 1;
  for (const value of values) {
    if (bounded.length > 0) {
      if (separatorsLeft === 0) break;
      separatorsLeft--;
    }
    const cut = cutToBudget(value, charsLeft, separatorsLeft);
    bounded.push(cut.text);
    if (cut.text.length !== value.length) break;
    charsLeft -= value.length;
    separatorsLeft -= cut.separators;
  }
  if (bounded.length < values.length) reportCut();
  return bounded;
}

/**
 * The first {@link MAX_CARRIER_KEYS} keys an iteration yields, without reading the rest.
 * @internal
 */
export function boundKeys(keys: Iterable<string>): string[] {
  const bounded: string[] = [];
  // Every key counts, strings or not: an iteration that yields nothing else must end too.
  let read = 0;
  for (const key of keys) {
    if (read === MAX_CARRIER_KEYS) {
      reportMisuse(
        'carrier-keys',
        `a carrier with more than ${MAX_CARRIER_KEYS} keys was read up to its ${MAX_CARRIER_KEYS}th key`,
      );
      break;
    }
    read++;
    if (typeof key === 'string') bounded.push(key);
  }
  return bounded;
}

/**
 * The longest prefix of `value` with at most `maxChars` characters and `maxSeparators` list
 * separators, cut before a separator when it is cut at all and the prefix holds one.
 */
function cutToBudget(
  value: string,
  maxChars: number,
  maxSeparators: number,
): { text: string; separators: number } {
  const end = Math.min(value.length, Math.max(0, maxChars));
  let separators = 0;
  let lastSeparator = -1;
  for (let index = 0; index < end; index++) {
    if (value.charCodeAt(index) !== LIST_SEPARATOR) continue;
    if (separators === maxSeparators) {
      reportCut();
      return { text: value.slice(0, index), separators };
    }
    separators++;
    lastSeparator = index;
  }
  if (end === value.length) return { text: value, separators };
  reportCut();
  return lastSeparator >= 0
    ? { text: value.slice(0, lastSeparator), separators: separators - 1 }
    : { text: value.slice(0, end), separators };
}

function reportCut(): void {
  reportMisuse(
    'header-limit',
    `an incoming header over ${MAX_HEADER_CHARS} characters or ${MAX_HEADER_MEMBERS} list members was cut`,
  );
}
