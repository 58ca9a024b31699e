import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isSpanContextValid, trace } from '../internal/otel-api';
import { LEGACY_FORMATS, LEGACY_FORMATS_KEY } from '../internal/wire-format';
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
  // Per propagator: its format's name when it is a legacy one, whose use extract records.
  private readonly _legacyNames: readonly (string | undefined)[];

  /**
   * @param propagators - the formats, in order.
   * @param baggageFormats - how many of them carry baggage.
   * @param names - the format name of each propagator, when known.
   */
  constructor(
    private readonly _propagators: readonly TextMapPropagator[],
    private readonly _baggageFormats: number,
    names: readonly string[] = [],
  ) {
    this._fields = [...new Set(_propagators.flatMap((propagator) => propagator.fields()))];
    this._legacyNames = _propagators.map((_, index) =>
      LEGACY_FORMATS.has(names[index] ?? '') ? names[index] : undefined,
    );
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
    let legacy: string[] | undefined;
    for (let index = 0; index < this._propagators.length; index++) {
      try {
        const next = this._propagators[index].extract(extracted, carrier, getter);
        if (next === extracted) continue;
        const legacyName = this._legacyNames[index];
        if (
          legacyName !== undefined &&
          trace.getSpanContext(next) !== trace.getSpanContext(extracted)
        ) {
          (legacy ??= []).push(legacyName);
        }
        extracted = keepWideTraceId(extracted, next);
      } catch (error) {
        reportInternalError('a propagator extract', error);
      }
    }
    return legacy === undefined ? extracted : extracted.setValue(LEGACY_FORMATS_KEY, legacy);
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
