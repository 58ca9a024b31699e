// A server span kept in AsyncLocalStorage while the request is served (as instrumentation packages
// do): the request runs with the incoming baggage in the active context, so the client span started
// from the store, and what it injects, keep it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, propagation, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');
const current = new AsyncLocalStorage<Span>();

function runInSpan<T>(span: Span, work: () => T): T {
  return current.run(span, work);
}

async function callDownstream(carrier: Record<string, string>): Promise<void> {
  await Promise.resolve();
  const parent2 = current.getStore();
  const client = tracer.startSpan('downstream', {}, parent2 ? trace.setSpan(context.active(), parent2) : undefined);
  propagation.inject(trace.setSpan(context.active(), client), carrier);
  client.end();
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
  await context.with(propagation.setBaggage(context.active(), spanBaggage), () => runInSpan(span, () => callDownstream(carrier)));
  span.end();
  if (carrier.baggage === undefined) throw new Error('the client injected no baggage');
  return carrier.baggage;
}
