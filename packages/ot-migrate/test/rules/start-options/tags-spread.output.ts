// Tags spread from a local `const` object literal: the literal becomes the attributes where it
// stands, for the kind of the spans it is spread into.
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function query(host: string, statement: string): void {
  const common = { 'server.address': host, 'db.system.name': 'other_sql', component: 'pg' };
  const span = tracer.startSpan('query', {
    kind: SpanKind.CLIENT,
    attributes: {
      ...common,
      'db.query.text': statement,
    },
  });
  span.end();
  const retry = tracer.startSpan('retry', { kind: SpanKind.CLIENT, attributes: { ...common } });
  retry.end();
}

export function run(): void {
  query('db.local', 'SELECT 1');
}
