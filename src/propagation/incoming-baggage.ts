import type { Baggage, BaggageEntry } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import { reportMisuse } from '../internal/report';
import { isWellFormed, wellFormed } from '../internal/well-formed';

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

/** The W3C Baggage limit on one `key=value` pair (with its properties), in bytes. */
const MAX_INCOMING_ENTRY_BYTES = 4096;

/**
 * Collects baggage that arrived from outside, entry by entry, in linear time: untrusted keys are
 * left out, lone surrogates become U+FFFD, an entry over 4,096 bytes is dropped, and once 180
 * entries or 8,192 bytes are reached {@link add} says so, so readers stop reading. A repeated key
 * keeps its last value.
 * @internal
 */
export class IncomingBaggageBuilder {
  private readonly _entries = new Map<string, BaggageEntry>();
  private readonly _sizes = new Map<string, number>();
  private _bytes = 0;
  private _full = false;
  /** Whether an entry was left out or changed. */
  changed = false;

  /** @param isTrusted - the trusted-key filter, if any. */
  constructor(private readonly _isTrusted?: (key: string) => boolean) {}

  /** Adds one entry if it is trusted and fits. Returns false once the limits are reached. */
  add(rawKey: string, entry: BaggageEntry): boolean {
    if (this._full) return false;
    const key = wellFormed(rawKey);
    const value = wellFormed(entry.value);
    if (key !== rawKey || value !== entry.value) this.changed = true;
    if (this._isTrusted !== undefined && !this._isTrusted(key)) {
      this.changed = true;
      return true;
    }
    const metadata = entry.metadata?.toString() ?? '';
    const size =
      Buffer.byteLength(key) +
      1 +
      Buffer.byteLength(value) +
      (metadata === '' ? 0 : 1 + metadata.length);
    if (size > MAX_INCOMING_ENTRY_BYTES) {
      this._reportCut();
      return true;
    }
    const replaced = this._sizes.get(key);
    const count = this._entries.size + (replaced === undefined ? 1 : 0);
    // Every entry after the first is preceded by a comma in the W3C header.
    const comma = replaced === undefined && count > 1 ? 1 : 0;
    const bytes = this._bytes - (replaced ?? 0) + size + comma;
    if (count > MAX_INCOMING_BAGGAGE_ENTRIES || bytes > MAX_INCOMING_BAGGAGE_BYTES) {
      this._full = true;
      this._reportCut();
      return false;
    }
    this._entries.set(key, value === entry.value ? entry : { ...entry, value });
    this._sizes.set(key, size);
    this._bytes = bytes;
    return true;
  }

  /** The baggage collected, or `undefined` when there is none. */
  build(): Baggage | undefined {
    if (this._entries.size === 0) return undefined;
    return propagation.createBaggage(Object.fromEntries(this._entries));
  }

  private _reportCut(): void {
    this.changed = true;
    reportMisuse(
      'baggage-limit',
      'incoming baggage over the W3C limits (180 entries, 8192 bytes, 4096 bytes an entry) was cut',
    );
  }
}

/**
 * The boundary every extract passes, whatever propagator produced the baggage: applies the
 * trusted-key filter, the W3C limits and lone-surrogate replacement (see
 * {@link IncomingBaggageBuilder}). Returns `baggage` itself when nothing changes, and `undefined`
 * when nothing is left.
 * @internal
 */
export function acceptIncomingBaggage(
  baggage: Baggage,
  isTrusted: ((key: string) => boolean) | undefined,
): Baggage | undefined {
  const entries = baggage.getAllEntries();
  if (isTrusted === undefined && fitsSurely(entries)) return baggage;
  const builder = new IncomingBaggageBuilder(isTrusted);
  for (const [key, entry] of entries) if (!builder.add(key, entry)) break;
  return builder.changed ? builder.build() : baggage;
}

/**
 * A quick bound without measuring bytes: UTF-16 length x3 is at least the UTF-8 size. Text with
 * a lone surrogate does not fit: it must be replaced.
 */
function fitsSurely(entries: ReturnType<Baggage['getAllEntries']>): boolean {
  if (entries.length > MAX_INCOMING_BAGGAGE_ENTRIES) return false;
  let upperBound = 0;
  for (const [key, entry] of entries) {
    if (!isWellFormed(key) || !isWellFormed(entry.value)) return false;
    upperBound += (key.length + entry.value.length) * 3 + 2;
    if (entry.metadata !== undefined) return false;
  }
  return upperBound <= MAX_INCOMING_ENTRY_BYTES;
}

function safePredicate(isTrusted: (key: string) => boolean, key: string): boolean {
  try {
    return isTrusted(key) === true;
  } catch {
    reportMisuse('baggage-filter', 'a baggage key predicate threw; the key was left out');
    return false;
  }
}
