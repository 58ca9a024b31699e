import type {
  Attributes,
  Baggage,
  Context,
  Link,
  Span,
  SpanOptions,
  SpanStatus,
  Tracer,
} from '@opentelemetry/api';
import { SpanKind, context, trace } from './internal/otel-api';
import * as opentracing from 'opentracing';
import { convertStartTags, isPlainTagSet } from './conventions/start-tags';
import { withExactBaggage, EMPTY_BAGGAGE } from './internal/baggage';
import { toStartTime } from './internal/time';
import { JAEGER_DEBUG_ID_ATTRIBUTE } from './internal/debug-flag';
import { PROPAGATION_FORMAT_ATTRIBUTE } from './internal/wire-format';
import { asksToSample } from './conventions/sampling-priority';
import { resolveReferences, type ResolvedReferences } from './references';
import { SpanContextShim } from './span-context';
import { SpanShim, operationName } from './span';
import type { SpanTracer } from './span-tracer';

/** How a tracer starts its spans (see `TracerShimOptions`). @internal */
export interface StartSettings {
  /** The OpenTelemetry tracer that creates the spans. */
  readonly otelTracer: Tracer;
  /** Whether a span without references is parented on the active context. */
  readonly implicitParent: boolean;
  /** Whether a ChildOf parent is also recorded as a link. */
  readonly linkParent: boolean;
}

/**
 * Starts the OpenTelemetry span of `startSpan(name, options)` and wraps it: the parent context
 * from the references (or the active context), the links, the start tags as attributes, kind and
 * status. The one home of span start.
 * @param tracer - the tracer the span reports as its `tracer()`, with its conventions mode.
 * @internal
 */
export function startSpanShim(
  tracer: SpanTracer,
  settings: StartSettings,
  name: string,
  options: opentracing.SpanOptions,
): SpanShim {
  const active = context.active();
  const childOf = options.childOf;
  let parentContext: Context;
  // Undefined: the span's baggage is the parent context's, read only if the span ever asks.
  let baggage: Baggage | undefined;
  let links: readonly Link[] | undefined;
  let debug = false;
  // The legacy wire formats an extracted parent arrived in, recorded on the span.
  let legacyFormats: readonly string[] | undefined;
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
  if (
    list === undefined &&
    (childOf === undefined || childOf === null) &&
    settings.implicitParent
  ) {
    // The most common case of all: no reference, so the active context is the parent context.
    parentContext = active;
  } else if (referenced instanceof SpanShim && referenced.isValid()) {
    // A child of a span: the span's children share one parent context per active context.
    const parent = referenced.context();
    baggage = parent.getBaggage();
    links = followsFrom ? parent.followsFromLinks() : parentLinks(settings, parent);
    debug = parent.isDebug();
    parentContext = referenced.childContextIn(active);
  } else if (referenced instanceof SpanContextShim && referenced.isValid()) {
    // A child of a span context, most often one from extract (a server span).
    legacyFormats = referenced.legacyFormats();
    baggage = referenced.getBaggage();
    links = followsFrom ? referenced.followsFromLinks() : parentLinks(settings, referenced);
    debug = referenced.isDebug();
    parentContext = referenced.childContextIn(active);
  } else if (
    (references = resolveReferences(list, childOf)) !== undefined &&
    references.resolvedAny
  ) {
    baggage = references.baggage;
    links = settings.linkParent ? references.links : references.linksWithoutChildOfParent();
    debug = references.debug;
    legacyFormats = references.parentShim?.legacyFormats();
    parentContext = withExactBaggage(
      referencesParentContext(settings, active, references.parentShim),
      baggage,
    );
  } else if (settings.implicitParent) {
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
  const mode = tracer.semanticConventions;
  if (mode === 'opentracing' && isPlainTagSet(tags)) {
    // Nothing to convert: the SDK copies attributes, so the caller's object is used as it is.
    attributes = tags;
  } else if (typeof tags === 'object' && tags !== null) {
    ({ attributes, kind, status } = convertStartTags(tags, mode));
  }
  // A positive `sampling.priority` at start also marks the trace debug on the wire (Jaeger flags 3,
  // B3 `X-B3-Flags: 1`), as jaeger-client does.
  if (!debug && typeof tags === 'object' && tags !== null) debug = asksToSample(tags);
  if (legacyFormats !== undefined) {
    attributes = { ...attributes, [PROPAGATION_FORMAT_ATTRIBUTE]: [...legacyFormats] };
  }
  if (references?.debugId !== undefined && references.parentShim === undefined) {
    // A child of a bare `jaeger-debug-id`: a new debug trace tagged with the id, as in
    // jaeger-client; SamplingPrioritySampler samples it.
    attributes = { ...attributes, [JAEGER_DEBUG_ID_ATTRIBUTE]: references.debugId };
    debug = true;
  }

  const spanOptions: SpanOptions = {
    kind,
    attributes,
    links: links as Link[] | undefined,
    startTime: toStartTime(options.startTime),
  };
  let span: Span;
  try {
    span = settings.otelTracer.startSpan(operationName(name), spanOptions, parentContext);
  } catch (error) {
    // The caller's tags went to the SDK uncopied, and reading them threw there (a getter that
    // throws on its second read): start again with the converted copy, so only the bad tag is lost.
    if (attributes !== tags || tags === undefined) throw error;
    ({ attributes: spanOptions.attributes, kind, status } = convertStartTags(tags, mode));
    spanOptions.kind = kind;
    span = settings.otelTracer.startSpan(operationName(name), spanOptions, parentContext);
  }
  if (status !== undefined) span.setStatus(status);
  return new SpanShim(tracer, span, { baggage, baggageSource: parentContext, debug, kind });
}

/** The links of a span whose one reference is ChildOf `parent`. */
function parentLinks(
  settings: StartSettings,
  parent: SpanContextShim,
): readonly Link[] | undefined {
  return settings.linkParent ? parent.childOfLinks() : undefined;
}

/** The parent context of a span whose references were resolved the general way. */
function referencesParentContext(
  settings: StartSettings,
  active: Context,
  parent: SpanContextShim | undefined,
): Context {
  if (parent !== undefined) return parent.childContextIn(active);
  // References carried baggage only: the parent follows the no-reference rule.
  return settings.implicitParent ? active : trace.deleteSpan(active);
}
