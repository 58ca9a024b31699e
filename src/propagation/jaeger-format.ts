import type {
  Context,
  SpanContext,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';
import { TraceFlags, isSpanContextValid, propagation, trace } from '../internal/otel-api';
import {
  DEBUG_FLAG_KEY,
  DEBUG_FLAG_ON,
  JAEGER_DEBUG_ID_KEY,
  hasDebugFlag,
} from '../internal/debug-flag';
import { decodeHeaderText, encodeHeaderName, encodeHeaderValue } from './header-safety';
import { IncomingBaggageBuilder } from './incoming-baggage';
import { baggageEntries } from '../internal/baggage';

/** How a Jaeger carrier is written and read: jaeger-client's `TextMapCodec` options. */
export interface JaegerFormatOptions {
  /** The trace context header (jaeger-client's `contextKey`). Default `uber-trace-id`. */
  contextKey?: string;
  /** The prefix of the one-header-per-item baggage (`baggagePrefix`). Default `uberctx-`. */
  baggagePrefix?: string;
  /**
   * Whether every value is percent-encoded, as jaeger-client does for `FORMAT_HTTP_HEADERS`.
   * `false` (`FORMAT_TEXT_MAP`): values are written as they are, but for what a header could not
   * hold and `%`. Default `true`: the propagator is most often given HTTP headers.
   */
  urlEncoding?: boolean;
}

const SAMPLED_BIT = 0x01;
const DEBUG_BIT = 0x02;
const ZERO_HIGH_TRACE_ID = '0000000000000000';
const JAEGER_BAGGAGE_HEADER = 'jaeger-baggage';
const JAEGER_DEBUG_ID_HEADER = 'jaeger-debug-id';
// A debug id is a correlation id typed by a person (`curl -H 'jaeger-debug-id: ...'`): a longer one
// is not read.
const MAX_DEBUG_ID_LENGTH = 256;
// Longer than any well-formed `uber-trace-id` (32 + 16 + 16 hex digits, three colons, two flag
// digits), even with its colons percent-encoded: anything longer is not read.
const MAX_TRACE_HEADER_LENGTH = 128;
const HEX_ID = /^[0-9a-f]{1,32}$/i;
const HEX_SPAN_ID = /^[0-9a-f]{1,16}$/i;
const HEX_FLAGS = /^[0-9a-f]{1,2}$/i;
const ALL_ZEROS = /^0+$/;

/**
 * The Jaeger wire format, as jaeger-client writes and reads it: `uber-trace-id:
 * {trace-id}:{span-id}:{parent-span-id}:{flags}` (64- or 128-bit trace ids, leading zeros optional;
 * flags 0x01 sampled, 0x02 debug) and one `uberctx-{key}` header per baggage item; extract also
 * reads the `jaeger-baggage` header (`k1=v1, k2=v2`) and, without a trace context, a `jaeger-debug-id`
 * (a child of that context starts a new sampled debug trace tagged with the id, as in jaeger-client). Values are percent-encoded for HTTP headers
 * and left as they are in text maps, but for what a header could not hold (see
 * {@link JaegerFormatOptions.urlEncoding}). Unlike jaeger-client: a key or value that is not
 * header-safe is never written raw (a text map often ends up as HTTP headers, and Node's
 * `http.request` would throw), extract decodes percent-encoding in both formats (so what the bridge
 * wrote reads back the same through any carrier), a 128-bit trace id whose high half is zero is
 * written in its 64-bit form (as a 64-bit jaeger-client service reads it back), and incoming
 * baggage stops at the W3C limits.
 *
 * Written here rather than taken from `@opentelemetry/propagator-jaeger`, which OpenTelemetry JS
 * 3.0 no longer publishes.
 */
export class JaegerFormat implements TextMapPropagator {
  private readonly _contextKey: string;
  private readonly _baggagePrefix: string;
  private readonly _urlEncoding: boolean;

  /** @param options - header names and value encoding; see {@link JaegerFormatOptions}. */
  constructor(options: JaegerFormatOptions = {}) {
    this._contextKey = (options.contextKey || 'uber-trace-id').toLowerCase();
    this._baggagePrefix = (options.baggagePrefix || 'uberctx-').toLowerCase();
    this._urlEncoding = options.urlEncoding !== false;
  }

  /** Writes the span context of `otelContext` and its baggage. */
  inject(otelContext: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(otelContext);
    if (spanContext !== undefined && isSpanContextValid(spanContext)) {
      setter.set(carrier, this._contextKey, traceHeader(spanContext, hasDebugFlag(otelContext)));
    }
    const baggage = propagation.getBaggage(otelContext);
    if (baggage === undefined) return;
    for (const [key, entry] of baggageEntries(baggage)) {
      // jaeger-client encodes every value in HTTP headers; in a text map only what a carrier
      // could not hold, and `%`, so that reading back (which decodes) gives the value again.
      const value = this._urlEncoding
        ? encodeURIComponent(entry.value)
        : encodeHeaderValue(entry.value);
      setter.set(carrier, this._baggagePrefix + encodeHeaderName(key), value);
    }
  }

  /** Reads a span context and baggage; what is malformed is left out. */
  extract(otelContext: Context, carrier: unknown, getter: TextMapGetter): Context {
    let extracted = otelContext;
    const header = firstValue(getter.get(carrier, this._contextKey));
    const parsed = header === undefined ? undefined : parseTraceHeader(decodeHeaderText(header));
    if (parsed !== undefined) {
      extracted = trace.setSpanContext(extracted, parsed.spanContext);
      if (parsed.debug) extracted = extracted.setValue(DEBUG_FLAG_KEY, DEBUG_FLAG_ON);
    } else {
      const debugId = readDebugId(firstValue(getter.get(carrier, JAEGER_DEBUG_ID_HEADER)));
      if (debugId !== undefined) extracted = extracted.setValue(JAEGER_DEBUG_ID_KEY, debugId);
    }
    // Made on the first item only: without one, the earlier baggage is not listed again.
    let builder: IncomingBaggageBuilder | undefined;
    const prefix = this._baggagePrefix;
    for (const key of getter.keys(carrier)) {
      const lowerKey = key.toLowerCase();
      if (lowerKey === this._contextKey) continue;
      if (lowerKey === JAEGER_BAGGAGE_HEADER) {
        const value = firstValue(getter.get(carrier, key));
        if (value === undefined) continue;
        builder ??= IncomingBaggageBuilder.after(propagation.getBaggage(otelContext));
        if (!addCommaSeparated(builder, decodeHeaderText(value))) break;
        continue;
      }
      if (lowerKey.length <= prefix.length || !lowerKey.startsWith(prefix)) continue;
      const value = firstValue(getter.get(carrier, key));
      if (value === undefined) continue;
      builder ??= IncomingBaggageBuilder.after(propagation.getBaggage(otelContext));
      // Decoded in both carrier formats: a text map often travels as HTTP headers, whose carrier
      // encoded what it could not hold; text that is not valid percent-encoding stays as it is.
      const itemKey = decodeHeaderText(lowerKey.slice(prefix.length));
      if (!builder.add(itemKey, { value: decodeHeaderText(value) })) break;
    }
    return builder === undefined ? extracted : builder.inContext(extracted);
  }

  /** The headers this format writes (baggage items aside, whose names depend on their keys). */
  fields(): string[] {
    return [this._contextKey];
  }
}

/** A `jaeger-debug-id` value as jaeger-client reads it, when it is not empty and not too long. */
function readDebugId(value: string | undefined): string | undefined {
  if (value === undefined || value.length > 3 * MAX_DEBUG_ID_LENGTH) return undefined;
  const debugId = decodeHeaderText(value).trim();
  return debugId === '' || debugId.length > MAX_DEBUG_ID_LENGTH ? undefined : debugId;
}

/** `{trace-id}:{span-id}:0:{flags}`, the trace id in 64-bit form when its high half is zero. */
function traceHeader(spanContext: SpanContext, debug: boolean): string {
  const traceId = spanContext.traceId.startsWith(ZERO_HIGH_TRACE_ID)
    ? spanContext.traceId.slice(16)
    : spanContext.traceId;
  let flags = (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0 ? SAMPLED_BIT : 0;
  if (debug) flags |= DEBUG_BIT;
  return `${traceId}:${spanContext.spanId}:0:${flags.toString(16)}`;
}

/** A span context from an `uber-trace-id` value, or undefined when it is malformed. */
function parseTraceHeader(value: string): { spanContext: SpanContext; debug: boolean } | undefined {
  if (value.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  const parts = value.split(':');
  if (parts.length !== 4) return undefined;
  const [traceId, spanId, parentId, flagsText] = parts;
  if (!HEX_ID.test(traceId) || ALL_ZEROS.test(traceId)) return undefined;
  if (!HEX_SPAN_ID.test(spanId) || ALL_ZEROS.test(spanId)) return undefined;
  if (!HEX_SPAN_ID.test(parentId) || !HEX_FLAGS.test(flagsText)) return undefined;
  const flags = parseInt(flagsText, 16);
  const debug = (flags & DEBUG_BIT) !== 0;
  return {
    spanContext: {
      traceId: traceId.toLowerCase().padStart(32, '0'),
      spanId: spanId.toLowerCase().padStart(16, '0'),
      // A debug trace is sampled, whatever the sampled bit says (as Jaeger's samplers treat it).
      traceFlags: (flags & SAMPLED_BIT) !== 0 || debug ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    },
    debug,
  };
}

/** Adds `k1=v1, k2=v2` items (jaeger-client's `jaeger-baggage` header). False at the limits. */
function addCommaSeparated(builder: IncomingBaggageBuilder, text: string): boolean {
  for (const item of text.split(',')) {
    const pair = item.trim().split('=');
    if (pair.length !== 2) continue;
    if (!builder.add(pair[0], { value: pair[1] })) return false;
  }
  return true;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === 'string' ? first : undefined;
}
