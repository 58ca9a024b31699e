import type { Baggage, Context, Span, SpanContext, Tracer } from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  context,
  isSpanContextValid,
  propagation,
  trace,
} from './internal/otel-api';
import * as opentracing from 'opentracing';
import type { SemanticConventionsMode } from './conventions/tag-translation';
import { toSpanContextShim } from './foreign-context';
import { reportInternalError, reportMisuse } from './internal/report';
import { decodeBinary, encodeBinary } from './propagation/binary';
import {
  extractTextMap,
  injectTextMap,
  type ExtractedContext,
  type TextMapCodec,
} from './propagation/text-map';
import { acceptIncomingBaggage } from './propagation/incoming-baggage';
import { SpanContextShim } from './span-context';
import { EMPTY_BAGGAGE, isEmptyBaggage } from './internal/baggage';
import { SpanShim } from './span';
import { startSpanShim, type StartSettings } from './span-start';
import { readTracerOptions, type TracerShimOptions } from './tracer-options';

const NO_OPTIONS: opentracing.SpanOptions = {};

/**
 * An OpenTracing `Tracer` over an OpenTelemetry `Tracer`: a drop-in replacement for
 * `@opentelemetry/shim-opentracing`'s `TracerShim`.
 *
 * ```ts
 * const tracer = new TracerShim(trace.getTracer('my-service'));
 * opentracing.initGlobalTracer(tracer);
 * ```
 *
 * No method throws into the caller: misuse is reported once per kind through `diag`.
 */
export class TracerShim extends opentracing.Tracer {
  private readonly _textMap: TextMapCodec;
  private readonly _httpHeaders: TextMapCodec;
  private readonly _start: StartSettings;
  private readonly _isTrustedBaggageKey: ((key: string) => boolean) | undefined;
  /** How tags are named on the spans of this tracer. */
  readonly semanticConventions: SemanticConventionsMode;

  /**
   * @param tracer - the OpenTelemetry tracer that creates the spans.
   * @param options - propagators and parenting; see {@link TracerShimOptions}.
   */
  constructor(tracer: Tracer, options?: TracerShimOptions) {
    super();
    const settings = readTracerOptions(tracer, options);
    this._textMap = settings.textMap;
    this._httpHeaders = settings.httpHeaders;
    this._start = settings.start;
    this._isTrustedBaggageKey = settings.isTrustedBaggageKey;
    this.semanticConventions = settings.semanticConventions;
  }

  /** The OpenTelemetry tracer behind this shim. */
  getTracer(): Tracer {
    return this._start.otelTracer;
  }

  /**
   * Starts a span. `tags` (the object's own properties; `undefined` and `null` values left out)
   * become attributes at creation (so samplers see them), `span.kind` becomes the OTel span kind
   * and `error` the status. The first ChildOf reference is the parent, else the first
   * FollowsFrom; every other reference, and a FollowsFrom parent, is also a link with
   * `opentracing.ref_type` (see {@link TracerShimOptions.linkParentReference}). Without
   * references, see {@link TracerShimOptions.implicitParent}.
   * @param name - the operation name.
   * @param options - `childOf`, `references`, `tags`, `startTime` (ms since the epoch, a `Date`,
   *   or a `performance.now()` reading).
   */
  override startSpan(name: string, options?: opentracing.SpanOptions): SpanShim {
    try {
      return startSpanShim(this, this._start, name, options ?? NO_OPTIONS);
    } catch (error) {
      reportInternalError('startSpan', error);
      return new SpanShim(this, trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
    }
  }

  /**
   * Writes a span context into a carrier. `FORMAT_TEXT_MAP` and `FORMAT_HTTP_HEADERS` go through
   * the configured propagator; `FORMAT_BINARY` writes the encoding described in the README into
   * `carrier.buffer`. Baggage is written even when the span context is not valid.
   * @param spanContext - a span or span context (ours, or another tracer's with hex ids).
   * @param format - an OpenTracing format.
   * @param carrier - the carrier to write into.
   */
  override inject(
    spanContext: opentracing.SpanContext | opentracing.Span,
    format: string,
    carrier: unknown,
  ): void {
    try {
      const shim = toSpanContextShim(spanContext);
      if (shim === undefined) {
        reportMisuse(
          'inject-context',
          '`inject` was given no span or span context; nothing was written',
        );
        return;
      }
      if (!isCarrier(carrier)) return;
      switch (format) {
        case opentracing.FORMAT_HTTP_HEADERS:
          return injectTextMap(this._httpHeaders, shim.injectContext(), carrier);
        case opentracing.FORMAT_TEXT_MAP:
          return injectTextMap(this._textMap, shim.injectContext(), carrier);
        case opentracing.FORMAT_BINARY: {
          const buffer = encodeBinary(shim.getSpanContext(), shim.getBaggage());
          if (buffer !== undefined) (carrier as { buffer?: unknown }).buffer = buffer;
          return;
        }
        default:
          reportMisuse('format', `\`inject\` was given an unsupported format; nothing was written`);
      }
    } catch (error) {
      reportInternalError('inject', error);
    }
  }

  /**
   * Reads a span context from a carrier. Returns `null` when the carrier holds neither a valid
   * span context nor baggage; a baggage-only context is a valid result.
   * @param format - an OpenTracing format.
   * @param carrier - the carrier to read from.
   */
  override extract(format: string, carrier: unknown): SpanContextShim | null {
    try {
      if (!isCarrier(carrier)) return null;
      switch (format) {
        case opentracing.FORMAT_HTTP_HEADERS:
          return shimOf(extractTextMap(this._httpHeaders, carrier, this._isTrustedBaggageKey));
        case opentracing.FORMAT_TEXT_MAP:
          return shimOf(extractTextMap(this._textMap, carrier, this._isTrustedBaggageKey));
        case opentracing.FORMAT_BINARY:
          return this._acceptIncoming(decodeBinary((carrier as { buffer?: unknown }).buffer));
        default:
          reportMisuse('format', '`extract` was given an unsupported format and returned null');
          return null;
      }
    } catch (error) {
      reportInternalError('extract', error);
      return null;
    }
  }

  /**
   * OpenTelemetry's active span as an OpenTracing span, so legacy code can tag or log on the span
   * that new code made current. Returns `null` when there is neither a valid active span nor
   * active baggage; with baggage only, a non-recording span that carries it.
   */
  activeSpan(): SpanShim | null {
    try {
      const active = context.active();
      const span = trace.getSpan(active);
      const baggage = propagation.getBaggage(active);
      const hasSpan = span !== undefined && isSpanContextValid(span.spanContext());
      const hasBaggage = baggage !== undefined && !isEmptyBaggage(baggage);
      if (!hasSpan && !hasBaggage) return null;
      return this.adopt(
        hasSpan ? span : trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
        hasBaggage ? baggage : EMPTY_BAGGAGE,
        undefined,
        false,
      );
    } catch (error) {
      reportInternalError('activeSpan', error);
      return null;
    }
  }

  /** The OpenTelemetry tracer this shim starts its spans with (see `otelTracerFrom`). @internal */
  otelTracer(): Tracer {
    return this._start.otelTracer;
  }

  /**
   * A span of this tracer over an OpenTelemetry span it did not start (OpenTelemetry's active span,
   * or one that migrated code hands to legacy code): tags, logs and `finish` act on `span` as on
   * the spans this tracer starts. The baggage is `baggage`, or else read from `baggageSource` on
   * first use.
   * @internal
   */
  adopt(
    span: Span,
    baggage: Baggage | undefined,
    baggageSource: Context | undefined,
    debug: boolean,
  ): SpanShim {
    return new SpanShim(this, span, { baggage, baggageSource, debug, kind: kindOf(span) });
  }

  // The `opentracing` base class's hooks, for code that calls them directly: they route to the
  // public methods above, which do the normalisation themselves.
  protected override _startSpan(name: string, fields: opentracing.SpanOptions): SpanShim {
    return this.startSpan(name, fields);
  }

  protected override _inject(
    spanContext: opentracing.SpanContext,
    format: string,
    carrier: unknown,
  ): void {
    this.inject(spanContext, format, carrier);
  }

  protected override _extract(format: string, carrier: unknown): SpanContextShim | null {
    return this.extract(format, carrier);
  }

  /** Applies the trusted keys and the W3C limits to baggage read from a binary carrier. */
  private _acceptIncoming(
    extracted: { spanContext: SpanContext; baggage: Baggage } | null,
  ): SpanContextShim | null {
    if (extracted === null) return null;
    const { spanContext, baggage } = extracted;
    const accepted =
      baggage === EMPTY_BAGGAGE
        ? baggage
        : acceptIncomingBaggage(baggage, this._isTrustedBaggageKey);
    if (!isSpanContextValid(spanContext) && accepted === undefined) return null;
    return new SpanContextShim(spanContext, accepted ?? EMPTY_BAGGAGE);
  }
}

/** The kind of an SDK span (SDK spans expose it; the API does not). */
function kindOf(span: object): SpanKind {
  const kind = (span as { kind?: unknown }).kind;
  return typeof kind === 'number' && SpanKind[kind] !== undefined ? kind : SpanKind.INTERNAL;
}

function isCarrier(carrier: unknown): carrier is object {
  if ((typeof carrier === 'object' && carrier !== null) || typeof carrier === 'function')
    return true;
  reportMisuse('carrier', 'a carrier that is not an object was ignored');
  return false;
}

/** The span-context shim for what a text-map extract read (see ExtractedContext). */
function shimOf(extracted: ExtractedContext | null): SpanContextShim | null {
  if (extracted === null) return null;
  const shim = SpanContextShim.create(
    extracted.spanContext,
    extracted.baggage,
    extracted.debug,
    extracted.valid,
  );
  if (extracted.childContext !== undefined)
    shim.rememberChildContext(ROOT_CONTEXT, extracted.childContext);
  if (extracted.debugId !== undefined) shim.setDebugId(extracted.debugId);
  if (extracted.legacyFormats !== undefined) shim.setLegacyFormats(extracted.legacyFormats);
  return shim;
}
