// A plugin keeps the request's span in the request context; its own callbacks start a span per
// field, under the field's parent (a Map of field spans) or the request span. Elsewhere the span is
// only tagged. The field spans get the incoming baggage, as they did (the rule test copies the
// baggage onto every span).
import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

const tracer = globalTracer();

interface RequestContext {
  span?: Span;
}

function resolver(ctx: RequestContext): void {
  ctx.span?.setTag('resolved', true);
}

function requestDidStart(headers: Record<string, string>, ctx: RequestContext) {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('request', { childOf: parent ?? undefined });
  ctx.span = span;
  const fieldSpans = new Map<string, Span>();
  return {
    willResolveField(path: string, parentPath: string) {
      const parentSpan = fieldSpans.get(parentPath) ?? ctx.span;
      const fieldSpan = tracer.startSpan(path, { childOf: parentSpan });
      fieldSpans.set(path, fieldSpan);
      return () => fieldSpan.finish();
    },
    willSendResponse() {
      const requestSpan = ctx.span;
      if (requestSpan) requestSpan.finish();
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
