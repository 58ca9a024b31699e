// A server span kept in AsyncLocalStorage while the request is served (as instrumentation packages
// do): the request runs with the incoming baggage in the active context, so the client span started
// from the store, and what it injects, keep it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

const tracer = globalTracer();
const current = new AsyncLocalStorage<Span>();

function runInSpan<T>(span: Span, work: () => T): T {
  return current.run(span, work);
}

async function callDownstream(carrier: Record<string, string>): Promise<void> {
  await Promise.resolve();
  const client = tracer.startSpan('downstream', { childOf: current.getStore() });
  tracer.inject(client, FORMAT_HTTP_HEADERS, carrier);
  client.finish();
}

export async function run(): Promise<string | undefined> {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('request', { childOf: parent ?? undefined });
  const carrier: Record<string, string> = {};
  await runInSpan(span, () => callDownstream(carrier));
  span.finish();
  if (carrier.baggage === undefined) throw new Error('the client injected no baggage');
  return carrier.baggage;
}
