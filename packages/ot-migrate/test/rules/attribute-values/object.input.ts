// A value whose type is an object: the bridge sends its JSON text, OpenTelemetry would drop it.
import { globalTracer } from 'opentracing';

export function record(order: { id: string; lines: number[] }): void {
  const span = globalTracer().startSpan('order');
  span.log({ event: 'order', order });
  span.finish();
}
