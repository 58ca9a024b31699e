// A span with two references, one of them to the request's span started under the incoming
// headers: its children and what they inject keep the incoming baggage, as the bridge merges the
// references' baggage.
import { context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

export function run(): string {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = propagation.extract(context.active(), headers);
  const request = tracer.startSpan('request', {}, parent);
  const earlier = tracer.startSpan('earlier');
  earlier.end();
  const step = tracer.startSpan('step', { links: [{ context: earlier.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } }] }, trace.setSpan(parent, request));
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, step), carrier);
  step.end();
  request.end();
  // The ids differ from run to run: the baggage injected is what is compared.
  if (carrier.baggage === undefined) throw new Error('the step injected no baggage');
  return carrier.baggage;
}
