// An extracted context that is `null` without a carrier: `undefined` after the rewrite, which
// starts the span under the active context as the bridge did without a parent.
import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';

const tracer = globalTracer();

function handle(headers: Record<string, string> | undefined): void {
  const parent = headers ? tracer.extract(FORMAT_HTTP_HEADERS, headers) : null;
  const span = tracer.startSpan('handle', { childOf: parent ?? undefined });
  span.finish();
}

export function run(): void {
  handle({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  handle({});
  handle(undefined);
}
