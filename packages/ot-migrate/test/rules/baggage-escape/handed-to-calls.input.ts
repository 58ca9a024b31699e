// A span started under the incoming headers, handed to functions: each call runs with the
// incoming baggage in the active context, where the child it starts, and what it injects, find it.
import { FORMAT_HTTP_HEADERS, followsFrom, globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

const tracer = globalTracer();

function charge(span: Span, carrier: Record<string, string>): void {
  const child = tracer.startSpan('charge', { childOf: span });
  tracer.inject(child.context(), FORMAT_HTTP_HEADERS, carrier);
  child.finish();
}

async function audit(span: Span): Promise<void> {
  await Promise.resolve();
  tracer.startSpan('audit', { childOf: span }).finish();
  tracer.startSpan('audit-link', { references: [followsFrom(span.context())] }).finish();
}

export async function run(): Promise<string | undefined> {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('request', { childOf: parent ?? undefined });
  const carrier: Record<string, string> = {};
  charge(span, carrier);
  await audit(span);
  span.finish();
  // The ids differ from run to run: the baggage the child injected is what is compared.
  if (carrier.baggage === undefined) throw new Error('the child injected no baggage');
  return carrier.baggage;
}
