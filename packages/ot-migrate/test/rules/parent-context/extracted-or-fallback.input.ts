// `childOf: parent || this.current`: the caller's trace when the headers carry one (or baggage),
// else the span the service keeps for requests without one.
import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

const tracer = globalTracer();

class Handler {
  current: Span | undefined = tracer.startSpan('warm-up');

  handle(headers: Record<string, string> | undefined): string {
    const parent = headers ? tracer.extract(FORMAT_HTTP_HEADERS, headers) : undefined;
    const span = tracer.startSpan('request', { childOf: parent || this.current });
    const carrier: Record<string, string> = {};
    tracer.inject(span, FORMAT_HTTP_HEADERS, carrier);
    span.finish();
    return carrier.baggage ?? '';
  }
}

export function run(): string[] {
  const handler = new Handler();
  const results = [
    handler.handle({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      baggage: 'tenant=acme',
    }),
    handler.handle({ baggage: 'tenant=only-baggage' }),
    handler.handle({}),
    handler.handle(undefined),
  ];
  handler.current?.finish();
  return results;
}
