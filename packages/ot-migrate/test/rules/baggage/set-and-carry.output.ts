// Baggage set on a span reaches its children and what is injected from it; read where it is.
import { context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function handle(incoming: Record<string, string>, user: string): Record<string, unknown> {
  const parent = propagation.extract(context.active(), incoming);
  const span = tracer.startSpan('handle', {}, parent);
  const before: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), before);
  const spanCtx = propagation.setBaggage(parent, (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry('user.id', { value: user }).setEntry('tenant', { value: 'acme' }));
  span.setAttribute('tenant', propagation.getBaggage(spanCtx)?.getEntry('tenant')?.value ?? 'none');
  const child = tracer.startSpan('load', {}, trace.setSpan(spanCtx, span));
  child.setAttribute('user', propagation.getBaggage(spanCtx)?.getEntry('user.id')?.value ?? 'none');
  const outgoing: Record<string, string> = {};
  propagation.inject(trace.setSpan(spanCtx, child), outgoing);
  const spanCtx2 = propagation.setBaggage(spanCtx, (propagation.getBaggage(spanCtx) ?? propagation.createBaggage()).setEntry('step', { value: 'after' }));
  const last = tracer.startSpan('store', {}, trace.setSpan(spanCtx2, span));
  const stored: Record<string, string> = {};
  propagation.inject(trace.setSpan(spanCtx2, last), stored);
  last.end();
  child.end();
  span.end();
  return {
    before: before.baggage,
    outgoing: outgoing.baggage,
    stored: stored.baggage,
    read: propagation.getBaggage(spanCtx2)?.getEntry('user.id')?.value,
    incoming: propagation.getBaggage(spanCtx2)?.getEntry('from.client')?.value,
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
