import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isSpanContextValid, trace } from '../internal/otel-api';
import { reportInternalError, reportMisuse } from '../internal/report';
import { boundOutgoingBaggage } from './outgoing-baggage';

const ZERO_HIGH_TRACE_ID = '0000000000000000';

/**
 * Several wire formats as one propagator (what {@link createPropagator} returns). Inject writes
 * every format, with the baggage cut once to the outgoing limits for the formats that carry it
 * (outgoing-baggage.ts). Extract reads the formats in order, and a later format's trace context
 * replaces an earlier one, with one exception: a 64-bit trace id (`ottrace` always sends one;
 * `jaeger` and `b3` may) never replaces a 128-bit one, which would split the trace. A propagator
 * that throws is skipped, and reported once.
 * @internal
 */
export class OrderedPropagators implements TextMapPropagator {
  private readonly _fields: string[];

  /**
   * @param propagators - the formats, in order.
   * @param baggageFormats - how many of them carry baggage.
   */
  constructor(
    private readonly _propagators: readonly TextMapPropagator[],
    private readonly _baggageFormats: number,
  ) {
    this._fields = [...new Set(_propagators.flatMap((propagator) => propagator.fields()))];
  }

  inject(otelContext: Context, carrier: unknown, setter: TextMapSetter): void {
    const bounded = boundOutgoingBaggage(otelContext, this._baggageFormats);
    for (const propagator of this._propagators) {
      try {
        propagator.inject(bounded, carrier, setter);
      } catch (error) {
        reportInternalError('a propagator inject', error);
      }
    }
  }

  extract(otelContext: Context, carrier: unknown, getter: TextMapGetter): Context {
    let extracted = otelContext;
    for (const propagator of this._propagators) {
      try {
        const next = propagator.extract(extracted, carrier, getter);
        extracted = next === extracted ? next : keepWideTraceId(extracted, next);
      } catch (error) {
        reportInternalError('a propagator extract', error);
      }
    }
    return extracted;
  }

  fields(): string[] {
    return this._fields.slice();
  }
}

/** `after`, with the span context of `before` when only that one has a 128-bit trace id. */
function keepWideTraceId(before: Context, after: Context): Context {
  const later = trace.getSpanContext(after);
  // The common case decides on the later context alone: no 64-bit id, nothing to compare.
  if (later === undefined || !later.traceId.startsWith(ZERO_HIGH_TRACE_ID)) return after;
  const earlier = trace.getSpanContext(before);
  if (
    earlier === undefined ||
    later === earlier ||
    earlier.traceId.startsWith(ZERO_HIGH_TRACE_ID) ||
    !isSpanContextValid(earlier)
  ) {
    return after;
  }
  // The same trace truncated by a 64-bit format is the expected case; two different traces is not.
  if (later.traceId.slice(16) !== earlier.traceId.slice(16)) {
    reportMisuse(
      'trace-id-width',
      'two formats carried different traces; the 128-bit trace id was kept over the later 64-bit one',
    );
  }
  return trace.setSpanContext(after, earlier);
}
