import type { Baggage, Context, TextMapGetter, TextMapPropagator } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import { decodeHeaderText, encodeHeaderName, encodeHeaderValue } from './header-safety';
import { acceptIncomingBaggage } from './incoming-baggage';

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
  let encoded: Baggage | undefined;
  for (const [key, entry] of baggage.getAllEntries()) {
    const safeKey = encodeHeaderName(key);
    const safeValue = encoding.values ? encodeHeaderValue(entry.value) : entry.value;
    if (safeKey === key && safeValue === entry.value) continue;
    encoded = (encoded ?? baggage)
      .removeEntry(key)
      .setEntry(safeKey, { ...entry, value: safeValue });
  }
  return encoded === undefined ? otelContext : propagation.setBaggage(otelContext, encoded);
}

/**
 * Runs `inner.extract` and decodes the keys (and values, when asked) of the baggage it found. The
 * baggage already in `otelContext` (from formats extracted before this one) is kept; this format's
 * items win on equal keys, as they would with the propagator alone.
 * @internal
 */
export function extractDecodedBaggage<Carrier>(
  inner: TextMapPropagator,
  otelContext: Context,
  carrier: Carrier,
  getter: TextMapGetter<Carrier>,
  encoding: LegacyBaggageEncoding,
): Context {
  const before = propagation.getBaggage(otelContext);
  const extracted = inner.extract(propagation.deleteBaggage(otelContext), carrier, getter);
  const found = propagation.getBaggage(extracted);
  if (found === undefined) {
    return before === undefined ? extracted : propagation.setBaggage(extracted, before);
  }
  let merged = before ?? propagation.createBaggage();
  for (const [key, entry] of found.getAllEntries()) {
    const value = encoding.values ? decodeHeaderText(entry.value) : entry.value;
    merged = merged.setEntry(decodeHeaderText(key), { ...entry, value });
  }
  return withBoundedBaggage(extracted, merged);
}

/**
 * Sets baggage read from a legacy format, cut to the W3C limits (the W3C propagator applies them
 * to its own header; one item per header has no such bound), and none at all when it is empty.
 * @internal
 */
export function withBoundedBaggage(otelContext: Context, baggage: Baggage): Context {
  const bounded = acceptIncomingBaggage(baggage, undefined);
  return bounded.getAllEntries().length === 0
    ? propagation.deleteBaggage(otelContext)
    : propagation.setBaggage(otelContext, bounded);
}
