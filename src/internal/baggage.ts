import type { Baggage, Context } from '@opentelemetry/api';
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
