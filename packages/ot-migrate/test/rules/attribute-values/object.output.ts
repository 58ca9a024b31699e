// A value whose type is an object: the bridge sends its JSON text, OpenTelemetry would drop it.
import { globalTracer } from 'opentracing';

export function record(order: { id: string; lines: number[] }): void {
  const span = globalTracer().startSpan('order');
  // TODO(ot-migrate): the value of `order` is not a string, number or boolean: convert it by hand
  span.log({ event: 'order', order });
  span.finish();
}
