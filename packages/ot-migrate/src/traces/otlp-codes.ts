// The numbers OTLP gives span kinds and status codes (opentelemetry/proto/trace/v1/trace.proto),
// as the decoder leaves them on every CollectedSpan.

/** `Span.SpanKind`. */
export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

/** `Status.StatusCode.STATUS_CODE_ERROR`. */
export const STATUS_ERROR = 2;

/** Orders text by UTF-16 code units, the same on every machine (no locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
