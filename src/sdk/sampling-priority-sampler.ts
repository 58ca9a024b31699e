import type { Attributes, Context, Link, SpanKind, TraceState } from '@opentelemetry/api';
import { Tags } from 'opentracing';
import { JAEGER_DEBUG_ID_ATTRIBUTE, debugIdOf } from '../internal/debug-flag';
import { isSpanContextValid, trace } from '../internal/otel-api';
import { samplingPriorityOf } from '../conventions/sampling-priority';

/**
 * The OpenTelemetry SDK's sampling decisions, by value (`SamplingDecision` in
 * `@opentelemetry/sdk-trace-base`). Declared here so the bridge does not depend on one SDK line.
 */
export const SamplingDecisionValue = {
  NOT_RECORD: 0,
  RECORD: 1,
  RECORD_AND_SAMPLED: 2,
} as const;

/** A sampling result, shaped like the SDK's `SamplingResult`. */
export interface SamplingResultLike {
  decision: (typeof SamplingDecisionValue)[keyof typeof SamplingDecisionValue];
  attributes?: Readonly<Attributes>;
  traceState?: TraceState;
}

/** A sampler, shaped like the SDK's `Sampler` interface: any SDK sampler fits. */
export interface SamplerLike {
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResultLike;
  toString(): string;
}

/**
 * A sampler that honours OpenTracing's `sampling.priority` tag, given in `startSpan`'s `tags` (the
 * bridge passes initial tags to the sampler as attributes): a priority above 0 records and samples
 * the span, 0 drops it; without the tag, or with a value that is not a number, the wrapped sampler
 * decides. A root span tagged `jaeger-debug-id` (what the bridge starts for a request that carries
 * only that header) is sampled, as jaeger-client does.
 *
 * ```ts
 * new BasicTracerProvider({
 *   sampler: new SamplingPrioritySampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) })),
 * });
 * ```
 */
export class SamplingPrioritySampler implements SamplerLike {
  private readonly _delegate: SamplerLike;

  /** @param delegate - the sampler that decides when no priority is given. */
  constructor(delegate: SamplerLike) {
    this._delegate = delegate;
  }

  /**
   * Decides by `sampling.priority` when present, else samples a span tagged `jaeger-debug-id` (the
   * root of a debug trace asked for by that header), else asks the wrapped sampler.
   */
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResultLike {
    const priority = samplingPriorityOf(attributes[Tags.SAMPLING_PRIORITY]);
    if (priority === undefined) {
      if (typeof attributes[JAEGER_DEBUG_ID_ATTRIBUTE] === 'string') return SAMPLED;
      // A root started (by OpenTelemetry instrumentation, say) in the context an extract of a bare
      // `jaeger-debug-id` left: that span is the debug trace's root, tagged as jaeger-client does.
      // A sampler is called with whatever context a caller has: read it only when it is one.
      const debugId = typeof context?.getValue === 'function' ? debugIdOf(context) : undefined;
      if (debugId !== undefined && !hasValidParent(context)) {
        return { ...SAMPLED, attributes: { [JAEGER_DEBUG_ID_ATTRIBUTE]: debugId } };
      }
      return this._delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    }
    return {
      decision:
        priority > 0 ? SamplingDecisionValue.RECORD_AND_SAMPLED : SamplingDecisionValue.NOT_RECORD,
    };
  }

  /** A description naming the wrapped sampler. */
  toString(): string {
    return `SamplingPrioritySampler{${this._delegate.toString()}}`;
  }
}

const SAMPLED: SamplingResultLike = { decision: SamplingDecisionValue.RECORD_AND_SAMPLED };

function hasValidParent(context: Context): boolean {
  const parent = trace.getSpanContext(context);
  return parent !== undefined && isSpanContextValid(parent);
}
