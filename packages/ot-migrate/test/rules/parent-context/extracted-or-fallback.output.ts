// `childOf: parent || this.current`: the caller's trace when the headers carry one (or baggage),
// else the span the service keeps for requests without one.
import { context, propagation, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

class Handler {
  current: Span | undefined = tracer.startSpan('warm-up');

  handle(headers: Record<string, string> | undefined): string {
    const parent = headers ? propagation.extract(context.active(), headers) : undefined;
    const parentContext = parent && (trace.getSpanContext(parent) || propagation.getBaggage(parent)) ? parent : this.current ? trace.setSpan(context.active(), this.current) : context.active();
    const span = tracer.startSpan('request', {}, parentContext);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(parentContext, span), carrier);
    span.end();
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
  handler.current?.end();
  return results;
}
