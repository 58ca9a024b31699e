import type { Context } from '@opentelemetry/api';
import { createContextKey } from './otel-api';

/**
 * The attribute a span gets when its parent context arrived in a legacy wire format: the names of
 * those formats (`jaeger`, `b3`, `b3multi`, `ottrace`) that carried it. It tells a migration which
 * callers still send legacy headers (`ot-migrate traces` counts it per service).
 */
export const PROPAGATION_FORMAT_ATTRIBUTE = 'opentracing.propagation.format';

/** The formats whose headers predate W3C Trace Context. @internal */
export const LEGACY_FORMATS: ReadonlySet<string> = new Set(['jaeger', 'b3', 'b3multi', 'ottrace']);

/** Where extract leaves the legacy formats that carried the span context. @internal */
export const LEGACY_FORMATS_KEY = createContextKey('opentracing-otel-bridge legacy wire formats');

/** The legacy formats that carried a context's span context, if any. @internal */
export function legacyFormatsOf(otelContext: Context): readonly string[] | undefined {
  const value = otelContext.getValue(LEGACY_FORMATS_KEY);
  return Array.isArray(value) ? (value as readonly string[]) : undefined;
}
