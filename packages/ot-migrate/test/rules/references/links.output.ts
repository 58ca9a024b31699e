// References: the parent the bridge picks, and the links it makes of the others.
import { context, propagation, trace, type Span, type SpanContext } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function batch(first: Span, second: Span, queued: SpanContext, maybe?: Span): void {
  tracer.startSpan('follows', { links: [{ context: first.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } }] }, trace.setSpan(context.active(), first)).end();
  tracer.startSpan('both', { links: [{ context: second.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } }] }, trace.setSpan(context.active(), first)).end();
  tracer
    .startSpan('constructed', {
      links: [{ context: second.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } }],
    }, trace.setSpanContext(context.active(), queued))
    .end();
  tracer.startSpan('maybe', { links: [{ context: first.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } }] }, maybe ? trace.setSpan(context.active(), maybe) : trace.setSpan(context.active(), first)).end();
  tracer.startSpan('with childOf', { links: [{ context: second.spanContext(), attributes: { 'opentracing.ref_type': 'child_of' } }] }, trace.setSpan(context.active(), first)).end();
}

function consume(headers: Record<string, string>, current: Span): void {
  const producer = propagation.extract(context.active(), headers);
  const producerSpanContext = trace.getSpanContext(producer);
  const span = tracer.startSpan('consume', {
    links: producerSpanContext?.isRemote ? [{ context: producerSpanContext, attributes: { 'opentracing.ref_type': 'follows_from' } }] : [],
  }, producer);
  const after = tracer.startSpan('after', { links: producerSpanContext?.isRemote ? [{ context: current.spanContext(), attributes: { 'opentracing.ref_type': 'child_of' } }] : [] }, producerSpanContext?.isRemote ? producer : trace.setSpan(context.active(), current));
  after.end();
  span.end();
}

export function run(): void {
  const first = tracer.startSpan('first');
  const second = tracer.startSpan('second');
  const queued = tracer.startSpan('queued');
  batch(first, second, queued.spanContext());
  batch(first, second, queued.spanContext(), queued);
  consume({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, first);
  consume({}, second);
  queued.end();
  second.end();
  first.end();
}
