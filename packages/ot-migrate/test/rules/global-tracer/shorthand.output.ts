// A tracer used to inject, and handed on as `{ tracer }`: still used, so its declaration stays.
import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function startWith(deps: { tracer: Tracer }): Span {
  return deps.tracer.startSpan('work');
}

export function run(): string {
  const span = startWith({ tracer });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  span.end();
  return Object.keys(headers).join(',');
}
