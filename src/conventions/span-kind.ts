import { SpanKind } from '../internal/otel-api';
import { Tags } from 'opentracing';

/**
 * Maps the OpenTracing `span.kind` tag value to an OpenTelemetry `SpanKind`, or `undefined` for a
 * value OpenTracing does not define. Matching ignores case (`'SERVER'` is seen in the wild).
 * @internal
 */
export function toSpanKind(value: unknown): SpanKind | undefined {
  if (typeof value !== 'string') return undefined;
  switch (value.toLowerCase()) {
    case Tags.SPAN_KIND_RPC_SERVER:
      return SpanKind.SERVER;
    case Tags.SPAN_KIND_RPC_CLIENT:
      return SpanKind.CLIENT;
    case Tags.SPAN_KIND_MESSAGING_PRODUCER:
      return SpanKind.PRODUCER;
    case Tags.SPAN_KIND_MESSAGING_CONSUMER:
      return SpanKind.CONSUMER;
    default:
      return undefined;
  }
}
