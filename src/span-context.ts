import type { Baggage, Context, Link, SpanContext } from '@opentelemetry/api';
import { ROOT_CONTEXT, isSpanContextValid, propagation, trace } from './internal/otel-api';
import { DEBUG_FLAG_KEY, DEBUG_FLAG_ON } from './internal/debug-flag';
import { EMPTY_BAGGAGE, withExactBaggage } from './internal/baggage';
import { CHILD_OF_ATTRIBUTES, FOLLOWS_FROM_ATTRIBUTES } from './reference-links';
import * as opentracing from 'opentracing';

/**
 * An OpenTracing `SpanContext` over an OpenTelemetry `SpanContext` and `Baggage`.
 *
 * Immutable, as the OpenTelemetry specification requires: setting a baggage item on a span gives
 * the span a new `SpanContextShim`, and a context already handed out (to a child or an inject)
 * keeps the baggage it had.
 */
export class SpanContextShim extends opentracing.SpanContext {
  private _spanContext: SpanContext;
  private _baggage: Baggage;
  private _debug: boolean;
  // Derived once on first use: a context is immutable, and hot paths ask for these again and again.
  private _childOfLinks: readonly Link[] | undefined;
  private _followsFromLink: Link | undefined;
  private _followsFromLinks: readonly Link[] | undefined;
  private _injectContext: Context | undefined;
  private _valid: boolean | undefined;
  private _parentBase: Context | undefined;
  private _parentContext: Context | undefined;
  private _debugId: string | undefined;
  private _legacyFormats: readonly string[] | undefined;

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
    this._childOfLinks = undefined;
    this._followsFromLink = undefined;
    this._followsFromLinks = undefined;
    this._injectContext = undefined;
    this._valid = undefined;
    this._parentBase = undefined;
    this._parentContext = undefined;
    this._debugId = undefined;
    this._legacyFormats = undefined;
  }

  /**
   * A context shim whose validity the caller already knows (`valid`; the check costs two
   * regular-expression tests): extract and span start know it.
   * @internal
   */
  static create(
    spanContext: SpanContext,
    baggage: Baggage,
    debug: boolean,
    valid: boolean | undefined,
  ): SpanContextShim {
    const shim = new SpanContextShim(spanContext, baggage, debug);
    shim._valid = valid;
    return shim;
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

  /**
   * The `jaeger-debug-id` an extract read without a trace context: a span started as its child
   * begins a new debug trace tagged with it, as in jaeger-client. Undefined almost always.
   * @internal
   */
  debugId(): string | undefined {
    return this._debugId;
  }

  /** Sets {@link debugId}; extract alone does, before the shim is handed out. @internal */
  setDebugId(debugId: string | undefined): void {
    this._debugId = debugId;
  }

  /**
   * The legacy wire formats (`jaeger`, `b3`, ...) an extract read this context from, if any: the
   * span started as its child records them (`opentracing.propagation.format`).
   * @internal
   */
  legacyFormats(): readonly string[] | undefined {
    return this._legacyFormats;
  }

  /** Sets {@link legacyFormats}; extract alone does. @internal */
  setLegacyFormats(formats: readonly string[] | undefined): void {
    this._legacyFormats = formats;
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
   * The links of a span whose only reference is ChildOf this context: one link, with
   * `opentracing.ref_type` = `child_of`. Frozen and shared by every such child.
   * @internal
   */
  childOfLinks(): readonly Link[] {
    return (this._childOfLinks ??= Object.freeze([
      Object.freeze({ context: this._spanContext, attributes: CHILD_OF_ATTRIBUTES }),
    ]));
  }

  /**
   * The link of a FollowsFrom reference to this context; frozen and shared.
   * @internal
   */
  followsFromLink(): Link {
    return (this._followsFromLink ??= Object.freeze({
      context: this._spanContext,
      attributes: FOLLOWS_FROM_ATTRIBUTES,
    }));
  }

  /**
   * The links of a span whose only reference is FollowsFrom this context; frozen and shared.
   * @internal
   */
  followsFromLinks(): readonly Link[] {
    return (this._followsFromLinks ??= Object.freeze([this.followsFromLink()]));
  }

  /**
   * Records the context a child of this span context starts in under `active`, when the caller
   * already has it (see {@link SpanContextShim.childContextIn}).
   * @internal
   */
  rememberChildContext(active: Context, childContext: Context): void {
    this._parentBase = active;
    this._parentContext = childContext;
  }

  /** Whether the span context is valid (it can be a parent); checked once. @internal */
  isValid(): boolean {
    return (this._valid ??= isSpanContextValid(this._spanContext));
  }

  /**
   * The context a child of this span context starts in: `active` with this span context as the
   * (remote or foreign) parent span and this context's baggage as the baggage. Kept for the last
   * active context seen: children started one after the other under one active context share it.
   * @internal
   */
  childContextIn(active: Context): Context {
    if (this._parentBase !== active || this._parentContext === undefined) {
      this._parentBase = active;
      this._parentContext = withExactBaggage(
        trace.setSpanContext(active, this._spanContext),
        this._baggage,
      );
    }
    return this._parentContext;
  }

  /**
   * The OpenTelemetry context that propagators inject from: the span context when valid, the
   * baggage when there is any, and the debug flag.
   * @internal
   */
  injectContext(): Context {
    if (this._injectContext === undefined) {
      let otelContext = ROOT_CONTEXT;
      if (this.isValid()) otelContext = trace.setSpanContext(otelContext, this._spanContext);
      if (this._baggage !== EMPTY_BAGGAGE)
        otelContext = propagation.setBaggage(otelContext, this._baggage);
      if (this._debug) otelContext = otelContext.setValue(DEBUG_FLAG_KEY, DEBUG_FLAG_ON);
      this._injectContext = otelContext;
    }
    return this._injectContext;
  }
}
