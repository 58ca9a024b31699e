import type { Attributes, SpanStatus } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '../internal/otel-api';
import { ATTR_ERROR_TYPE } from './attribute-names';

/**
 * The span status an HTTP status code implies under OpenTelemetry's HTTP conventions: 5xx is an
 * error on every span; 4xx only on client spans (the server answered correctly: the caller
 * erred). Other codes leave the status unset. On error, `error.type` is set to the code.
 * @internal
 */
export function httpStatusToSpanStatus(
  value: unknown,
  kind: SpanKind,
  out: Attributes,
): SpanStatus | undefined {
  const code = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(code)) return undefined;
  const isError = code >= 500 || (code >= 400 && kind === SpanKind.CLIENT);
  if (!isError || code > 599) return undefined;
  out[ATTR_ERROR_TYPE] = String(code);
  return { code: SpanStatusCode.ERROR };
}
