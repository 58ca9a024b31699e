import type { Context } from '@opentelemetry/api';
import { context, trace } from '../internal/otel-api';
import type * as opentracing from 'opentracing';
import { toSpanContextShim } from '../foreign-context';
import { reportInternalError, reportMisuse } from '../internal/report';
import { withExactBaggage } from './baggage';
import { SpanShim } from '../span';

/**
 * An OpenTelemetry `Context` in which an OpenTracing span is the active span and its baggage the
 * active baggage, so OTel code (and auto-instrumentation) run in it nests under the legacy span.
 *
 * A `SpanShim` contributes its OTel span itself; a span of another tracer contributes its ids
 * (as a non-recording span) when it exposes `toTraceId()`/`toSpanId()`. Anything else leaves
 * `parent` unchanged, with a one-time warning. The baggage is the span's at the time of the call.
 *
 * @param span - the OpenTracing span to make active.
 * @param parent - the context to extend; default: the active one.
 */
export function contextWithSpan(
  span: opentracing.Span,
  parent: Context = context.active(),
): Context {
  try {
    if (span instanceof SpanShim) {
      return withExactBaggage(trace.setSpan(parent, span.getSpan()), span.context().getBaggage());
    }
    const shim = toSpanContextShim(span);
    if (shim === undefined) {
      reportMisuse('active-span', 'a value that is not a span could not be made the active span');
      return parent;
    }
    return withExactBaggage(trace.setSpanContext(parent, shim.getSpanContext()), shim.getBaggage());
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
 * @param span - the OpenTracing span to make active.
 * @param fn - the function to run.
 * @param args - arguments for `fn`.
 */
export function withActiveSpan<A extends unknown[], R>(
  span: opentracing.Span,
  fn: (...args: A) => R,
  ...args: A
): R {
  return context.with(contextWithSpan(span), fn, undefined, ...args);
}
