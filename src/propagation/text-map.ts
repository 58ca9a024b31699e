import type { Context, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';
import { EMPTY_BAGGAGE, SpanContextShim } from '../span-context';
import { carrierGetter, carrierSetter } from './carrier';

/**
 * What the bridge needs of a propagator: a `TextMapPropagator`, or the global `propagation` API,
 * which has the same two methods and uses whatever global propagator is set at call time.
 * @internal
 */
export interface TextMapCodec {
  inject(context: Context, carrier: unknown, setter?: TextMapSetter): void;
  extract(context: Context, carrier: unknown, getter?: TextMapGetter): Context;
}

/**
 * Writes a span context and its baggage into a text-map carrier. Baggage is written even when the
 * span context is not valid (OpenTelemetry specification, OpenTracing compatibility: Inject).
 * @internal
 */
export function injectTextMap(codec: TextMapCodec, shim: SpanContextShim, carrier: object): void {
  let otelContext = ROOT_CONTEXT;
  const spanContext = shim.getSpanContext();
  if (isSpanContextValid(spanContext)) otelContext = trace.setSpanContext(otelContext, spanContext);
  const baggage = shim.getBaggage();
  if (baggage !== EMPTY_BAGGAGE) otelContext = propagation.setBaggage(otelContext, baggage);
  codec.inject(otelContext, carrier, carrierSetter);
}

/**
 * Reads a span context and baggage from a text-map carrier. Returns `null` only when there is
 * neither a valid span context nor any baggage (OpenTelemetry specification: Extract).
 * @internal
 */
export function extractTextMap(codec: TextMapCodec, carrier: object): SpanContextShim | null {
  const otelContext = codec.extract(ROOT_CONTEXT, carrier, carrierGetter);
  const spanContext = trace.getSpanContext(otelContext);
  const baggage = propagation.getBaggage(otelContext);
  const hasSpanContext = spanContext !== undefined && isSpanContextValid(spanContext);
  const hasBaggage = baggage !== undefined && baggage.getAllEntries().length > 0;
  if (!hasSpanContext && !hasBaggage) return null;
  return new SpanContextShim(
    hasSpanContext ? spanContext : INVALID_SPAN_CONTEXT,
    hasBaggage ? baggage : EMPTY_BAGGAGE,
  );
}
