import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace';
import { SamplingPrioritySampler } from '../sdk/sampling-priority-sampler';
import type { JaegerSamplerConfig } from './config';
import { RateLimitingSampler } from './rate-limiting-sampler';
import { remoteSampler, type RemoteSamplerHandle } from './remote-sampler';
import type { StartNotes } from './start-notes';

/** The sampler a tracer uses, and what stops it (the remote sampler's polling). @internal */
export interface BuiltSampler {
  sampler: Sampler;
  remote: RemoteSamplerHandle | undefined;
}

/** jaeger-client's default initial rate of the remote sampler. */
const DEFAULT_REMOTE_INITIAL_RATE = 0.001;

/**
 * The sampler for a jaeger-client `config.sampler`: `const`, `probabilistic`, `ratelimiting` or
 * `remote` (the default when none is given) decides for root spans; children follow their parent,
 * local or remote, as Jaeger's samplers do; `sampling.priority` overrides both. Throws as
 * jaeger-client does when `param` is not a number.
 * @internal
 */
export function buildSampler(
  config: JaegerSamplerConfig | undefined,
  serviceName: string,
  notes: StartNotes,
): BuiltSampler {
  let root: Sampler;
  let remote: RemoteSamplerHandle | undefined;
  // `sampler: null` (or anything but an object) is no sampler config, as jaeger-client reads it.
  if (typeof config !== 'object' || config === null) {
    remote = remoteSampler(
      { type: 'remote', param: DEFAULT_REMOTE_INITIAL_RATE },
      serviceName,
      notes,
    );
    root = remote.sampler;
  } else {
    const { type, param } = config;
    if (typeof param !== 'number') {
      throw new Error(`Expecting sampler.param to be a number. Received ${String(param)}`);
    }
    switch (type) {
      case 'const':
        root = withSamplerTags(
          param === 1 ? new AlwaysOnSampler() : new AlwaysOffSampler(),
          'const',
          param === 1,
        );
        break;
      case 'probabilistic':
        root = withSamplerTags(new TraceIdRatioBasedSampler(param), 'probabilistic', param);
        break;
      case 'ratelimiting':
        root = new RateLimitingSampler(param);
        break;
      case 'remote':
        remote = remoteSampler(config, serviceName, notes);
        root = remote.sampler;
        break;
      default:
        notes.cannotKeep(
          `sampler type "${String(type)}" is unknown: no trace is recorded, as with jaeger-client`,
        );
        root = new AlwaysOffSampler();
    }
  }
  return {
    sampler: new SamplingPrioritySampler(new ParentBasedSampler({ root })),
    remote,
  };
}

/** A root sampler whose sampled traces carry jaeger-client's `sampler.type` and `sampler.param`. */
function withSamplerTags(inner: Sampler, type: string, param: number | boolean): Sampler {
  const tags: Attributes = { 'sampler.type': type, 'sampler.param': param };
  return {
    shouldSample(
      otelContext: Context,
      traceId: string,
      spanName: string,
      spanKind: SpanKind,
      attributes: Attributes,
      links: Link[],
    ): SamplingResult {
      const result = inner.shouldSample(
        otelContext,
        traceId,
        spanName,
        spanKind,
        attributes,
        links,
      );
      if (result.decision !== SamplingDecision.RECORD_AND_SAMPLED) return result;
      return { ...result, attributes: { ...result.attributes, ...tags } };
    },
    toString: () => `${inner.toString()} with sampler tags`,
  };
}
