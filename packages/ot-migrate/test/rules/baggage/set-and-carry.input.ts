// Baggage set on a span reaches its children and what is injected from it; read where it is.
import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';

const tracer = globalTracer();

function handle(incoming: Record<string, string>, user: string): Record<string, unknown> {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, incoming);
  const span = tracer.startSpan('handle', { childOf: parent ?? undefined });
  const before: Record<string, string> = {};
  tracer.inject(span, FORMAT_HTTP_HEADERS, before);
  span.setBaggageItem('user.id', user);
  span.setBaggageItem('tenant', 'acme');
  span.setTag('tenant', span.getBaggageItem('tenant') ?? 'none');
  const child = tracer.startSpan('load', { childOf: span });
  child.setTag('user', child.getBaggageItem('user.id') ?? 'none');
  const outgoing: Record<string, string> = {};
  tracer.inject(child, FORMAT_HTTP_HEADERS, outgoing);
  span.setBaggageItem('step', 'after');
  const last = tracer.startSpan('store', { childOf: span.context() });
  const stored: Record<string, string> = {};
  tracer.inject(last, FORMAT_HTTP_HEADERS, stored);
  last.finish();
  child.finish();
  span.finish();
  return {
    before: before.baggage,
    outgoing: outgoing.baggage,
    stored: stored.baggage,
    read: span.getBaggageItem('user.id'),
    incoming: span.getBaggageItem('from.client'),
  };
}

export function run(): unknown {
  return [
    handle({ baggage: 'from.client=yes' }, 'u-1'),
    handle(
      { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', baggage: 'a=b' },
      'u-2',
    ),
  ];
}
