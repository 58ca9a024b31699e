// A span started under the incoming headers, handed to functions: each call runs with the
// incoming baggage in the active context, where the child it starts, and what it injects, find it.
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { propagation, type Span } from '@opentelemetry/api';

const tracer = otelTrace.getTracer('svc');

function charge(span: Span, carrier: Record<string, string>): void {
  const child = tracer.startSpan('charge', {}, otelTrace.setSpan(otelContext.active(), span));
  propagation.inject(otelTrace.setSpan(otelContext.active(), child), carrier);
  child.end();
}

// Starts a span without a parent: under whatever span is active where it is called.
function flush(span: Span): void {
  span.setAttribute('flushed', true);
  tracer.startSpan('flush').end();
}

async function audit(span: Span): Promise<void> {
  await Promise.resolve();
  tracer.startSpan('audit', {}, otelTrace.setSpan(otelContext.active(), span)).end();
  tracer.startSpan('audit-link', { links: [{ context: span.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } }] }, otelTrace.setSpan(otelContext.active(), span)).end();
}

export async function run(): Promise<string | undefined> {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = propagation.extract(otelContext.active(), headers);
  const span = tracer.startSpan('request', {}, parent);
  const spanBaggage = propagation.getBaggage(parent) ?? propagation.createBaggage();
  const carrier: Record<string, string> = {};
  otelContext.with(propagation.setBaggage(otelContext.active(), spanBaggage), () => charge(span, carrier));
  await otelContext.with(propagation.setBaggage(otelContext.active(), spanBaggage), () => audit(span));
  // Called under another active span (an instrumented library's, say): `flush` stays its child.
  const db = otelTrace.getTracer('db').startSpan('db.query');
  otelContext.with(otelTrace.setSpan(otelContext.active(), db), () => otelContext.with(propagation.setBaggage(otelContext.active(), spanBaggage), () => flush(span)));
  db.end();
  span.end();
  // The ids differ from run to run: the baggage the child injected is what is compared.
  if (carrier.baggage === undefined) throw new Error('the child injected no baggage');
  return carrier.baggage;
}
