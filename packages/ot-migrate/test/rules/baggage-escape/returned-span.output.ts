// An interceptor starts the call's span in a private method, which returns it; the interceptor
// keeps it for handlers (`spans.set`) and calls `next`: the method returns the incoming baggage
// with the span, and `next` runs with it, so a handler's client call injects it.
import { context, propagation, trace, type Baggage, type Span, type Tracer } from '@opentelemetry/api';

interface Call {
  metadata: Record<string, string>;
}

const spans = new WeakMap<Call, Span>();

class ServerInterceptor {
  constructor(private readonly tracer: Tracer) {}

  async intercept(call: Call, next: (call: Call) => Promise<void>): Promise<void> {
    const { span, baggage: spanBaggage2 } = this.spanFor(call);
    spans.set(call, span);
    await context.with(propagation.setBaggage(context.active(), spanBaggage2), () => next(call));
    span.end();
  }

  private spanFor(call: Call): { span: Span; baggage: Baggage } {
    const parent = propagation.extract(context.active(), call.metadata);
    const span = this.tracer.startSpan('serve', {}, parent);
    const spanBaggage = propagation.getBaggage(parent) ?? propagation.createBaggage();
    span.setAttribute('tenant', propagation.getBaggage(parent)?.getEntry('tenant')?.value ?? 'none');
    return { span, baggage: spanBaggage };
  }
}

export async function run(): Promise<string | undefined> {
  const tracer = trace.getTracer('svc');
  const carrier: Record<string, string> = {};
  const call: Call = {
    metadata: {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      baggage: 'tenant=acme',
    },
  };
  await new ServerInterceptor(tracer).intercept(call, async (current) => {
    await Promise.resolve();
    const parent2 = spans.get(current);
    const client = tracer.startSpan('client', {}, parent2 ? trace.setSpan(context.active(), parent2) : undefined);
    propagation.inject(trace.setSpan(context.active(), client), carrier);
    client.end();
  });
  if (carrier.baggage === undefined) throw new Error('the client injected no baggage');
  return carrier.baggage;
}
