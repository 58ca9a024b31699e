import { SpanStatusCode } from '../internal/otel-api';

/**
 * Reads the OpenTracing `error` tag as an OpenTelemetry status code: `true` (or the text `'true'`)
 * is ERROR, `false` (or `'false'`) is OK. Any other value returns `undefined`, meaning "not a
 * status": the caller keeps it as an ordinary attribute instead of losing it.
 * @internal
 */
export function errorTagToStatusCode(value: unknown): SpanStatusCode | undefined {
  if (value === true || value === 'true') return SpanStatusCode.ERROR;
  if (value === false || value === 'false') return SpanStatusCode.OK;
  return undefined;
}
