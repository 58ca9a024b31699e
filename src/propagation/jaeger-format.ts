import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isSpanContextValid, trace } from '../internal/otel-api';
import type * as JaegerModule from '@opentelemetry/propagator-jaeger';
import { DEBUG_FLAG_KEY, DEBUG_FLAG_ON, hasDebugFlag } from '../internal/debug-flag';
import { extractLegacyFormat, withHeaderSafeBaggage } from './legacy-baggage';

const JAEGER_DEBUG_BIT = 0x02;
const ZERO_HIGH_TRACE_ID = '0000000000000000';
const KEYS_ONLY = { values: false }; // the Jaeger propagator URI-encodes values itself

/**
 * The Jaeger format (`uber-trace-id`, `uberctx-*` baggage) of `@opentelemetry/propagator-jaeger`,
 * with what a fleet still running jaeger-client needs on top:
 *
 * - the debug bit (0x02) survives: extract records it under the B3 debug key, inject sets it back;
 * - a trace id whose high 64 bits are zero (a 64-bit Jaeger id) is written back in 64-bit form;
 * - baggage keys are header-safe (percent-encoded on inject, decoded on extract);
 * - baggage items are read by the bridge, in one pass bounded by the W3C limits.
 * @internal
 */
export class JaegerFormat implements TextMapPropagator {
  private readonly _inner: TextMapPropagator;
  private readonly _traceHeader: string;
  private readonly _baggagePrefix: string;

  /** @param jaeger - `@opentelemetry/propagator-jaeger`, loaded by the caller. */
  constructor(jaeger: typeof JaegerModule) {
    this._inner = new jaeger.JaegerPropagator();
    this._traceHeader = jaeger.UBER_TRACE_ID_HEADER;
    this._baggagePrefix = `${jaeger.UBER_BAGGAGE_HEADER_PREFIX}-`;
  }

  inject(otelContext: Context, carrier: unknown, setter: TextMapSetter): void {
    const debug = hasDebugFlag(otelContext);
    const traceHeaderSetter: TextMapSetter = {
      set: (target, key, value) =>
        setter.set(
          target,
          key,
          key === this._traceHeader ? rewriteTraceHeader(value, debug) : value,
        ),
    };
    this._inner.inject(withHeaderSafeBaggage(otelContext, KEYS_ONLY), carrier, traceHeaderSetter);
  }

  extract(otelContext: Context, carrier: unknown, getter: TextMapGetter): Context {
    let extracted = extractLegacyFormat(
      this._inner,
      otelContext,
      carrier,
      getter,
      this._baggagePrefix,
    );
    const spanContext = trace.getSpanContext(extracted);
    if (
      spanContext !== undefined &&
      isSpanContextValid(spanContext) &&
      hasDebugBit(getter.get(carrier, this._traceHeader))
    ) {
      extracted = extracted.setValue(DEBUG_FLAG_KEY, DEBUG_FLAG_ON);
    }
    return extracted;
  }

  fields(): string[] {
    return this._inner.fields();
  }
}

function rewriteTraceHeader(header: string, debug: boolean): string {
  const parts = header.split(':');
  if (parts.length !== 4) return header;
  if (parts[0].length === 32 && parts[0].startsWith(ZERO_HIGH_TRACE_ID))
    parts[0] = parts[0].slice(16);
  if (debug) parts[3] = (parseInt(parts[3], 16) | JAEGER_DEBUG_BIT).toString(16).padStart(2, '0');
  return parts.join(':');
}

function hasDebugBit(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return false;
  const flags = parseInt(decodeURIComponentSafe(value).split(':')[3] ?? '', 16);
  return Number.isInteger(flags) && (flags & JAEGER_DEBUG_BIT) !== 0;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
