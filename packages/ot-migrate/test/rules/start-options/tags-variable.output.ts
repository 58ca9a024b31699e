// Tags given by a variable: the `const` declared with them becomes the attributes where it stands
// (its values are read when they were), and the span's kind comes from it.
import { SpanKind, context, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function consume(topic: string, id: string, batch?: Span): Span {
  const tags = {
    'messaging.destination.name': topic,
    'messaging.message.id': id,
  };
  let span: Span;
  if (batch) {
    span = tracer.startSpan(`${topic} process`, { kind: SpanKind.CONSUMER, attributes: tags }, trace.setSpan(context.active(), batch));
  } else {
    span = tracer.startSpan(`${topic} process`, { kind: SpanKind.CONSUMER, attributes: tags });
  }
  return span;
}

function peer(host: string): void {
  const common = { 'server.address': host, 'server.port': 5432 };
  const span = tracer.startSpan('query', { attributes: common });
  span.end();
}

export function run(): void {
  const batch = tracer.startSpan('batch');
  consume('orders', 'm1', batch).end();
  consume('orders', 'm2').end();
  batch.end();
  peer('db.local');
}
