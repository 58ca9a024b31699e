import type { Baggage, BaggageEntry, Context } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import { reportMisuse } from '../internal/report';
import { isWellFormed, wellFormed } from '../internal/well-formed';
import { utf8Length } from '../internal/bytes';
import { baggageEntries, type BaggageEntries } from '../internal/baggage';
import {
  MAX_BAGGAGE_ENTRY_BYTES,
  MAX_INCOMING_BAGGAGE_BYTES,
  MAX_INCOMING_BAGGAGE_ENTRIES,
  isKnownWithinLimits,
  isSafeBaggageProperties,
  markWithinLimits,
  surelyWithinLimits,
} from './baggage-limits';

export { MAX_INCOMING_BAGGAGE_BYTES, MAX_INCOMING_BAGGAGE_ENTRIES } from './baggage-limits';

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
 * Collects baggage that arrived from outside, entry by entry, in linear time: untrusted keys are
 * left out, lone surrogates become U+FFFD, unsafe properties are dropped (see
 * {@link isSafeBaggageProperties}), an entry over 4,096 bytes is dropped, and once 180
 * entries or 8,192 bytes are reached {@link add} says so, so readers stop reading. A repeated key
 * keeps its last value.
 * @internal
 */
export class IncomingBaggageBuilder {
  private readonly _entries = new Map<string, BaggageEntry>();
  private readonly _sizes = new Map<string, number>();
  private _bytes = 0;
  private _units = 0;
  private _full = false;
  /** Whether an entry was left out or changed. */
  changed = false;

  /** @param isTrusted - the trusted-key filter, if any. */
  constructor(private readonly _isTrusted?: (key: string) => boolean) {}

  /**
   * A builder that already holds the baggage read by the formats extracted before this one, so
   * that every format merges the same way, whatever their order: entries added afterwards win on
   * equal keys, as a later format's do.
   */
  static after(before: Baggage | undefined): IncomingBaggageBuilder {
    const builder = new IncomingBaggageBuilder();
    if (before !== undefined) {
      for (const [key, entry] of before.getAllEntries()) builder.add(key, entry);
    }
    return builder;
  }

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
    let metadata = entry.metadata?.toString() ?? '';
    let kept: BaggageEntry = value === entry.value ? entry : { ...entry, value };
    if (metadata !== '' && !isSafeBaggageProperties(metadata)) {
      reportMisuse(
        'baggage-properties',
        'incoming baggage properties that are not printable ASCII without commas were dropped',
      );
      this.changed = true;
      metadata = '';
      kept = { value };
    }
    // Properties are ASCII: their length is their size in bytes.
    const size =
      utf8Length(key) + 1 + utf8Length(value) + (metadata === '' ? 0 : 1 + metadata.length);
    if (size > MAX_BAGGAGE_ENTRY_BYTES) {
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
    this._entries.set(key, kept);
    this._sizes.set(key, size);
    this._bytes = bytes;
    // An upper bound (a replaced entry still counts): enough for surelyWithinLimits.
    this._units += key.length + value.length + metadata.length;
    return true;
  }

  /** The baggage collected, or `undefined` when there is none. */
  build(): Baggage | undefined {
    if (this._entries.size === 0) return undefined;
    const baggage = propagation.createBaggage(Object.fromEntries(this._entries));
    return surelyWithinLimits(this._units, this._entries.size)
      ? markWithinLimits(baggage)
      : baggage;
  }

  /** `otelContext` holding the baggage collected, or no baggage when there is none. */
  inContext(otelContext: Context): Context {
    const baggage = this.build();
    return baggage === undefined
      ? propagation.deleteBaggage(otelContext)
      : propagation.setBaggage(otelContext, baggage);
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
  if (isTrusted === undefined && isKnownWithinLimits(baggage)) return baggage;
  const entries = baggageEntries(baggage);
  if (isTrusted === undefined && fitsSurely(entries)) return markWithinLimits(baggage);
  const builder = new IncomingBaggageBuilder(isTrusted);
  for (const [key, entry] of entries) if (!builder.add(key, entry)) break;
  return builder.changed ? builder.build() : baggage;
}

/**
 * {@link surelyWithinLimits} for a list of entries; any lone surrogate or property fails it.
 * @internal
 */
export function fitsSurely(entries: BaggageEntries): boolean {
  let units = 0;
  let count = 0;
  for (const [key, entry] of entries) {
    if (entry.metadata !== undefined || !isWellFormed(key) || !isWellFormed(entry.value)) {
      return false;
    }
    units += key.length + entry.value.length;
    count++;
  }
  return surelyWithinLimits(units, count);
}

function safePredicate(isTrusted: (key: string) => boolean, key: string): boolean {
  try {
    return isTrusted(key) === true;
  } catch {
    reportMisuse('baggage-filter', 'a baggage key predicate threw; the key was left out');
    return false;
  }
}
