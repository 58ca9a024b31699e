// OpenTracing's types imported, then exported as types under their names.
import type { Span, SpanContext } from 'opentracing';
import { globalTracer } from 'opentracing';

export type { Span, SpanContext as TraceContext };

export function run(): void {
  const span = globalTracer().startSpan('ids');
  span.setTag('span.id.length', span.context().toSpanId().length);
  span.finish();
}
