// `childOf` values the bridge takes by their type: a span context, a span or a span context, a
// call giving a span or nothing (read once, as it was).
import { Span, SpanContext, Tracer, globalTracer } from 'opentracing';

const tracer: Tracer = globalTracer();
let current: Span | undefined;
let calls = 0;

interface Job {
  spanContext: SpanContext;
}

function currentSpan(): Span | undefined {
  calls++;
  return current;
}

function fromContext(job: Job): void {
  const span = tracer.startSpan('from context', { childOf: job.spanContext });
  span.finish();
}

function fromEither(parent?: Span | SpanContext): void {
  const span = tracer.startSpan('from either', { childOf: parent, tags: { 'job.kind': 'x' } });
  span.finish();
}

function fromCall(): Span {
  return tracer.startSpan('from call', { childOf: currentSpan() });
}

export function run(): number {
  const root = tracer.startSpan('root');
  fromContext({ spanContext: root.context() });
  fromEither(root);
  fromEither(root.context());
  fromEither();
  fromCall().finish();
  current = root;
  fromCall().finish();
  root.finish();
  return calls;
}
