import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isSpanContextValid, propagation, trace } from '../internal/otel-api';
import type * as OtTraceModule from '@opentelemetry/propagator-ot-trace';
import { extractLegacyFormat, withHeaderSafeBaggage } from './legacy-baggage';

const KEYS_AND_VALUES = { values: true };

/**
 * OpenTracing's basic-tracer format (`ot-tracer-traceid`, `ot-tracer-spanid`, `ot-tracer-sampled`,
 * `ot-baggage-*`) of `@opentelemetry/propagator-ot-trace`. That propagator drops baggage items
 * whose key or value is not header-safe; here they are percent-encoded instead, and decoded on
 * extract, so none is lost. The format carries 64-bit trace ids: the high half of a 128-bit id is
 * not sent.
 * @internal
 */
export class OtTraceFormat implements TextMapPropagator {
  private readonly _inner: TextMapPropagator;
  private readonly _baggagePrefix: string;

  /** @param otTrace - `@opentelemetry/propagator-ot-trace`, loaded by the caller. */
  constructor(otTrace: typeof OtTraceModule) {
    this._inner = new otTrace.OTTracePropagator();
    this._baggagePrefix = otTrace.OT_BAGGAGE_PREFIX;
  }

  inject(otelContext: Context, carrier: unknown, setter: TextMapSetter): void {
    const safe = withHeaderSafeBaggage(otelContext, KEYS_AND_VALUES);
    if (hasValidSpanContext(otelContext)) return this._inner.inject(safe, carrier, setter);
    // The OT propagator writes baggage only next to a valid span context; the OpenTracing
    // compatibility rules want baggage written regardless, so we write the items ourselves.
    for (const [key, entry] of propagation.getBaggage(safe)?.getAllEntries() ?? []) {
      setter.set(carrier, `${this._baggagePrefix}${key}`, entry.value);
    }
  }

  extract(otelContext: Context, carrier: unknown, getter: TextMapGetter): Context {
    // The bridge reads the baggage items itself, with or without a valid span context (the OT
    // propagator reads them only next to one).
    return extractLegacyFormat(this._inner, otelContext, carrier, getter, this._baggagePrefix);
  }

  fields(): string[] {
    return this._inner.fields();
  }
}

function hasValidSpanContext(otelContext: Context): boolean {
  const spanContext = trace.getSpanContext(otelContext);
  return spanContext !== undefined && isSpanContextValid(spanContext);
}
