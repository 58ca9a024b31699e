// `span?.context()` of a span that may be missing, where a SpanContext (or nothing) is expected:
// `span?.spanContext()`, an OpenTelemetry SpanContext as the types say after the rewrite.
import { trace, type Span, type SpanContext } from '@opentelemetry/api';

function contextOf(span: Span | undefined): SpanContext | undefined {
  return span?.spanContext();
}

export function run(): boolean[] {
  const span = trace.getTracer('svc').startSpan('held');
  const held = contextOf(span);
  const none = contextOf(undefined);
  span.setAttribute('has.context', held !== undefined);
  span.end();
  return [held !== undefined, none !== undefined, (held?.spanId ?? '').length === 16];
}
