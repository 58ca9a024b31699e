import type { Context } from '@opentelemetry/api';
import { context, trace } from '../internal/otel-api';
import type * as opentracing from 'opentracing';
import { reportInternalError, reportMisuse } from '../internal/report';
import { otelSideOf, type OtelSide } from './adapters';
import { withExactBaggage } from '../internal/baggage';

/**
 * An OpenTelemetry `Context` in which an OpenTracing span (or span context) is the active span and
 * its baggage the active baggage, so OTel code (and auto-instrumentation) run in it nests under
 * the legacy span.
 *
 * A `SpanShim` contributes its OTel span itself; a `SpanContextShim` (from `span.context()` or
 * `extract`), or a span or span context of another tracer that exposes `toTraceId()`/`toSpanId()`,
 * contributes its ids (as a non-recording span). One without valid ids is no parent, as for the
 * bridge's tracer: `parent`'s span stays, and only the baggage is taken. `null` and `undefined`
 * (no parent, as in `childOf: undefined`) return `parent` as it is; anything else too, with a
 * one-time warning. The baggage is the span's at the time of the call. Never throws.
 *
 * `ot-migrate` writes it where a migrated file starts a span under a legacy parent:
 *
 * ```ts
 * // `this.spanContext` is an OpenTracing SpanContext that legacy code stored
 * const span = tracer.startSpan('save', {}, contextWithSpan(this.spanContext)); // ot-migrate: boundary
 * span.end();
 * ```
 * @param spanOrContext - the OpenTracing span or span context to make active.
 * @param parent - the context to extend; default: the active one.
 * @returns `parent` with the span and its baggage.
 */
export function contextWithSpan(
  spanOrContext: opentracing.Span | opentracing.SpanContext | null | undefined,
  parent: Context = context.active(),
): Context {
  if (spanOrContext === undefined || spanOrContext === null) return parent;
  let side: OtelSide | undefined;
  try {
    side = otelSideOf(spanOrContext);
  } catch {
    // A value that throws when read is not a span: reported below.
  }
  if (side === undefined) {
    reportMisuse(
      'active-span',
      '`contextWithSpan` was given a value that is not an OpenTracing span or span context; the context was left unchanged',
    );
    return parent;
  }
  try {
    const { span, context: spanContext } = side;
    const baggage = spanContext.getBaggage();
    if (!spanContext.isValid()) return withExactBaggage(parent, baggage);
    const withSpan =
      span === undefined
        ? trace.setSpanContext(parent, spanContext.getSpanContext())
        : trace.setSpan(parent, span);
    return withExactBaggage(withSpan, baggage);
  } catch (error) {
    reportInternalError('contextWithSpan', error);
    return parent;
  }
}

/**
 * Runs `fn` with an OpenTracing span as OpenTelemetry's active span (see {@link contextWithSpan}).
 * With the AsyncLocalStorage context manager the span stays active across `await`, timers and
 * callbacks started inside `fn`. Whatever `fn` returns or throws reaches the caller unchanged.
 *
 * ```ts
 * await withActiveSpan(legacySpan, async () => {
 *   const child = trace.getTracer('new-code').startSpan('step'); // child of legacySpan
 *   child.end();
 * });
 * ```
 * @param span - the OpenTracing span (or span context) to make active.
 * @param fn - the function to run.
 * @param args - arguments for `fn`.
 */
export function withActiveSpan<A extends unknown[], R>(
  span: opentracing.Span | opentracing.SpanContext | null | undefined,
  fn: (...args: A) => R,
  ...args: A
): R {
  return context.with(contextWithSpan(span), fn, undefined, ...args);
}
