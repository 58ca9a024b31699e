import type { Baggage, BaggageEntry, Context } from '@opentelemetry/api';
import { propagation } from './otel-api';

/** One empty baggage shared by every context that carries none: OTel Baggage is immutable. */
export const EMPTY_BAGGAGE: Baggage = propagation.createBaggage();

/**
 * `otelContext` holding exactly `baggage` (none at all for {@link EMPTY_BAGGAGE}), so that span
 * processors and OTel code see the baggage of the OpenTracing span they run under. Returns
 * `otelContext` itself when it already holds it: no new context on the common path.
 * @internal
 */
export function withExactBaggage(otelContext: Context, baggage: Baggage): Context {
  const present = propagation.getBaggage(otelContext);
  if (baggage === EMPTY_BAGGAGE) {
    return present === undefined ? otelContext : propagation.deleteBaggage(otelContext);
  }
  return baggage === present ? otelContext : propagation.setBaggage(otelContext, baggage);
}

/** A baggage's entries as `[key, entry]` pairs, in a Map or a list. @internal */
export type BaggageEntries = Iterable<[string, BaggageEntry]>;

/**
 * A baggage's entries without copying them. The API's own Baggage keeps them in a Map (its
 * `_entries`), which iterates as `getAllEntries()`'s pairs do and is never changed (a Baggage is
 * immutable); `getAllEntries()` copies that Map into a new array on every call, which costs many
 * times more than iterating it (docs/performance.md). Any other Baggage is asked for its list.
 * @internal
 */
export function baggageEntries(baggage: Baggage): BaggageEntries {
  const entries = (baggage as { _entries?: unknown })._entries;
  return entries instanceof Map ? (entries as Map<string, BaggageEntry>) : baggage.getAllEntries();
}

/** Whether a baggage has no entry, without copying its entries. @internal */
export function isEmptyBaggage(baggage: Baggage): boolean {
  for (const _ of baggageEntries(baggage)) return false;
  return true;
}
