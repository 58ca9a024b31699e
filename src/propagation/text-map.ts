import type { Context, SpanContext, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';
import { EMPTY_BAGGAGE, SpanContextShim } from '../span-context';
import { carrierCodec, carrierTarget } from './carrier';
import { DEBUG_FLAG_KEY, DEBUG_FLAG_ON } from './debug-flag';

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
 * Writes a span context, its baggage and its debug flag into a text-map carrier of any supported
 * kind. Baggage is written even when the span context is not valid (OpenTelemetry specification,
 * OpenTracing compatibility: Inject).
 * @internal
 */
export function injectTextMap(codec: TextMapCodec, shim: SpanContextShim, carrier: object): void {
  let otelContext = ROOT_CONTEXT;
  const spanContext = shim.getSpanContext();
  if (isSpanContextValid(spanContext)) otelContext = trace.setSpanContext(otelContext, spanContext);
  const baggage = shim.getBaggage();
  if (baggage !== EMPTY_BAGGAGE) otelContext = propagation.setBaggage(otelContext, baggage);
  if (shim.isDebug()) otelContext = otelContext.setValue(DEBUG_FLAG_KEY, DEBUG_FLAG_ON);
  const target = carrierTarget(carrier, true);
  codec.inject(otelContext, target, carrierCodec(target).setter);
}

/**
 * Reads a span context, baggage and debug flag from a text-map carrier of any supported kind.
 * Returns `null` only when there is neither a valid span context nor any baggage (OpenTelemetry
 * specification: Extract).
 * @internal
 */
export function extractTextMap(codec: TextMapCodec, carrier: object): SpanContextShim | null {
  const target = carrierTarget(carrier, false);
  const otelContext = codec.extract(ROOT_CONTEXT, target, carrierCodec(target).getter);
  const spanContext = trace.getSpanContext(otelContext);
  const baggage = propagation.getBaggage(otelContext);
  const hasSpanContext = spanContext !== undefined && isSpanContextValid(spanContext);
  const hasBaggage = baggage !== undefined && baggage.getAllEntries().length > 0;
  if (!hasSpanContext && !hasBaggage) return null;
  return new SpanContextShim(
    hasSpanContext ? withLowerCaseIds(spanContext) : INVALID_SPAN_CONTEXT,
    hasBaggage ? baggage : EMPTY_BAGGAGE,
    hasSpanContext && otelContext.getValue(DEBUG_FLAG_KEY) === DEBUG_FLAG_ON,
  );
}

const UPPER_CASE_HEX = /[A-F]/;

/**
 * OpenTelemetry's id checks ignore case, and some propagators (OT trace) pass upper-case hex
 * through. Ids are lower-case everywhere else, so a mixed-case id would no longer match its own
 * trace in a backend: normalise it here.
 */
function withLowerCaseIds(spanContext: SpanContext): SpanContext {
  if (!UPPER_CASE_HEX.test(spanContext.traceId) && !UPPER_CASE_HEX.test(spanContext.spanId)) {
    return spanContext;
  }
  return {
    ...spanContext,
    traceId: spanContext.traceId.toLowerCase(),
    spanId: spanContext.spanId.toLowerCase(),
  };
}
