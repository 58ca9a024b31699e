// A tracer used to inject, and handed on as `{ tracer }`: still used, so its declaration stays.
import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';
import type { Span, Tracer } from 'opentracing';

const tracer = globalTracer();

function startWith(deps: { tracer: Tracer }): Span {
  return deps.tracer.startSpan('work');
}

export function run(): string {
  const span = startWith({ tracer });
  const headers: Record<string, string> = {};
  tracer.inject(span, FORMAT_HTTP_HEADERS, headers);
  span.finish();
  return Object.keys(headers).join(',');
}
