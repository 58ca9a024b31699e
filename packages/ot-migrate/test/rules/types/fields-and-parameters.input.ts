// OpenTracing types in interface fields, type arguments, parameters and `import()` types.
import type { Span, SpanContext, Tracer } from 'opentracing';
import { globalTracer } from 'opentracing';

interface Job {
  readonly name: string;
  server?: Tracer;
  readonly spanContext?: SpanContext;
  spans: Span[];
  open: Map<string, Span>;
  onDone?: (span: Span) => void;
}

let last: import('opentracing').Span | undefined;

function ids(spanContext: SpanContext): string {
  return `${spanContext.toTraceId()}/${spanContext.toSpanId()}`;
}

function work(job: Job, server?: Tracer): void {
  if (!server) return;
  const span = server.startSpan(job.name, { tags: { queued: job.spans.length + job.open.size } });
  const spanContext = span.context();
  span.setTag('ids.length', ids(spanContext).length);
  last = span;
  last.finish();
}

export function run(): void {
  work({ name: 'nightly', spans: [], open: new Map() }, globalTracer());
}
