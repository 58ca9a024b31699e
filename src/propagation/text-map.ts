import type {
  Baggage,
  Context,
  SpanContext,
  TextMapGetter,
  TextMapSetter,
} from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  isSpanContextValid,
  propagation,
  trace,
} from '../internal/otel-api';
import { EMPTY_BAGGAGE } from '../internal/baggage';
import { carrierCodec, carrierTarget, endCarrierRead } from './carrier';
import { debugIdOf, hasDebugFlag } from '../internal/debug-flag';
import { legacyFormatsOf } from '../internal/wire-format';
import { acceptIncomingBaggage } from './incoming-baggage';
import { MOST_KNOWN_BAGGAGE_FORMATS } from './baggage-limits';
import { OrderedPropagators } from './ordered-propagators';
import { boundOutgoingBaggage } from './outgoing-baggage';

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
 * What extract read from a carrier, as plain values: the tracer makes the span-context shim.
 * @internal
 */
export interface ExtractedContext {
  /** The span context, or the invalid one when the carrier held baggage alone. */
  readonly spanContext: SpanContext;
  readonly baggage: Baggage;
  /** The Jaeger/B3 debug flag. */
  readonly debug: boolean;
  /** Whether `spanContext` is valid. */
  readonly valid: boolean;
  /** A `jaeger-debug-id` read without a valid span context (see JaegerFormat). */
  readonly debugId: string | undefined;
  /** The legacy wire formats that carried the span context (see OrderedPropagators). */
  readonly legacyFormats: readonly string[] | undefined;
  /**
   * The context a child starts in when nothing is active (ROOT_CONTEXT): the one the propagators
   * just built, when it is exactly that. Undefined otherwise.
   */
  readonly childContext: Context | undefined;
}

/**
 * Writes a span context, its baggage and its debug flag (the context a shim injects: its
 * `injectContext()`) into a text-map carrier of any supported kind, with the baggage cut to the
 * outgoing limits (outgoing-baggage.ts). Baggage is written even when the span context is not
 * valid (OpenTelemetry specification, OpenTracing compatibility: Inject).
 * @internal
 */
export function injectTextMap(codec: TextMapCodec, injected: Context, carrier: object): void {
  const target = carrierTarget(carrier, true);
  let otelContext = injected;
  // Propagators built by createPropagator bound the outgoing baggage themselves. Any other may
  // write it in several formats, whatever its fields() say: count the most createPropagator builds.
  if (!(codec instanceof OrderedPropagators)) {
    otelContext = boundOutgoingBaggage(otelContext, MOST_KNOWN_BAGGAGE_FORMATS);
  }
  codec.inject(otelContext, target, carrierCodec(target).setter);
}

/**
 * Reads a span context, baggage and debug flag from a text-map carrier of any supported kind.
 * Incoming baggage passes the trusted-key filter and the W3C limits. Returns `null` only when
 * there is neither a valid span context nor any baggage (OpenTelemetry specification: Extract).
 * @internal
 */
export function extractTextMap(
  codec: TextMapCodec,
  carrier: object,
  isTrusted: ((key: string) => boolean) | undefined,
): ExtractedContext | null {
  const target = carrierTarget(carrier, false);
  let otelContext: Context;
  try {
    otelContext = codec.extract(ROOT_CONTEXT, target, carrierCodec(target).getter);
  } finally {
    endCarrierRead(target);
  }
  const extractedSpanContext = trace.getSpanContext(otelContext);
  const spanContext = usableSpanContext(extractedSpanContext);
  const hasSpanContext = spanContext !== undefined;
  // The one boundary every extract passes, whatever propagator read the carrier: the trusted-key
  // filter, the W3C limits and lone-surrogate replacement (the getters already bounded the reading).
  const extracted = propagation.getBaggage(otelContext);
  const baggage =
    extracted === undefined
      ? EMPTY_BAGGAGE
      : (acceptIncomingBaggage(extracted, isTrusted) ?? EMPTY_BAGGAGE);
  // Read only without a span context: the Jaeger format sets it only then.
  const debugId = hasSpanContext ? undefined : debugIdOf(otelContext);
  if (!hasSpanContext && baggage === EMPTY_BAGGAGE && debugId === undefined) return null;
  // When nothing is active (as when a server starts a request's span), a child of this context
  // starts in exactly the context the propagators just built: kept rather than built again.
  const exact =
    hasSpanContext &&
    spanContext === extractedSpanContext &&
    baggage === (extracted ?? EMPTY_BAGGAGE);
  return {
    spanContext: spanContext ?? INVALID_SPAN_CONTEXT,
    baggage,
    debug: hasSpanContext && hasDebugFlag(otelContext),
    valid: hasSpanContext,
    debugId,
    legacyFormats: hasSpanContext ? legacyFormatsOf(otelContext) : undefined,
    childContext: exact ? otelContext : undefined,
  };
}

const LOWER_HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const LOWER_HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';

/**
 * The extracted span context when it is valid, with lower-case ids; `undefined` otherwise.
 * OpenTelemetry's id checks ignore case and some propagators (OT trace) pass upper-case hex
 * through, while ids are lower-case everywhere else: a mixed-case id would no longer match its own
 * trace in a backend. The common case (valid, lower-case) costs two regular-expression tests.
 */
function usableSpanContext(spanContext: SpanContext | undefined): SpanContext | undefined {
  if (spanContext === undefined) return undefined;
  const { traceId, spanId } = spanContext;
  if (LOWER_HEX_TRACE_ID.test(traceId) && LOWER_HEX_SPAN_ID.test(spanId)) {
    return traceId !== ZERO_TRACE_ID && spanId !== ZERO_SPAN_ID ? spanContext : undefined;
  }
  if (!isSpanContextValid(spanContext)) return undefined;
  return { ...spanContext, traceId: traceId.toLowerCase(), spanId: spanId.toLowerCase() };
}
