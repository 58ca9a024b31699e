// `parent ? { childOf: parent } : {}`: the parent when there is one, the active context otherwise.
import { context, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function traced(name: string, parent?: Span): void {
  const span = tracer.startSpan(name, {}, parent ? trace.setSpan(context.active(), parent) : undefined);
  span.end();
}

export function run(): void {
  const root = tracer.startSpan('root');
  traced('child', root);
  traced('alone');
  root.end();
}
