// OpenTracing calls inside the values of others: each is rewritten where it stands.
import { globalTracer } from 'opentracing';

export function run(): void {
  const tracer = globalTracer();
  const parent = tracer.startSpan('parent');
  const span = tracer.startSpan('child', {
    childOf: parent,
    tags: { 'parent.id.length': parent.context().toSpanId().length },
  });
  span.setTag('trace.id.length', parent.context().toTraceId().length);
  span.log({ event: 'linked', 'span.id.length': parent.context().toSpanId().length });
  span.finish();
  parent.finish();
}
