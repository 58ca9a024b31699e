// OpenTracing types in interface fields, type arguments, parameters and `import()` types.
import { trace, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';

interface Job {
  readonly name: string;
  server?: Tracer;
  readonly spanContext?: SpanContext;
  spans: Span[];
  open: Map<string, Span>;
  onDone?: (span: Span) => void;
}

let last: import('@opentelemetry/api').Span | undefined;

function ids(spanContext: SpanContext): string {
  return `${spanContext.traceId}/${spanContext.spanId}`;
}

function work(job: Job, server?: Tracer): void {
  if (!server) return;
  const span = server.startSpan(job.name, { attributes: { queued: job.spans.length + job.open.size } });
  const spanContext = span.spanContext();
  span.setAttribute('ids.length', ids(spanContext).length);
  last = span;
  last.end();
}

export function run(): void {
  work({ name: 'nightly', spans: [], open: new Map() }, trace.getTracer('svc'));
}
