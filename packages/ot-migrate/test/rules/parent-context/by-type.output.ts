// `childOf` values the bridge takes by their type: a span context, a span or a span context, a
// call giving a span or nothing (read once, as it was).
import { context, trace, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';

const tracer: Tracer = trace.getTracer('svc');
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
  const span = tracer.startSpan('from context', {}, trace.setSpanContext(context.active(), job.spanContext));
  span.end();
}

function fromEither(parent?: Span | SpanContext): void {
  const span = tracer.startSpan('from either', { attributes: { 'job.kind': 'x' } }, parent ? ('spanContext' in parent ? trace.setSpan(context.active(), parent) : trace.setSpanContext(context.active(), parent)) : undefined);
  span.end();
}

function fromCall(): Span {
  const parent2 = currentSpan();
  return tracer.startSpan('from call', {}, parent2 ? trace.setSpan(context.active(), parent2) : undefined);
}

export function run(): number {
  const root = tracer.startSpan('root');
  fromContext({ spanContext: root.spanContext() });
  fromEither(root);
  fromEither(root.spanContext());
  fromEither();
  fromCall().end();
  current = root;
  fromCall().end();
  root.end();
  return calls;
}
