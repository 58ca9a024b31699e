// A span with two references, one of them to the request's span started under the incoming
// headers: its children and what they inject keep the incoming baggage, as the bridge merges the
// references' baggage.
import { FORMAT_HTTP_HEADERS, childOf, followsFrom, globalTracer } from 'opentracing';

const tracer = globalTracer();

export function run(): string {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const request = tracer.startSpan('request', { childOf: parent ?? undefined });
  const earlier = tracer.startSpan('earlier');
  earlier.finish();
  const step = tracer.startSpan('step', { references: [childOf(request), followsFrom(earlier)] });
  const carrier: Record<string, string> = {};
  tracer.inject(step, FORMAT_HTTP_HEADERS, carrier);
  step.finish();
  request.finish();
  // The ids differ from run to run: the baggage injected is what is compared.
  if (carrier.baggage === undefined) throw new Error('the step injected no baggage');
  return carrier.baggage;
}
