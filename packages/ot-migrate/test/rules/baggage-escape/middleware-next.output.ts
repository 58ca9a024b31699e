// A middleware keeps the request's span on the request and hands it on with `next()`: what runs in
// `next` starts a client call from `req.span` and injects it, so it runs with the incoming baggage,
// and reads the baggage through the span.
import { SpanKind, context, propagation, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

interface Request {
  headers: Record<string, string>;
  span?: Span;
}

function tracing(req: Request, next: () => void): void {
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan('request', {
    kind: SpanKind.SERVER,
  }, parent);
  const spanBaggage = propagation.getBaggage(parent) ?? propagation.createBaggage();
  req.span = span;
  context.with(propagation.setBaggage(context.active(), spanBaggage), () => next());
  span.end();
}

function handler(req: Request, carrier: Record<string, string>): void {
  const span = req.span;
  span?.setAttribute('tenant', propagation.getBaggage(context.active())?.getEntry('tenant')?.value ?? 'none');
  const call = tracer.startSpan('call', {}, req.span ? trace.setSpan(context.active(), req.span) : undefined);
  propagation.inject(trace.setSpan(context.active(), call), carrier);
  call.end();
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
