// `parent ? { childOf: parent } : {}`: the parent when there is one, the active context otherwise.
import { Span, globalTracer } from 'opentracing';

const tracer = globalTracer();

function traced(name: string, parent?: Span): void {
  const span = tracer.startSpan(name, parent ? { childOf: parent } : {});
  span.finish();
}

export function run(): void {
  const root = tracer.startSpan('root');
  traced('child', root);
  traced('alone');
  root.finish();
}
