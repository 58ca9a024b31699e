import type { Baggage } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import { reportMisuse } from '../internal/report';

/** The W3C Baggage limit on entries a receiver must accept, and the one the bridge keeps. */
export const MAX_INCOMING_BAGGAGE_ENTRIES = 180;
/** The W3C Baggage limit on the size of all entries, in bytes of `key=value` pairs and commas. */
export const MAX_INCOMING_BAGGAGE_BYTES = 8192;

/**
 * Which incoming baggage keys a service trusts: a list of keys, or a predicate. Other keys are
 * dropped at extract, so a caller cannot set, say, `tenant.id` on your traces.
 */
export type BaggageKeyFilter = readonly string[] | ((key: string) => boolean);

/**
 * Turns a {@link BaggageKeyFilter} into a predicate (a list becomes a set lookup).
 * @internal
 */
export function toKeyPredicate(
  filter: BaggageKeyFilter | null | undefined,
): ((key: string) => boolean) | undefined {
  if (filter === undefined || filter === null) return undefined;
  if (typeof filter === 'function') return (key) => safePredicate(filter, key);
  // A lone string is one key, not a list of characters.
  const keys: unknown[] =
    typeof filter === 'string' ? [filter] : Array.isArray(filter) ? filter : [];
  if (keys.length === 0 && typeof filter !== 'string' && !Array.isArray(filter)) {
    reportMisuse(
      'baggage-filter',
      'a baggage key filter that is not a list or a function was ignored',
    );
    return undefined;
  }
  const allowed = new Set(keys.filter((key): key is string => typeof key === 'string'));
  return (key) => allowed.has(key);
}

/**
 * Applies the trusted-key filter and the W3C limits to baggage that arrived from outside. Entries
 * are kept in order until a limit is reached; the rest are dropped with a one-time warning.
 * Returns the same object when nothing is dropped.
 * @internal
 */
export function acceptIncomingBaggage(
  baggage: Baggage,
  isTrusted: ((key: string) => boolean) | undefined,
): Baggage {
  const entries = baggage.getAllEntries();
  if (isTrusted === undefined && fitsSurely(entries)) return baggage;
  let accepted = propagation.createBaggage();
  let count = 0;
  let bytes = 0;
  let dropped = false;
  for (const [key, entry] of entries) {
    if (isTrusted !== undefined && !isTrusted(key)) {
      dropped = true;
      continue;
    }
    const size = Buffer.byteLength(key) + 1 + Buffer.byteLength(entry.value) + (count > 0 ? 1 : 0);
    if (count + 1 > MAX_INCOMING_BAGGAGE_ENTRIES || bytes + size > MAX_INCOMING_BAGGAGE_BYTES) {
      reportMisuse(
        'baggage-limit',
        'incoming baggage over the W3C limits (180 entries, 8192 bytes) was cut',
      );
      dropped = true;
      continue;
    }
    accepted = accepted.setEntry(key, entry);
    count++;
    bytes += size;
  }
  return dropped ? accepted : baggage;
}

/** A quick bound without measuring bytes: UTF-16 length x3 is at least the UTF-8 size. */
function fitsSurely(entries: ReturnType<Baggage['getAllEntries']>): boolean {
  if (entries.length > MAX_INCOMING_BAGGAGE_ENTRIES) return false;
  let upperBound = 0;
  for (const [key, entry] of entries) upperBound += (key.length + entry.value.length) * 3 + 2;
  return upperBound <= MAX_INCOMING_BAGGAGE_BYTES;
}

function safePredicate(isTrusted: (key: string) => boolean, key: string): boolean {
  try {
    return isTrusted(key) === true;
  } catch {
    reportMisuse('baggage-filter', 'a baggage key predicate threw; the key was left out');
    return false;
  }
}
