import type { BaggageEntry, Context, TextMapGetter, TextMapPropagator } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import { decodeHeaderText, encodeHeaderName, encodeHeaderValue } from './header-safety';
import { IncomingBaggageBuilder } from './incoming-baggage';

/**
 * Baggage in the legacy formats travels as one header per item (`uberctx-<key>`,
 * `ot-baggage-<key>`), so the key becomes part of a header name. The official propagators write
 * keys as they are (Jaeger) or silently drop items that are not header-safe (OT). These helpers
 * percent-encode what is not header-safe before the propagator sees it, and decode it after an
 * extract, so every item arrives, and none is written raw.
 */

/** Which parts of an item to encode: keys always; values when the format has no encoding of its own. */
export interface LegacyBaggageEncoding {
  values: boolean;
}

/**
 * A context whose baggage has header-safe keys (and values, when asked). Returns `otelContext`
 * itself when nothing needs encoding.
 * @internal
 */
export function withHeaderSafeBaggage(
  otelContext: Context,
  encoding: LegacyBaggageEncoding,
): Context {
  const baggage = propagation.getBaggage(otelContext);
  if (baggage === undefined) return otelContext;
  const entries = baggage.getAllEntries();
  let encoded: Record<string, BaggageEntry> | undefined;
  for (let index = 0; index < entries.length; index++) {
    const [key, entry] = entries[index];
    const safeKey = encodeHeaderName(key);
    const safeValue = encoding.values ? encodeHeaderValue(entry.value) : entry.value;
    if (encoded === undefined) {
      if (safeKey === key && safeValue === entry.value) continue;
      // The first item that needs encoding: the ones before it are copied as they are.
      // No prototype: a key `__proto__` is an entry like any other.
      encoded = Object.create(null) as Record<string, BaggageEntry>;
      for (let before = 0; before < index; before++)
        encoded[entries[before][0]] = entries[before][1];
    }
    encoded[safeKey] = safeValue === entry.value ? entry : { ...entry, value: safeValue };
  }
  return encoded === undefined
    ? otelContext
    : propagation.setBaggage(otelContext, propagation.createBaggage(encoded));
}

/**
 * Hands a propagator the trace headers of a carrier but no key list, so it reads no
 * one-header-per-item baggage: {@link extractLegacyFormat} reads that itself.
 */
class TraceHeadersOnly<Carrier> implements TextMapGetter<Carrier> {
  constructor(private readonly _getter: TextMapGetter<Carrier>) {}

  get(carrier: Carrier, key: string): string | string[] | undefined {
    return this._getter.get(carrier, key);
  }

  keys(): string[] {
    return [];
  }
}

/**
 * Extracts a legacy format: the trace headers through `inner` (the official propagator), the
 * baggage items (`<prefix><key>` headers) here, in one pass that stops at the W3C limits. The
 * official propagators copy the whole baggage map for each item they add, which makes a hostile
 * carrier with thousands of items cost seconds. Keys and values are percent-decoded (text that is
 * not valid percent-encoding is kept as it is). Baggage already in `otelContext` (from formats
 * extracted before this one) is kept; this format's items win on equal keys.
 * @internal
 */
export function extractLegacyFormat<Carrier>(
  inner: TextMapPropagator,
  otelContext: Context,
  carrier: Carrier,
  getter: TextMapGetter<Carrier>,
  prefix: string,
): Context {
  const extracted = inner.extract(otelContext, carrier, new TraceHeadersOnly(getter));
  // Made on this format's first item only: without one, the earlier baggage is not listed again.
  let builder: IncomingBaggageBuilder | undefined;
  for (const key of getter.keys(carrier)) {
    const lowerKey = key.toLowerCase();
    if (lowerKey.length <= prefix.length || !lowerKey.startsWith(prefix)) continue;
    const raw = getter.get(carrier, key);
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value !== 'string') continue;
    builder ??= IncomingBaggageBuilder.after(propagation.getBaggage(otelContext));
    const itemKey = decodeHeaderText(lowerKey.slice(prefix.length));
    if (!builder.add(itemKey, { value: decodeHeaderText(value) })) break;
  }
  // No item of this format: the propagator left the baggage as it was.
  return builder === undefined ? extracted : builder.inContext(extracted);
}
