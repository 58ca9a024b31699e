// Tags spread from a local `const` object literal: the literal becomes the attributes where it
// stands, for the kind of the spans it is spread into.
import { Tags, globalTracer } from 'opentracing';

const tracer = globalTracer();

function query(host: string, statement: string): void {
  const common = { [Tags.PEER_HOSTNAME]: host, [Tags.DB_TYPE]: 'sql', [Tags.COMPONENT]: 'pg' };
  const span = tracer.startSpan('query', {
    tags: {
      ...common,
      [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT,
      [Tags.DB_STATEMENT]: statement,
    },
  });
  span.finish();
  const retry = tracer.startSpan('retry', { tags: { [Tags.SPAN_KIND]: 'client', ...common } });
  retry.finish();
}

export function run(): void {
  query('db.local', 'SELECT 1');
}
