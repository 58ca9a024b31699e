// The bridge's boundary adapters: where a file moved to @opentelemetry/api meets code that still
// uses OpenTracing, one call converts the span, span context or context at the edge.
import type { Baggage, Context, Span, SpanContext, Tracer } from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  context,
  isSpanContextValid,
  propagation,
  trace,
} from '../internal/otel-api';
import * as opentracing from 'opentracing';
import { toSpanContextShim } from '../foreign-context';
import type { MisuseKind } from '../internal/report';
import { reportInternalError, reportMisuse } from '../internal/report';
import { hasDebugFlag } from '../internal/debug-flag';
import { SpanContextShim } from '../span-context';
import { SpanShim, recordedLegacySpan, rememberLegacySpan } from '../span';
import { TracerShim } from '../tracer';
import { EMPTY_BAGGAGE } from '../internal/baggage';
import { bridgeTracer } from './global-tracer';

/**
 * Options of {@link legacySpanFrom}: which bridge tracer the legacy span belongs to, and which
 * context's baggage it carries. Needed only when the defaults (the global bridge tracer, the
 * active context) are not the ones the legacy code expects:
 *
 * ```ts
 * // `this.tracer` is the TracerShim this module was given, `ctx` the request's context
 * const legacySpan = legacySpanFrom(span, { tracer: this.tracer, context: ctx }); // ot-migrate: boundary
 * legacyAudit(legacySpan);
 * ```
 */
export interface LegacySpanFromOptions {
  /**
   * What the span's `tracer()` returns, and whose `semanticConventions` name its tags: a
   * {@link TracerShim}. Default: the one {@link installGlobalTracer} installed, else a shim over
   * the global TracerProvider. Another tracer (not the bridge's) is replaced by that default, with
   * a warning.
   */
  tracer?: opentracing.Tracer;
  /** The context whose baggage the span carries. Default: the active context. */
  context?: Context;
}

/**
 * What an OpenTracing span or span context stands for on the OpenTelemetry side: the OTel span
 * behind it when it is a span of this bridge (or of another copy of it, or of
 * `@opentelemetry/shim-opentracing`: they expose `getSpan()`), and its span context and baggage.
 * @internal
 */
export interface OtelSide {
  /** The OpenTelemetry span behind a bridged span; `undefined` for a span context or a foreign span. */
  readonly span: Span | undefined;
  /** Ids, flags and baggage. */
  readonly context: SpanContextShim;
}

/**
 * The one rule for turning an OpenTracing span or span context into OpenTelemetry terms, shared by
 * `contextWithSpan` and {@link otelSpanFrom}. `undefined` when the value is neither. May throw for
 * a value whose getters or methods throw; the callers report that as misuse.
 * @internal
 */
export function otelSideOf(value: unknown): OtelSide | undefined {
  if (value instanceof SpanShim) return { span: value.getSpan(), context: value.context() };
  const spanContext = toSpanContextShim(value);
  if (spanContext === undefined) return undefined;
  return { span: spanBehind(value), context: spanContext };
}

/** The OTel span of a span from another bridge (by shape: `getSpan()` returning an OTel span). */
function spanBehind(value: unknown): Span | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const getSpan = (value as { getSpan?: unknown }).getSpan;
  if (typeof getSpan !== 'function') return undefined;
  const span: unknown = getSpan.call(value);
  return isUsableOtelSpan(span) ? span : undefined;
}

/**
 * The OpenTelemetry span behind an OpenTracing span, for migrated code that receives a legacy span
 * (a parameter of a public API, a field of a framework object) and goes on with `@opentelemetry/api`.
 *
 * - A span of this bridge: its own OTel span, the very object, so `setAttribute`, `addEvent` and
 *   `end` act on the span legacy code started.
 * - A span of another tracer (jaeger-client, say) whose context exposes `toTraceId()`/`toSpanId()`:
 *   a non-recording span with its ids, a parent for new spans and a context for `inject`; what is
 *   set on it goes nowhere.
 * - Anything else: a non-recording span with invalid ids, and a warning through `diag` (once).
 *
 * Never throws. `ot-migrate` writes it where a legacy span enters a migrated file:
 *
 * ```ts
 * // `parentSpan` is a parameter that callers still on OpenTracing fill
 * const span = otelSpanFrom(parentSpan); // ot-migrate: boundary
 * span.setAttribute('order.id', order.id);
 * ```
 * @param legacySpan - the OpenTracing span. An OpenTelemetry span is returned as it is.
 * @returns the OpenTelemetry span.
 */
export function otelSpanFrom(legacySpan: opentracing.Span): Span {
  try {
    const side = otelSideOf(legacySpan);
    if (side !== undefined)
      return side.span ?? trace.wrapSpanContext(side.context.getSpanContext());
    if (isUsableOtelSpan(legacySpan)) return legacySpan;
  } catch {
    // A value that throws when read is not a span: reported below.
  }
  reportMisuse(
    'otel-span-from',
    '`otelSpanFrom` was given something that is not an OpenTracing span; it returned a non-recording span with invalid ids',
  );
  return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
}

/**
 * An OpenTracing span over an OpenTelemetry span, for legacy code that a migrated file calls with
 * its span. It is a {@link SpanShim}: `setTag`, `log`, `finish`, `setOperationName` act on the
 * OTel span as on the spans the bridge starts (tags become attributes, `error` the status, logs
 * events, `finish` ends it), and `childOf: legacySpan` makes children in its trace.
 *
 * - The same OTel span gives the same object every time, so legacy code that compares spans
 *   still works; for the span of a bridge span (from {@link otelSpanFrom}, or made active with
 *   `withActiveSpan`), that bridge span itself.
 * - Its baggage is that of `options.context` (default: the active context) when it is made;
 *   `setBaggageItem` changes the legacy span's baggage only (OpenTelemetry contexts are immutable):
 *   `contextWithSpan(legacySpan)` hands it back to OTel code.
 * - Its `tracer()` is `options.tracer` (see {@link LegacySpanFromOptions}).
 * - Given anything but an OTel span: a span with invalid ids that records nothing, and a warning
 *   through `diag` (once). Given a bridge span: that span. Never throws.
 *
 * `ot-migrate` writes it where a migrated file calls legacy code that wants a span:
 *
 * ```ts
 * const span = tracer.startSpan('charge');
 * legacyRetry(legacySpanFrom(span), () => pay(order)); // ot-migrate: boundary
 * span.end();
 * ```
 * @param span - the OpenTelemetry span.
 * @param options - the tracer and the context; see {@link LegacySpanFromOptions}.
 * @returns an OpenTracing span over `span`.
 */
export function legacySpanFrom(span: Span, options?: LegacySpanFromOptions): SpanShim {
  let usable = false;
  try {
    if (span instanceof SpanShim) return span;
    const known = typeof span === 'object' && span !== null ? recordedLegacySpan(span) : undefined;
    if (known !== undefined) return known;
    usable = isUsableOtelSpan(span);
  } catch {
    // A value that throws when read is not a span: reported below.
  }
  try {
    const { tracer, otelContext } = legacySpanOptions(options);
    const baggage = baggageOf(otelContext);
    if (!usable) {
      reportMisuse(
        'legacy-span-from',
        '`legacySpanFrom` was given something that is not an OpenTelemetry span; it returned a span with invalid ids that records nothing',
      );
      return tracer.adopt(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), baggage, undefined, false);
    }
    const debug = isSpanContextValid(span.spanContext()) && hasDebugFlag(otelContext);
    const shim = tracer.adopt(span, baggage, undefined, debug);
    rememberLegacySpan(span, shim);
    return shim;
  } catch (error) {
    reportInternalError('legacySpanFrom', error);
    return bridgeTracer().adopt(
      trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
      EMPTY_BAGGAGE,
      undefined,
      false,
    );
  }
}

/**
 * An OpenTracing `SpanContext` for legacy APIs that want one (`childOf:`, `inject`, a field typed
 * `SpanContext`), from an OpenTelemetry `Context` (its span's ids and its baggage) or span (its
 * ids, with the active context's baggage; a bridge span's own context for the span of one).
 *
 * A context without a valid span gives a span context with invalid ids and the context's baggage.
 * Used as `childOf`, it is no parent: the parent is chosen as with no `childOf` at all, so the span
 * is a root span when no span is active (under an active span, see `implicitParent` in
 * {@link TracerShimOptions}); its baggage is this context's. Anything else gives a span context
 * with invalid ids and no baggage, and a warning through `diag` (once). Never throws.
 *
 * `ot-migrate` writes it where a migrated file passes its span to a legacy API as a parent:
 *
 * ```ts
 * const span = tracer.startSpan('publish');
 * legacyQueue.send(message, { childOf: legacySpanContextFrom(span) }); // ot-migrate: boundary
 * span.end();
 * ```
 * @param source - an OpenTelemetry `Context` or `Span`.
 * @returns the OpenTracing span context.
 */
export function legacySpanContextFrom(source: Context | Span): SpanContextShim {
  try {
    const found = legacySpanContextOf(source);
    if (found !== undefined) return found;
  } catch {
    // A value that throws when read is neither a context nor a span: reported below.
  }
  reportMisuse(
    'legacy-span-context-from',
    '`legacySpanContextFrom` was given something that is neither an OpenTelemetry context nor a span; it returned a span context with invalid ids',
  );
  return SpanContextShim.create(INVALID_SPAN_CONTEXT, EMPTY_BAGGAGE, false, false);
}

function legacySpanContextOf(source: unknown): SpanContextShim | undefined {
  if (isOtelContext(source)) return spanContextIn(trace.getSpanContext(source), source);
  if (typeof source !== 'object' || source === null) return undefined;
  const known = recordedLegacySpan(source);
  if (known !== undefined) return known.context();
  if (isUsableOtelSpan(source)) return spanContextIn(source.spanContext(), context.active());
  // An OpenTracing span or span context, of this bridge or another tracer.
  return toSpanContextShim(source);
}

/** A span context shim of `spanContext` (when valid) with the baggage and debug flag of `otelContext`. */
function spanContextIn(
  spanContext: SpanContext | undefined,
  otelContext: Context,
): SpanContextShim {
  const valid = spanContext !== undefined && isSpanContextValid(spanContext);
  return SpanContextShim.create(
    valid ? spanContext : INVALID_SPAN_CONTEXT,
    baggageOf(otelContext),
    valid && hasDebugFlag(otelContext),
    valid,
  );
}

/** The tracer and context of {@link legacySpanFrom}'s options, with the defaults. */
function legacySpanOptions(options: unknown): { tracer: TracerShim; otelContext: Context } {
  let tracer: unknown;
  let otelContext: unknown;
  try {
    if (typeof options === 'object' && options !== null) {
      ({ tracer, context: otelContext } = options as LegacySpanFromOptions);
    } else if (options !== undefined && options !== null) {
      reportMisuse(
        'legacy-span-from',
        '`legacySpanFrom` options that are not an object were ignored',
      );
    }
  } catch {
    reportMisuse(
      'legacy-span-from',
      '`legacySpanFrom` options that could not be read were ignored',
    );
  }
  return { tracer: bridgeTracerOr(tracer), otelContext: contextOr(otelContext) };
}

/**
 * The OpenTelemetry tracer behind an OpenTracing tracer, for migrated code that is handed a legacy
 * tracer (a parameter or option of a public API whose callers still use OpenTracing) and now starts
 * its spans with `@opentelemetry/api`: the spans go where the legacy tracer's went.
 *
 * - The bridge's {@link TracerShim}, or OpenTracing's `globalTracer()` while the bridge is
 *   installed as it: the OTel tracer that shim starts its spans with.
 * - Anything else (another tracer, no tracer): the bridge's default tracer over the global
 *   TracerProvider, and a warning through `diag` (once) when a tracer of another kind was given.
 *
 * Never throws. `ot-migrate` writes it where a legacy tracer enters a migrated file:
 *
 * ```ts
 * export function instrumentPg(client: PgClient, legacyTracer: opentracing.Tracer): void {
 *   const tracer = otelTracerFrom(legacyTracer); // ot-migrate: boundary
 * ```
 * @param legacyTracer - the OpenTracing tracer.
 * @returns the OpenTelemetry tracer.
 */
export function otelTracerFrom(legacyTracer: opentracing.Tracer): Tracer {
  const shim = bridgeTracerOr(legacyTracer, 'otelTracerFrom', 'otel-tracer-from');
  const tracer = shim.otelTracer();
  // The first bridge tracer over an OTel tracer is the way back (the provider shares tracers by name).
  if (!shimsByOtelTracer.has(tracer)) shimsByOtelTracer.set(tracer, shim);
  return tracer;
}

/** The bridge tracers whose OTel tracers `otelTracerFrom` handed out: the way back. */
const shimsByOtelTracer = new WeakMap<Tracer, TracerShim>();

/**
 * An OpenTracing tracer for legacy code that wants one (a parameter or option of code that still
 * uses OpenTracing), handed by migrated code that now holds an OpenTelemetry tracer: the legacy
 * code's spans go where they went before the migration, in the same traces.
 *
 * - An OTel tracer that `otelTracerFrom` gave for a bridge tracer: that bridge tracer.
 * - Any other: OpenTracing's `globalTracer()`, which hands each call to the tracer the application
 *   installed (`installGlobalTracer`, or `initGlobalTracer` with a tracer of its own), as legacy
 *   code that called `globalTracer()` itself got. The OTel tracer's instrumentation scope is not
 *   carried over. A value that is not a tracer gets the same, with a warning through `diag` (once).
 *
 * Never throws. `ot-migrate` writes it where migrated code hands its tracer to legacy code:
 *
 * ```ts
 * instrumentPg(client, legacyTracerFrom(tracer)); // ot-migrate: boundary
 * ```
 * @param tracer - the OpenTelemetry tracer.
 * @returns the OpenTracing tracer.
 */
export function legacyTracerFrom(tracer: Tracer): opentracing.Tracer {
  try {
    const known =
      typeof tracer === 'object' && tracer !== null ? shimsByOtelTracer.get(tracer) : undefined;
    if (known !== undefined) return known;
    if (typeof (tracer as Partial<Tracer> | null)?.startSpan === 'function')
      return opentracing.globalTracer();
  } catch {
    // A value that throws when read is not a tracer: reported below.
  }
  reportMisuse(
    'legacy-tracer-from',
    '`legacyTracerFrom` was given something that is not an OpenTelemetry tracer; it returned OpenTracing’s global tracer',
  );
  return opentracing.globalTracer();
}

function bridgeTracerOr(
  tracer: unknown,
  caller = 'legacySpanFrom',
  kind: MisuseKind = 'legacy-span-from',
): TracerShim {
  if (tracer === undefined || tracer === null || tracer === opentracing.globalTracer()) {
    return bridgeTracer();
  }
  try {
    if (tracer instanceof TracerShim) return tracer;
  } catch {
    // A value that throws when read is no tracer: reported below.
  }
  reportMisuse(
    kind,
    `\`${caller}\` was given a tracer that is not the bridge's TracerShim; the bridge's global tracer was used instead`,
  );
  return bridgeTracer();
}

function contextOr(otelContext: unknown): Context {
  if (otelContext === undefined || otelContext === null) return context.active();
  try {
    if (isOtelContext(otelContext)) return otelContext;
  } catch {
    // A value that throws when read is no context: reported below.
  }
  reportMisuse(
    'legacy-span-from',
    '`legacySpanFrom` was given a `context` that is not an OpenTelemetry Context; the active context was used',
  );
  return context.active();
}

/** The baggage of a context; none when what it holds under the baggage key is not baggage. */
function baggageOf(otelContext: Context): Baggage {
  const baggage: unknown = propagation.getBaggage(otelContext);
  return hasMethods(baggage, BAGGAGE_METHODS) ? (baggage as Baggage) : EMPTY_BAGGAGE;
}

const BAGGAGE_METHODS = ['getEntry', 'getAllEntries', 'setEntry', 'removeEntry'] as const;
const CONTEXT_METHODS = ['getValue', 'setValue', 'deleteValue'] as const;
// The methods of the Span interface that every version of the API this package supports has.
const SPAN_METHODS = [
  'spanContext',
  'setAttribute',
  'setAttributes',
  'addEvent',
  'setStatus',
  'updateName',
  'end',
  'isRecording',
  'recordException',
] as const;

function isOtelContext(value: unknown): value is Context {
  return hasMethods(value, CONTEXT_METHODS);
}

function isOtelSpan(value: unknown): value is Span {
  return hasMethods(value, SPAN_METHODS);
}

/** An OTel span whose `spanContext()` gives ids the bridge can read. */
function isUsableOtelSpan(value: unknown): value is Span {
  if (!isOtelSpan(value)) return false;
  const spanContext: unknown = value.spanContext();
  if (typeof spanContext !== 'object' || spanContext === null) return false;
  const { traceId, spanId, traceFlags } = spanContext as Partial<Record<string, unknown>>;
  return (
    typeof traceId === 'string' && typeof spanId === 'string' && typeof traceFlags === 'number'
  );
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const name of names) {
    if (typeof (value as Record<string, unknown>)[name] !== 'function') return false;
  }
  return true;
}
