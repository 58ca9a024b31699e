import type { Baggage, Context, HrTime, Span } from '@opentelemetry/api';
import { SpanKind, TraceFlags, isSpanContextValid, propagation, trace } from './internal/otel-api';
import * as opentracing from 'opentracing';
import { applyTag } from './conventions/apply-tag';
import { safeString } from './internal/safe-string';
import { logEventFields, logEventName, logFields } from './conventions/log-arguments';
import { recordLog } from './conventions/log-event';
import { isOwnField, readProperty } from './internal/read-property';
import { reportInternalError, reportMisuse } from './internal/report';
import { isBefore, toBridgeTime, type BridgeTime } from './internal/time';
import { wellFormed } from './internal/well-formed';
import { SpanContextShim } from './span-context';
import { EMPTY_BAGGAGE, withExactBaggage } from './internal/baggage';
import type { SpanTracer } from './span-tracer';

/** Options of the {@link SpanShim} constructor. */
export interface SpanShimOptions {
  /** The span's baggage. Default: none. */
  baggage?: Baggage;
  /** The Jaeger/B3 debug flag inherited from the parent. Default `false`. */
  debug?: boolean;
  /** The OpenTelemetry span kind, which decides how some tags translate. Default: internal. */
  kind?: SpanKind;
  /**
   * Where the baggage is read from on first use, when `baggage` is not given: the context the span
   * started in. Most spans never use their baggage, so the tracer does not read it at start.
   * @internal
   */
  baggageSource?: Context;
}

/**
 * An OpenTracing `Span` over an OpenTelemetry `Span`.
 *
 * Tags become attributes (`error` becomes the span status), logs become events (error logs become
 * `exception` events), `finish` ends the span. No method throws: misuse is reported once per kind
 * through OpenTelemetry's `diag` logger, and the call is ignored or its value converted.
 */
export class SpanShim extends opentracing.Span {
  private _tracerShim: SpanTracer;
  private _span: Span;
  // The span's baggage; undefined until first use when it is to be read from `_baggageSource`.
  private _baggage: Baggage | undefined;
  private _baggageSource: Context | undefined;
  // Built on first use of context(): most spans never have their context read.
  private _contextShim: SpanContextShim | undefined;
  private _finished: boolean;
  private _debug: boolean;
  private _kind: SpanKind;
  // The context children of this span start in, for the last active context seen (see below).
  private _childrenBase: Context | undefined;
  private _validContext: boolean | undefined;
  private _childrenContext: Context | undefined;

  /**
   * Wraps an OpenTelemetry span. Use `TracerShim#startSpan` rather than calling this.
   * @param tracerShim - the tracer that started the span.
   * @param span - the OpenTelemetry span.
   * @param options - the span's baggage, debug flag and kind (see {@link SpanShimOptions}); or the
   *   span's baggage itself, as `@opentelemetry/shim-opentracing`'s constructor takes it.
   */
  constructor(tracerShim: SpanTracer, span: Span, options?: SpanShimOptions | Baggage) {
    super();
    this._tracerShim = tracerShim;
    this._span = span;
    const init: SpanShimOptions | undefined = isBaggage(options) ? { baggage: options } : options;
    const baggage = init?.baggage;
    const baggageSource = baggage === undefined ? init?.baggageSource : undefined;
    this._baggage = baggage ?? (baggageSource === undefined ? EMPTY_BAGGAGE : undefined);
    this._baggageSource = baggageSource;
    this._contextShim = undefined;
    this._finished = false;
    this._debug = init?.debug === true;
    this._kind = init?.kind ?? SpanKind.INTERNAL;
    this._childrenBase = undefined;
    this._validContext = undefined;
    this._childrenContext = undefined;
  }

  /**
   * The OpenTelemetry span behind this shim. From then on `legacySpanFrom` gives this shim back for
   * that span (unless it gave another one first).
   */
  getSpan(): Span {
    rememberLegacySpan(this._span, this);
    return this._span;
  }

  /**
   * The span's current context: ids and baggage. Immutable: a later `setBaggageItem` gives the
   * span a new context and leaves this one as it is.
   */
  override context(): SpanContextShim {
    return (this._contextShim ??= SpanContextShim.create(
      this._span.spanContext(),
      this._currentBaggage(),
      this._debug,
      this._validContext,
    ));
  }

  /** The span's baggage, read from the context it started in on first use. */
  private _currentBaggage(): Baggage {
    if (this._baggage === undefined) {
      const source = this._baggageSource;
      this._baggage =
        (source === undefined ? undefined : propagation.getBaggage(source)) ?? EMPTY_BAGGAGE;
      this._baggageSource = undefined;
    }
    return this._baggage;
  }

  /** Whether this span has a valid span context (it can be a parent). @internal */
  isValid(): boolean {
    // A span's context never changes: check it once (the check runs two regular expressions).
    return (this._validContext ??= isSpanContextValid(this._span.spanContext()));
  }

  /**
   * The OpenTelemetry context a child of this span starts in, given the active context: this span
   * as the parent, its baggage as the baggage. Children started one after the other under the same
   * active context share it, so it is kept for the last active context seen.
   * @internal
   */
  childContextIn(active: Context): Context {
    if (this._childrenBase === active && this._childrenContext !== undefined)
      return this._childrenContext;
    const childContext = withExactBaggage(
      trace.setSpan(active, this._span),
      this._currentBaggage(),
    );
    this._childrenBase = active;
    this._childrenContext = childContext;
    return childContext;
  }

  /** The tracer that started this span. */
  override tracer(): SpanTracer {
    return this._tracerShim;
  }

  /**
   * Renames the span (OpenTelemetry `updateName`).
   * @param name - the new operation name; other types are converted to text.
   */
  override setOperationName(name: string): this {
    try {
      if (this._isUsable()) this._span.updateName(operationName(name));
    } catch (error) {
      reportInternalError('setOperationName', error);
    }
    return this;
  }

  /**
   * Sets a baggage item. OpenTelemetry Baggage is immutable, so the span gets a new context: the
   * item reaches children started from this span (or its `context()`) afterwards, and every later
   * `inject`; contexts handed out before keep their old baggage.
   * @param key - the baggage key; other types are converted to text.
   * @param value - the baggage value; other types are converted to text.
   */
  override setBaggageItem(key: string, value: string): this {
    try {
      let entryKey = key;
      let entryValue = value;
      if (typeof entryKey !== 'string' || typeof entryValue !== 'string') {
        reportMisuse(
          'baggage',
          'a baggage key or value that is not a string was converted to text',
        );
        entryKey = safeString(entryKey);
        entryValue = safeString(entryValue);
      }
      // A lone surrogate would make the propagators drop the whole baggage header.
      entryKey = wellFormedKey(entryKey);
      const jaegerClient = this._tracerShim.jaegerClientBaggage === true;
      if (jaegerClient) entryKey = jaegerClientBaggageKey(entryKey);
      const before = this._currentBaggage();
      const storedValue = wellFormed(entryValue);
      this._baggage = before.setEntry(entryKey, { value: storedValue });
      if (jaegerClient) this._logBaggage(entryKey, storedValue, before);
      this._contextShim = undefined;
      this._childrenContext = undefined;
    } catch (error) {
      reportInternalError('setBaggageItem', error);
    }
    return this;
  }

  /**
   * The value of a baggage item, or `undefined` when it is not set.
   * @param key - the baggage key.
   */
  override getBaggageItem(key: string): string | undefined {
    try {
      // A key that is not text reads the item setBaggageItem stored under its text.
      const textKey = wellFormedKey(typeof key === 'string' ? key : safeString(key));
      const entryKey =
        this._tracerShim.jaegerClientBaggage === true ? jaegerClientBaggageKey(textKey) : textKey;
      return this._currentBaggage().getEntry(entryKey)?.value;
    } catch (error) {
      reportInternalError('getBaggageItem', error);
      return undefined;
    }
  }

  /**
   * Sets one tag as an attribute. `error: true` sets the status to ERROR, `error: false` to OK.
   * `span.kind` cannot change the OTel kind after start: it is kept as an attribute with a warning.
   * A tag set to `undefined` or `null` is ignored, as the SDK ignores such attribute values.
   * @param key - the tag key.
   * @param value - any value; see the README for how values OTel cannot hold are converted.
   */
  override setTag(key: string, value: unknown): this {
    try {
      if (this._isUsable())
        applyTag(this._span, key, value, this._tracerShim.semanticConventions, this._kind);
    } catch (error) {
      reportInternalError('setTag', error);
    }
    return this;
  }

  /**
   * Sets several tags at once, each as {@link SpanShim.setTag} does: the object's own enumerable
   * properties, as the OpenTelemetry SDK reads attributes (inherited ones are not tags).
   * @param keyValueMap - tag keys and values.
   */
  override addTags(keyValueMap: Record<string, unknown>): this {
    try {
      if (!this._isUsable()) return this;
      if (typeof keyValueMap !== 'object' || keyValueMap === null) {
        reportMisuse('tag-value', '`addTags` was called without an object and did nothing');
        return this;
      }
      const mode = this._tracerShim.semanticConventions;
      for (const key in keyValueMap) {
        if (isOwnField(keyValueMap, key))
          applyTag(this._span, key, readProperty(keyValueMap, key), mode, this._kind);
      }
    } catch (error) {
      reportInternalError('addTags', error);
    }
    return this;
  }

  /**
   * Records a log as an OpenTelemetry event: named by a string `event` field, else `log`; every
   * field (the object's own enumerable properties, `event` included) becomes an attribute, except
   * fields set to `undefined` or `null`. `event: 'error'` becomes an OTel `exception` event.
   * @param keyValuePairs - the log fields.
   * @param timestamp - milliseconds since the epoch, a `Date`, or a `performance.now()` reading;
   *   defaults to now.
   */
  override log(keyValuePairs: Record<string, unknown>, timestamp?: number): this {
    try {
      if (!this._isUsable()) return this;
      recordLog(this._span, logFields(keyValuePairs), toBridgeTime(timestamp));
    } catch (error) {
      reportInternalError('log', error);
    }
    return this;
  }

  /**
   * Records a named event (deprecated in OpenTracing; kept for old code). A plain-object payload
   * gives its fields, as {@link SpanShim.log} does, to an event named `eventName` (so `'error'`
   * with `error.object`, `message`... makes an `exception` event); any other payload is recorded
   * as the `payload` attribute.
   * @param eventName - the event name; other types are converted to text.
   * @param payload - an optional payload.
   */
  override logEvent(eventName: string, payload?: unknown): void {
    try {
      if (this._isUsable())
        recordLog(this._span, logEventFields(payload), undefined, logEventName(eventName));
    } catch (error) {
      reportInternalError('logEvent', error);
    }
  }

  /**
   * Ends the span. A second call is ignored (and reported once).
   * @param finishTime - milliseconds since the epoch, a `Date`, or a `performance.now()` reading;
   *   defaults to now.
   */
  override finish(finishTime?: number): void {
    try {
      if (this._finished) {
        reportMisuse('after-finish', 'a span was used after `finish`; the call was ignored');
        return;
      }
      this._finished = true;
      const endTime = toBridgeTime(finishTime);
      this._span.end(
        endTime !== undefined && endsBeforeStart(this._span, endTime) ? undefined : endTime,
      );
    } catch (error) {
      reportInternalError('finish', error);
    }
  }

  /** jaeger-client's `baggage` log of a sampled span: the key, the value, and whether it replaced one. */
  private _logBaggage(key: string, value: string, before: Baggage): void {
    if ((this._span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    const fields: Record<string, string> = { event: 'baggage', key, value };
    if (before.getEntry(key) !== undefined) fields.override = 'true';
    this.log(fields);
  }

  // The `opentracing` base class's hooks, for code that calls them directly.
  protected override _context(): SpanContextShim {
    return this.context();
  }

  protected override _tracer(): SpanTracer {
    return this._tracerShim;
  }

  protected override _setOperationName(name: string): void {
    this.setOperationName(name);
  }

  protected override _setBaggageItem(key: string, value: string): void {
    this.setBaggageItem(key, value);
  }

  protected override _getBaggageItem(key: string): string | undefined {
    return this.getBaggageItem(key);
  }

  protected override _addTags(keyValuePairs: Record<string, unknown>): void {
    this.addTags(keyValuePairs);
  }

  protected override _log(keyValuePairs: Record<string, unknown>, timestamp?: number): void {
    this.log(keyValuePairs, timestamp);
  }

  protected override _finish(finishTime?: number): void {
    this.finish(finishTime);
  }

  private _isUsable(): boolean {
    if (!this._finished) return true;
    reportMisuse('after-finish', 'a span was used after `finish`; the call was ignored');
    return false;
  }
}

/**
 * The OpenTracing span of each OpenTelemetry span that has one: the shim whose span crossed into
 * OpenTelemetry code (through `getSpan`), or the one `legacySpanFrom` made. The first one recorded
 * for a span stays, so converting a span back and forth gives the same object every time.
 */
const legacySpans = new WeakMap<object, SpanShim>();

/** Records `shim` as the OpenTracing span of `span`, unless `span` has one. @internal */
export function rememberLegacySpan(span: object, shim: SpanShim): void {
  if (!legacySpans.has(span)) legacySpans.set(span, shim);
}

/** The OpenTracing span recorded for an OpenTelemetry span, if any. @internal */
export function recordedLegacySpan(span: object): SpanShim | undefined {
  return legacySpans.get(span);
}

/** An operation name as text, whatever was passed. @internal */
export function operationName(name: unknown): string {
  if (typeof name === 'string') return name;
  reportMisuse('operation-name', 'an operation name that is not a string was converted to text');
  return safeString(name);
}

/**
 * Whether an end time precedes the span's start. SDK spans expose `startTime`; the check is skipped
 * for spans that do not. The SDK would otherwise log its own warning on every such call.
 */
function endsBeforeStart(span: Span, end: BridgeTime): boolean {
  const start = (span as Partial<{ startTime: unknown }>).startTime;
  if (!Array.isArray(start) || start.length !== 2 || !isBefore(end, start as HrTime)) return false;
  reportMisuse(
    'end-before-start',
    'a finish time before the span started was replaced by the current time',
  );
  return true;
}

// Baggage keys are nearly always the same few constants: the last one found well-formed is
// remembered, which saves a check on most calls.
let lastWellFormedKey = '';

/** {@link wellFormed} for baggage keys. */
function wellFormedKey(key: string): string {
  if (key === lastWellFormedKey) return key;
  const checked = wellFormed(key);
  if (checked === key) lastWellFormedKey = key;
  return checked;
}

/** Whether the constructor was given a Baggage (the official shim's third argument). */
function isBaggage(value: unknown): value is Baggage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Baggage>).getEntry === 'function' &&
    typeof (value as Partial<Baggage>).getAllEntries === 'function'
  );
}

/** A baggage key as jaeger-client keeps it: lower case, `_` written `-`. */
function jaegerClientBaggageKey(key: string): string {
  return key.replace(/_/g, '-').toLowerCase();
}
