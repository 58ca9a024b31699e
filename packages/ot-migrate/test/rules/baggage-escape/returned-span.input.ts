// An interceptor starts the call's span in a private method, which returns it; the interceptor
// keeps it for handlers (`spans.set`) and calls `next`: the method returns the incoming baggage
// with the span, and `next` runs with it, so a handler's client call injects it.
import { FORMAT_TEXT_MAP, globalTracer } from 'opentracing';
import type { Span, Tracer } from 'opentracing';

interface Call {
  metadata: Record<string, string>;
}

const spans = new WeakMap<Call, Span>();

class ServerInterceptor {
  constructor(private readonly tracer: Tracer) {}

  async intercept(call: Call, next: (call: Call) => Promise<void>): Promise<void> {
    const span = this.spanFor(call);
    spans.set(call, span);
    await next(call);
    span.finish();
  }

  private spanFor(call: Call): Span {
    const parent = this.tracer.extract(FORMAT_TEXT_MAP, call.metadata);
    const span = this.tracer.startSpan('serve', { childOf: parent ?? undefined });
    span.setTag('tenant', span.getBaggageItem('tenant') ?? 'none');
    return span;
  }
}

export async function run(): Promise<string | undefined> {
  const tracer = globalTracer();
  const carrier: Record<string, string> = {};
  const call: Call = {
    metadata: {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      baggage: 'tenant=acme',
    },
  };
  await new ServerInterceptor(tracer).intercept(call, async (current) => {
    await Promise.resolve();
    const client = tracer.startSpan('client', { childOf: spans.get(current) });
    tracer.inject(client, FORMAT_TEXT_MAP, carrier);
    client.finish();
  });
  if (carrier.baggage === undefined) throw new Error('the client injected no baggage');
  return carrier.baggage;
}
