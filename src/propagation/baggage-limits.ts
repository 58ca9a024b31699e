import type { Baggage } from '@opentelemetry/api';

/*
 * The baggage limits, in one place. Incoming baggage is cut to the W3C Baggage limits; outgoing
 * baggage keeps them in each format and, over all formats together, a header budget under Node's
 * default 16 KB header limit (outgoing-baggage.ts).
 */

/** The W3C Baggage limit on entries a receiver must accept, and the one the bridge keeps. */
export const MAX_INCOMING_BAGGAGE_ENTRIES = 180;
/** The W3C Baggage limit on the size of all entries, in bytes of `key=value` pairs and commas. */
export const MAX_INCOMING_BAGGAGE_BYTES = 8192;
/** The W3C Baggage limit on one `key=value` pair (with its properties), in bytes. @internal */
export const MAX_BAGGAGE_ENTRY_BYTES = 4096;
/** The most header bytes all outgoing copies of the baggage take together. @internal */
export const MAX_OUTGOING_BAGGAGE_HEADER_BYTES = 12 * 1024;
/** The most formats carrying baggage that createPropagator builds (baggage, jaeger, ottrace). @internal */
export const MOST_KNOWN_BAGGAGE_FORMATS = 3;
/** Per item and format: the longest name prefix (`ot-baggage-`, 11), `: ` and CRLF. @internal */
export const ITEM_HEADER_OVERHEAD = 16;
/** Percent-encoding turns one UTF-16 unit into at most 9 bytes (a BMP character above U+07FF). */
const MAX_ENCODED_BYTES_PER_UNIT = 9;

/**
 * Whether `text` may stand as the properties of a W3C baggage entry (the text after `;`): printable
 * ASCII without `,`, `"` or `\`. The W3C propagator writes properties as they are, so anything
 * else would be percent-encoded into a much longer header, or, with a `,`, start new entries that
 * the trusted-key filter never saw.
 * @internal
 */
export function isSafeBaggageProperties(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code > 0x7e || code === 0x2c || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

/**
 * Whether `count` entries of `units` UTF-16 units in all (keys, values and properties, with no
 * lone surrogate) are within every limit, incoming and outgoing, whatever their characters: the
 * check that needs no encoding. Small baggage (a user id, a tenant) always passes it.
 * @internal
 */
export function surelyWithinLimits(units: number, count: number): boolean {
  const upperBound = units * MAX_ENCODED_BYTES_PER_UNIT + count * ITEM_HEADER_OVERHEAD;
  return (
    count <= MAX_INCOMING_BAGGAGE_ENTRIES &&
    upperBound <= MAX_BAGGAGE_ENTRY_BYTES &&
    upperBound * MOST_KNOWN_BAGGAGE_FORMATS <= MAX_OUTGOING_BAGGAGE_HEADER_BYTES
  );
}

/*
 * The last few baggage objects known to pass surelyWithinLimits. OTel Baggage is immutable, so a
 * mark holds for the object's life. The readers mark what they build, and the checks at extract and
 * inject skip what is marked instead of listing the entries again (Baggage#getAllEntries is the
 * costliest part of a small extract or inject). A request's extracted baggage is what its outgoing
 * calls inject, so a few slots are enough. A WeakSet would hold every mark, but adding a fresh
 * object to one costs more than the check it saves (docs/boundary.md); these slots hold at most
 * four small objects alive.
 */
const RECENT_SLOTS = 4;
const recentWithinLimits: Array<Baggage | undefined> = new Array<Baggage | undefined>(RECENT_SLOTS);
let nextSlot = 0;

/** Marks baggage that passed {@link surelyWithinLimits}. @internal */
export function markWithinLimits(baggage: Baggage): Baggage {
  recentWithinLimits[nextSlot] = baggage;
  nextSlot = (nextSlot + 1) % RECENT_SLOTS;
  return baggage;
}

/** Whether baggage was marked by {@link markWithinLimits} recently. @internal */
export function isKnownWithinLimits(baggage: Baggage): boolean {
  return (
    recentWithinLimits[0] === baggage ||
    recentWithinLimits[1] === baggage ||
    recentWithinLimits[2] === baggage ||
    recentWithinLimits[3] === baggage
  );
}
