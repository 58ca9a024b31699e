// Tags given under a condition, spread into the tags at start (`...(full ? { … } : {})`): each
// branch becomes attributes.
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function query(text: string, full: boolean): void {
  const span = tracer.startSpan('query', {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.namespace': 'accounts',
      ...(full ? { 'db.query.text': text, 'server.address': 'db' } : {}),
    },
  });
  span.end();
}

export function run(): void {
  query('SELECT 1', true);
  query('SELECT 2', false);
}
