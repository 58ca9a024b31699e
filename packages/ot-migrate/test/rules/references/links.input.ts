// References: the parent the bridge picks, and the links it makes of the others.
import {
  FORMAT_HTTP_HEADERS,
  REFERENCE_FOLLOWS_FROM,
  Reference,
  Span,
  SpanContext,
  childOf,
  followsFrom,
  globalTracer,
} from 'opentracing';

const tracer = globalTracer();

function batch(first: Span, second: Span, queued: SpanContext, maybe?: Span): void {
  tracer.startSpan('follows', { references: [followsFrom(first)] }).finish();
  tracer.startSpan('both', { references: [childOf(first), followsFrom(second)] }).finish();
  tracer
    .startSpan('constructed', {
      references: [new Reference(REFERENCE_FOLLOWS_FROM, second.context()), childOf(queued)],
    })
    .finish();
  tracer.startSpan('maybe', { references: [followsFrom(first), childOf(maybe!)] }).finish();
  tracer.startSpan('with childOf', { childOf: second, references: [childOf(first)] }).finish();
}

function consume(headers: Record<string, string>, current: Span): void {
  const producer = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('consume', {
    references: producer ? [followsFrom(producer)] : [],
  });
  const after = tracer.startSpan('after', { references: [childOf(producer!), childOf(current)] });
  after.finish();
  span.finish();
}

export function run(): void {
  const first = tracer.startSpan('first');
  const second = tracer.startSpan('second');
  const queued = tracer.startSpan('queued');
  batch(first, second, queued.context());
  batch(first, second, queued.context(), queued);
  consume({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, first);
  consume({}, second);
  queued.finish();
  second.finish();
  first.finish();
}
