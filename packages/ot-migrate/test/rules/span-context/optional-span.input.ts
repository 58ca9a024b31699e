// `span?.context()` of a span that may be missing, where a SpanContext (or nothing) is expected:
// `span?.spanContext()`, an OpenTelemetry SpanContext as the types say after the rewrite.
import { Span, SpanContext, globalTracer } from 'opentracing';

function contextOf(span: Span | undefined): SpanContext | undefined {
  return span?.context();
}

export function run(): boolean[] {
  const span = globalTracer().startSpan('held');
  const held = contextOf(span);
  const none = contextOf(undefined);
  span.setTag('has.context', held !== undefined);
  span.finish();
  return [held !== undefined, none !== undefined, (held?.toSpanId() ?? '').length === 16];
}
