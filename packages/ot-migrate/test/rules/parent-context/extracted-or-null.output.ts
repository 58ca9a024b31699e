// An extracted context that is `null` without a carrier: `undefined` after the rewrite, which
// starts the span under the active context as the bridge did without a parent.
import { context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function handle(headers: Record<string, string> | undefined): void {
  const parent = headers ? propagation.extract(context.active(), headers) : undefined;
  const span = tracer.startSpan('handle', {}, parent);
  span.end();
}

export function run(): void {
  handle({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  handle({});
  handle(undefined);
}
