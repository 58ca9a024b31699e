import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { propagation } from '../internal/otel-api';
import { markWithinLimits, surelyWithinLimits } from './baggage-limits';
import { IncomingBaggageBuilder } from './incoming-baggage';

const BAGGAGE_HEADER = 'baggage';
const LIST_SEPARATOR = 44; // ','
const LAST_ASCII = 0x7f;

/**
 * The W3C `baggage` header, read and written by `@opentelemetry/core`'s propagator, merged with the
 * baggage formats read before it (the propagator alone replaces it). On extract, the
 * header itself often shows that the baggage read from it is within every limit (it is short and
 * ASCII, so its decoded entries are no longer and hold no lone surrogate): that baggage is marked,
 * and the boundary check does not list its entries again (`getAllEntries` is the costliest part of
 * a small extract).
 * @internal
 */
export class W3CBaggageFormat implements TextMapPropagator {
  private readonly _inner = new W3CBaggagePropagator();

  inject(otelContext: Context, carrier: unknown, setter: TextMapSetter): void {
    this._inner.inject(otelContext, carrier, setter);
  }

  extract(otelContext: Context, carrier: unknown, getter: TextMapGetter): Context {
    const before = propagation.getBaggage(otelContext);
    const extracted = this._inner.extract(otelContext, carrier, getter);
    const found = propagation.getBaggage(extracted);
    if (found === undefined || found === before) return extracted;
    if (before !== undefined) {
      // Formats read earlier (`uberctx-*`, `ot-baggage-*`) keep their items: the W3C propagator
      // alone would replace them, so the result would depend on the order of the formats. W3C
      // items win on equal keys, as a later format's do.
      const merged = IncomingBaggageBuilder.after(before);
      for (const [key, entry] of found.getAllEntries()) if (!merged.add(key, entry)) break;
      return merged.inContext(extracted);
    }
    if (headerShowsSmallBaggage(getter.get(carrier, BAGGAGE_HEADER))) markWithinLimits(found);
    return extracted;
  }

  fields(): string[] {
    return this._inner.fields();
  }
}

/** Whether the baggage read from this header surely fits every limit (see surelyWithinLimits). */
function headerShowsSmallBaggage(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text === undefined) return false;
  let members = 1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > LAST_ASCII) return false;
    if (code === LIST_SEPARATOR) members++;
  }
  return surelyWithinLimits(text.length, members);
}
