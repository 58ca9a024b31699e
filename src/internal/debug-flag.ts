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
 * The context key under which the Jaeger format keeps a `jaeger-debug-id` header read without a
 * trace context: jaeger-client starts a new, sampled and debug, trace for it, tagged with the id.
 * @internal
 */
export const JAEGER_DEBUG_ID_KEY = createContextKey('opentracing-otel-bridge Jaeger debug id');

/** The attribute (jaeger-client's tag) that carries a `jaeger-debug-id` on the root span. @internal */
export const JAEGER_DEBUG_ID_ATTRIBUTE = 'jaeger-debug-id';

/** The `jaeger-debug-id` a context carries, if any. @internal */
export function debugIdOf(otelContext: Context): string | undefined {
  const value = otelContext.getValue(JAEGER_DEBUG_ID_KEY);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether an OpenTelemetry context carries the debug flag, as a propagator that reads it leaves it.
 * @internal
 */
export function hasDebugFlag(otelContext: Context): boolean {
  return otelContext.getValue(DEBUG_FLAG_KEY) === DEBUG_FLAG_ON;
}
