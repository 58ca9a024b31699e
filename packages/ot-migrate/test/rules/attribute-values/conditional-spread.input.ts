// Tags given under a condition, spread into the tags at start (`...(full ? { … } : {})`): each
// branch becomes attributes.
import { Tags, globalTracer } from 'opentracing';

const tracer = globalTracer();

function query(text: string, full: boolean): void {
  const span = tracer.startSpan('query', {
    tags: {
      [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT,
      [Tags.DB_INSTANCE]: 'accounts',
      ...(full ? { [Tags.DB_STATEMENT]: text, [Tags.PEER_HOSTNAME]: 'db' } : {}),
    },
  });
  span.finish();
}

export function run(): void {
  query('SELECT 1', true);
  query('SELECT 2', false);
}
