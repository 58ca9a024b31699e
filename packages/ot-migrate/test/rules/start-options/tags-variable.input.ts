// Tags given by a variable: the `const` declared with them becomes the attributes where it stands
// (its values are read when they were), and the span's kind comes from it.
import { Span, Tags, globalTracer } from 'opentracing';

const tracer = globalTracer();

function consume(topic: string, id: string, batch?: Span): Span {
  const tags = {
    [Tags.SPAN_KIND]: Tags.SPAN_KIND_MESSAGING_CONSUMER,
    [Tags.MESSAGE_BUS_DESTINATION]: topic,
    'messaging.message.id': id,
  };
  let span: Span;
  if (batch) {
    span = tracer.startSpan(`${topic} process`, { childOf: batch, tags });
  } else {
    span = tracer.startSpan(`${topic} process`, { tags });
  }
  return span;
}

function peer(host: string): void {
  const common = { [Tags.PEER_HOSTNAME]: host, 'peer.port': 5432 };
  const span = tracer.startSpan('query', { tags: common });
  span.finish();
}

export function run(): void {
  const batch = tracer.startSpan('batch');
  consume('orders', 'm1', batch).finish();
  consume('orders', 'm2').finish();
  batch.finish();
  peer('db.local');
}
