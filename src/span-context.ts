import type { Baggage, SpanContext } from '@opentelemetry/api';
import { propagation } from '@opentelemetry/api';
import * as opentracing from 'opentracing';

/** One empty baggage shared by every context that carries none: OTel Baggage is immutable. */
export const EMPTY_BAGGAGE: Baggage = propagation.createBaggage();

/**
 * An OpenTracing `SpanContext` over an OpenTelemetry `SpanContext` and `Baggage`.
 *
 * Immutable, as the OpenTelemetry specification requires: setting a baggage item on a span gives
 * the span a new `SpanContextShim`, and a context already handed out (to a child or an inject)
 * keeps the baggage it had.
 */
export class SpanContextShim extends opentracing.SpanContext {
  private readonly _spanContext: SpanContext;
  private readonly _baggage: Baggage;
  private readonly _debug: boolean;

  /**
   * @param spanContext - the OpenTelemetry span context (ids, flags, trace state).
   * @param baggage - the OpenTelemetry baggage that travels with it.
   * @param debug - the Jaeger/B3 debug flag, which OpenTelemetry's span context has no room for.
   */
  constructor(spanContext: SpanContext, baggage: Baggage = EMPTY_BAGGAGE, debug = false) {
    super();
    this._spanContext = spanContext;
    this._baggage = baggage;
    this._debug = debug;
  }

  /** The OpenTelemetry span context this shim stands for. */
  getSpanContext(): SpanContext {
    return this._spanContext;
  }

  /** The OpenTelemetry baggage this shim carries. */
  getBaggage(): Baggage {
    return this._baggage;
  }

  /**
   * Whether the trace carries the Jaeger/B3 debug flag (force sampling). It is read by extract,
   * passed from a parent to its children, and written again by inject in the formats that have it.
   */
  isDebug(): boolean {
    return this._debug;
  }

  /** The trace id as 32 lower-case hex characters (OpenTelemetry's form). */
  override toTraceId(): string {
    return this._spanContext.traceId;
  }

  /** The span id as 16 lower-case hex characters (OpenTelemetry's form). */
  override toSpanId(): string {
    return this._spanContext.spanId;
  }

  /**
   * The value of one baggage item, or `undefined` when it is not set.
   * @param key - the baggage key.
   */
  getBaggageItem(key: string): string | undefined {
    return this._baggage.getEntry(key)?.value;
  }

  /**
   * A new context with one baggage item added or replaced; this one is left unchanged.
   * @param key - the baggage key.
   * @param value - the baggage value.
   */
  withBaggageItem(key: string, value: string): SpanContextShim {
    return new SpanContextShim(
      this._spanContext,
      this._baggage.setEntry(key, { value }),
      this._debug,
    );
  }
}
