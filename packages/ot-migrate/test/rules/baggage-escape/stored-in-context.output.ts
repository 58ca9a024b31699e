// A plugin keeps the request's span in the request context; its own callbacks start a span per
// field, under the field's parent (a Map of field spans) or the request span. Elsewhere the span is
// only tagged. The field spans get the incoming baggage, as they did (the rule test copies the
// baggage onto every span).
import { context, propagation, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

interface RequestContext {
  span?: Span;
}

function resolver(ctx: RequestContext): void {
  ctx.span?.setAttribute('resolved', true);
}

function requestDidStart(headers: Record<string, string>, ctx: RequestContext) {
  const parent = propagation.extract(context.active(), headers);
  const span = tracer.startSpan('request', {}, parent);
  const spanBaggage = propagation.getBaggage(parent) ?? propagation.createBaggage();
  ctx.span = span;
  const fieldSpans = new Map<string, Span>();
  return {
    willResolveField(path: string, parentPath: string) {
      const parentSpan = fieldSpans.get(parentPath) ?? ctx.span;
      const fieldSpan = tracer.startSpan(path, {}, parentSpan ? trace.setSpan(propagation.setBaggage(context.active(), spanBaggage), parentSpan) : undefined);
      fieldSpans.set(path, fieldSpan);
      return () => fieldSpan.end();
    },
    willSendResponse() {
      const requestSpan = ctx.span;
      if (requestSpan) requestSpan.end();
    },
  };
}

export function run(): void {
  const ctx: RequestContext = {};
  const listener = requestDidStart(
    {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      baggage: 'tenant=acme',
    },
    ctx,
  );
  const done = [
    listener.willResolveField('user', ''),
    listener.willResolveField('user.name', 'user'),
  ];
  resolver(ctx);
  done.forEach((finish) => finish());
  listener.willSendResponse();
}
