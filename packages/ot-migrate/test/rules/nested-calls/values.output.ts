// OpenTracing calls inside the values of others: each is rewritten where it stands.
import { context, trace } from '@opentelemetry/api';

export function run(): void {
  const tracer = trace.getTracer('svc');
  const parent = tracer.startSpan('parent');
  const span = tracer.startSpan('child', {
    attributes: { 'parent.id.length': parent.spanContext().spanId.length },
  }, trace.setSpan(context.active(), parent));
  span.setAttribute('trace.id.length', parent.spanContext().traceId.length);
  span.addEvent('linked', { 'span.id.length': parent.spanContext().spanId.length });
  span.end();
  parent.end();
}
