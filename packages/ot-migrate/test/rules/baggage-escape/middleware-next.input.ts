// A middleware keeps the request's span on the request and hands it on with `next()`: what runs in
// `next` starts a client call from `req.span` and injects it, so it runs with the incoming baggage,
// and reads the baggage through the span.
import { FORMAT_HTTP_HEADERS, Tags, globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

const tracer = globalTracer();

interface Request {
  headers: Record<string, string>;
  span?: Span;
}

function tracing(req: Request, next: () => void): void {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, req.headers);
  const span = tracer.startSpan('request', {
    childOf: parent ?? undefined,
    tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER },
  });
  req.span = span;
  next();
  span.finish();
}

function handler(req: Request, carrier: Record<string, string>): void {
  const span = req.span;
  span?.setTag('tenant', span?.getBaggageItem('tenant') ?? 'none');
  const call = tracer.startSpan('call', { childOf: req.span });
  tracer.inject(call, FORMAT_HTTP_HEADERS, carrier);
  call.finish();
}

export function run(): string | undefined {
  const req: Request = {
    headers: {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      baggage: 'tenant=acme',
    },
  };
  const carrier: Record<string, string> = {};
  tracing(req, () => handler(req, carrier));
  if (carrier.baggage === undefined) throw new Error('the call injected no baggage');
  return carrier.baggage;
}
