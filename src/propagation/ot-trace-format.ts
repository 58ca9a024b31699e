import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { OTTracePropagator } from '@opentelemetry/propagator-ot-trace';
import { extractDecodedBaggage, withHeaderSafeBaggage } from './legacy-baggage';

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
  private readonly _inner = new OTTracePropagator();

  inject(otelContext: Context, carrier: unknown, setter: TextMapSetter): void {
    this._inner.inject(withHeaderSafeBaggage(otelContext, KEYS_AND_VALUES), carrier, setter);
  }

  extract(otelContext: Context, carrier: unknown, getter: TextMapGetter): Context {
    return extractDecodedBaggage(this._inner, otelContext, carrier, getter, KEYS_AND_VALUES);
  }

  fields(): string[] {
    return this._inner.fields();
  }
}
