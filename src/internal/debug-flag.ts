import type { Context } from '@opentelemetry/api';
import { createContextKey } from './otel-api';

/**
 * The context key under which the B3 propagator keeps the B3 debug flag (`X-B3-Flags: 1`, or `d` in
 * the single header). `createContextKey` keys are `Symbol.for(description)`, so this is the very
 * key `@opentelemetry/propagator-b3` uses; the Jaeger format shares it for its debug bit (0x02),
 * so the flag crosses from one format to the other.
 * @internal
 */
export const DEBUG_FLAG_KEY = createContextKey('OpenTelemetry Context Key B3 Debug Flag');

/** The value the B3 propagator stores under {@link DEBUG_FLAG_KEY} when the flag is set. @internal */
export const DEBUG_FLAG_ON = '1';

/**
 * Whether an OpenTelemetry context carries the debug flag, as a propagator that reads it leaves it.
 * @internal
 */
export function hasDebugFlag(otelContext: Context): boolean {
  return otelContext.getValue(DEBUG_FLAG_KEY) === DEBUG_FLAG_ON;
}
