import type {
  Attributes,
  Baggage,
  Context,
  Link,
  Span,
  SpanContext,
  SpanOptions,
  SpanStatus,
  TextMapPropagator,
  Tracer,
} from '@opentelemetry/api';
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
import { convertStartTags, isPlainTagSet } from './conventions/start-tags';
import { toSpanContextShim } from './foreign-context';
import { reportInternalError, reportMisuse } from './internal/report';
import { toStartTime } from './internal/time';
import { decodeBinary, encodeBinary } from './propagation/binary';
import {
  extractTextMap,
  injectTextMap,
  type ExtractedContext,
  type TextMapCodec,
} from './propagation/text-map';
import {
  acceptIncomingBaggage,
  toKeyPredicate,
  type BaggageKeyFilter,
} from './propagation/incoming-baggage';
import {
  createPropagator,
  propagatorFromEnvironment,
  type PropagatorName,
} from './propagation/propagators';
import { resolveReferences, type ResolvedReferences } from './references';
import { SpanContextShim } from './span-context';
import { EMPTY_BAGGAGE, withExactBaggage } from './internal/baggage';
import { SpanShim, operationName } from './span';

/** Options of {@link TracerShim}; the first two are those of `@opentelemetry/shim-opentracing`. */
export interface TracerShimOptions {
  /** Propagator for `FORMAT_TEXT_MAP`. Default: OpenTelemetry's global propagator. */
  textMapPropagator?: TextMapPropagator;
  /** Propagator for `FORMAT_HTTP_HEADERS`. Default: OpenTelemetry's global propagator. */
  httpHeadersPropagator?: TextMapPropagator;
  /**
   * What a span started without `childOf`/`references` is parented on.
   *
   * `true` (default, as in `@opentelemetry/shim-opentracing`): OpenTelemetry's active span, and
   * the active baggage, so OpenTracing spans nest under OTel spans in mixed code.
   * `false`: a new root span with empty baggage, as the OpenTelemetry specification describes for
   * shims without a scope manager.
   */
  implicitParent?: boolean;
  /**
   * Wire formats for both `FORMAT_TEXT_MAP` and `FORMAT_HTTP_HEADERS`, by name, built from the
   * official OpenTelemetry propagators: extract reads any of them, inject writes all of them. See
   * {@link PropagatorName}. An explicit `textMapPropagator`/`httpHeadersPropagator` still wins for
   * its format. Without this option the `OTEL_PROPAGATORS` environment variable is honoured as the
   * OTel SDK does, and without that, the global propagator is used.
   */
  propagators?: readonly PropagatorName[];
  /**
   * Whether a ChildOf reference chosen as the parent is also recorded as a link. Default `false`:
   * the OTel parent/child relation already says "child of" that span, so the link would repeat it
   * (Jaeger shows it as a second reference to the parent), the official shim records none either,
   * and the SDK's work on it costs about 15% of a span (see the README's performance figures).
   * `true` follows the letter of the OpenTelemetry specification: every reference becomes a link.
   * Every other reference is a link either way, a FollowsFrom parent included: the link is the
   * only place its type is recorded.
   */
  linkParentReference?: boolean;
  /**
   * Which incoming baggage keys to trust at this service's boundary: a list or a predicate. Other
   * keys are dropped at extract. Default: all keys (still bounded by the W3C limits).
   */
  incomingBaggageKeys?: BaggageKeyFilter;
  /**
   * Tag names on the OpenTelemetry spans: OpenTracing's (`'opentracing'`, the default),
   * OpenTelemetry semantic conventions (`'otel'`), or both. See {@link SemanticConventionsMode}.
   */
  semanticConventions?: SemanticConventionsMode;
}

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
  private readonly _tracer: Tracer;
  private readonly _textMap: TextMapCodec;
  private readonly _httpHeaders: TextMapCodec;
  private readonly _implicitParent: boolean;
  private readonly _linkParent: boolean;
  private readonly _isTrustedBaggageKey: ((key: string) => boolean) | undefined;
  /** How tags are named on the spans of this tracer. */
  readonly semanticConventions: SemanticConventionsMode;

  /**
   * @param tracer - the OpenTelemetry tracer that creates the spans.
   * @param options - propagators and parenting; see {@link TracerShimOptions}.
   */
  constructor(tracer: Tracer, options?: TracerShimOptions) {
    super();
    this._tracer = tracer;
    // The global `propagation` API has the propagator's inject/extract signature and looks up the
    // global propagator on each call, so one registered after this constructor is still used.
    // Each option on its own: one that cannot be read must not take the others with it.
    const named = optionOrDefault(
      'propagators',
      () =>
        options?.propagators == null
          ? propagatorFromEnvironment()
          : createPropagator(options.propagators),
      undefined,
    );
    this._textMap =
      optionOrDefault(
        'textMapPropagator',
        () => usablePropagator(options?.textMapPropagator),
        undefined,
      ) ??
      named ??
      propagation;
    this._httpHeaders =
      optionOrDefault(
        'httpHeadersPropagator',
        () => usablePropagator(options?.httpHeadersPropagator),
        undefined,
      ) ??
      named ??
      propagation;
    this._implicitParent = optionOrDefault(
      'implicitParent',
      () => options?.implicitParent !== false,
      true,
    );
    this._linkParent = optionOrDefault(
      'linkParentReference',
      () => options?.linkParentReference === true,
      false,
    );
    // A trusted-key filter that cannot be read fails closed: no incoming key is trusted.
    this._isTrustedBaggageKey = optionOrDefault(
      'incomingBaggageKeys',
      () => toKeyPredicate(options?.incomingBaggageKeys),
      TRUST_NO_KEY,
    );
    this.semanticConventions = optionOrDefault(
      'semanticConventions',
      () => conventionsMode(options?.semanticConventions),
      'opentracing',
    );
  }

  /** The OpenTelemetry tracer behind this shim. */
  getTracer(): Tracer {
    return this._tracer;
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
      return this._start(name, options ?? NO_OPTIONS);
    } catch (error) {
      reportInternalError('startSpan', error);
      return SpanShim.create(
        this,
        trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
        EMPTY_BAGGAGE,
        undefined,
        false,
        SpanKind.INTERNAL,
      );
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
      const hasBaggage = baggage !== undefined && baggage.getAllEntries().length > 0;
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
    return this._tracer;
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
    return SpanShim.create(this, span, baggage, baggageSource, debug, kindOf(span));
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

  private _start(name: string, options: opentracing.SpanOptions): SpanShim {
    const active = context.active();
    const childOf = options.childOf;
    let parentContext: Context;
    // Undefined: the span's baggage is the parent context's, read only if the span ever asks.
    let baggage: Baggage | undefined;
    let links: readonly Link[] | undefined;
    let debug = false;
    // The common cases first, kept free of allocation: no reference at all, or a single ChildOf or
    // FollowsFrom reference (as `childOf`, or a one-entry `references`) to a valid span or span
    // context of this bridge. Anything else goes through `resolveReferences`.
    const list = options.references;
    let referenced: unknown = childOf;
    let followsFrom = false;
    if (list !== undefined) {
      referenced = undefined;
      const only = Array.isArray(list) && list.length === 1 ? (list[0] as unknown) : undefined;
      if ((childOf === undefined || childOf === null) && only instanceof opentracing.Reference) {
        const type = only.type();
        followsFrom = type === opentracing.REFERENCE_FOLLOWS_FROM;
        if (followsFrom || type === opentracing.REFERENCE_CHILD_OF)
          referenced = only.referencedContext();
      }
    }
    let references: ResolvedReferences | undefined;
    if (list === undefined && (childOf === undefined || childOf === null) && this._implicitParent) {
      // The most common case of all: no reference, so the active context is the parent context.
      parentContext = active;
    } else if (referenced instanceof SpanShim && referenced.isValid()) {
      // A child of a span: the span's children share one parent context per active context.
      const parent = referenced.context();
      baggage = parent.getBaggage();
      links = followsFrom ? parent.followsFromLinks() : this._parentLinks(parent);
      debug = parent.isDebug();
      parentContext = referenced.childContextIn(active);
    } else if (referenced instanceof SpanContextShim && referenced.isValid()) {
      // A child of a span context, most often one from extract (a server span).
      baggage = referenced.getBaggage();
      links = followsFrom ? referenced.followsFromLinks() : this._parentLinks(referenced);
      debug = referenced.isDebug();
      parentContext = referenced.childContextIn(active);
    } else if (
      (references = resolveReferences(list, childOf)) !== undefined &&
      references.resolvedAny
    ) {
      baggage = references.baggage;
      links = this._linkParent ? references.links : references.linksWithoutChildOfParent();
      debug = references.debug;
      parentContext = withExactBaggage(this._parentContext(active, references.parentShim), baggage);
    } else if (this._implicitParent) {
      // The active context is the parent context, baggage and all.
      parentContext = active;
    } else {
      baggage = EMPTY_BAGGAGE;
      parentContext = withExactBaggage(trace.deleteSpan(active), baggage);
    }

    let kind = SpanKind.INTERNAL;
    let attributes: Attributes | undefined;
    let status: SpanStatus | undefined;
    const tags = options.tags;
    const mode = this.semanticConventions;
    if (mode === 'opentracing' && isPlainTagSet(tags)) {
      // Nothing to convert: the SDK copies attributes, so the caller's object is used as it is.
      attributes = tags;
    } else if (typeof tags === 'object' && tags !== null) {
      ({ attributes, kind, status } = convertStartTags(tags, mode));
    }

    const spanOptions: SpanOptions = {
      kind,
      attributes,
      links: links as Link[] | undefined,
      startTime: toStartTime(options.startTime),
    };
    let span: Span;
    try {
      span = this._tracer.startSpan(operationName(name), spanOptions, parentContext);
    } catch (error) {
      // The caller's tags went to the SDK uncopied, and reading them threw there (a getter that
      // throws on its second read): start again with the converted copy, so only the bad tag is lost.
      if (attributes !== tags || tags === undefined) throw error;
      ({ attributes: spanOptions.attributes, kind, status } = convertStartTags(tags, mode));
      spanOptions.kind = kind;
      span = this._tracer.startSpan(operationName(name), spanOptions, parentContext);
    }
    if (status !== undefined) span.setStatus(status);
    return SpanShim.create(this, span, baggage, parentContext, debug, kind);
  }

  /** The links of a span whose one reference is ChildOf `parent`. */
  private _parentLinks(parent: SpanContextShim): readonly Link[] | undefined {
    return this._linkParent ? parent.childOfLinks() : undefined;
  }

  private _parentContext(active: Context, parent: SpanContextShim | undefined): Context {
    if (parent !== undefined) return parent.childContextIn(active);
    // References carried baggage only: the parent follows the no-reference rule.
    return this._implicitParent ? active : trace.deleteSpan(active);
  }
}

/** Bad options must not stop the application from starting: the default stays in place. */
function optionOrDefault<T>(name: string, read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    reportInternalError(`TracerShim option \`${name}\``, error);
    return fallback;
  }
}

const TRUST_NO_KEY = (): boolean => false;

/** The kind of an SDK span (SDK spans expose it; the API does not). */
function kindOf(span: object): SpanKind {
  const kind = (span as { kind?: unknown }).kind;
  return typeof kind === 'number' && SpanKind[kind] !== undefined ? kind : SpanKind.INTERNAL;
}

function usablePropagator(propagator: unknown): TextMapCodec | undefined {
  if (propagator === undefined || propagator === null) return undefined;
  const candidate = propagator as Partial<TextMapCodec>;
  if (typeof candidate.inject === 'function' && typeof candidate.extract === 'function') {
    return propagator as TextMapCodec;
  }
  reportMisuse('propagator-name', 'a propagator option without inject/extract was ignored');
  return undefined;
}

function conventionsMode(mode: unknown): SemanticConventionsMode {
  if (mode === undefined || mode === 'opentracing' || mode === 'otel' || mode === 'both') {
    return mode ?? 'opentracing';
  }
  reportMisuse('conventions', 'an unknown semanticConventions mode was replaced by `opentracing`');
  return 'opentracing';
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
  return shim;
}
