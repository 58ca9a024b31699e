// A span started under the incoming headers, handed to functions: each call runs with the
// incoming baggage in the active context, where the child it starts, and what it injects, find it.
import { context, propagation, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function charge(span: Span, carrier: Record<string, string>): void {
  const child = tracer.startSpan('charge', {}, trace.setSpan(context.active(), span));
  propagation.inject(trace.setSpan(context.active(), child), carrier);
  child.end();
}

async function audit(span: Span): Promise<void> {
  await Promise.resolve();
  tracer.startSpan('audit', {}, trace.setSpan(context.active(), span)).end();
  tracer.startSpan('audit-link', { links: [{ context: span.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } }] }, trace.setSpan(context.active(), span)).end();
}

export async function run(): Promise<string | undefined> {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = propagation.extract(context.active(), headers);
  const span = tracer.startSpan('request', {}, parent);
  const spanBaggage = propagation.getBaggage(parent) ?? propagation.createBaggage();
  const carrier: Record<string, string> = {};
  context.with(propagation.setBaggage(context.active(), spanBaggage), () => charge(span, carrier));
  await context.with(propagation.setBaggage(context.active(), spanBaggage), () => audit(span));
  span.end();
  // The ids differ from run to run: the baggage the child injected is what is compared.
  if (carrier.baggage === undefined) throw new Error('the child injected no baggage');
  return carrier.baggage;
}
