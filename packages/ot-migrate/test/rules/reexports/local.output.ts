// OpenTracing's types imported, then exported as types under their names.
import { trace, type Span, type SpanContext } from '@opentelemetry/api';

export type { Span, SpanContext as TraceContext };

export function run(): void {
  const span = trace.getTracer('svc').startSpan('ids');
  span.setAttribute('span.id.length', span.spanContext().spanId.length);
  span.end();
}
