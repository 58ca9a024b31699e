import type * as RemoteSamplerModule from '@opentelemetry/sampler-jaeger-remote';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { RateLimitingSampler } from './rate-limiting-sampler';

/** The official remote sampler class. @internal */
export type RemoteSamplerClass = typeof RemoteSamplerModule.JaegerRemoteSampler;

/** A strategy as the sampling server sends it (Jaeger's remote sampling API, as JSON). */
interface SamplingStrategy {
  strategyType?: unknown;
  probabilisticSampling?: { samplingRate?: unknown } | null;
  rateLimitingSampling?: { maxTracesPerSecond?: unknown } | null;
  operationSampling?: { perOperationStrategies?: unknown } | null;
}

/** What the subclass reaches of the official sampler: private there, a contract by use. */
interface OfficialInternals {
  _sampler: Sampler;
  convertSamplingResponseToSampler(this: unknown, strategy: SamplingStrategy): Sampler;
}

/** The most bytes of a strategy read: a real one is a few kilobytes even with many operations. */
const MAX_STRATEGY_BYTES = 1024 * 1024;
/** jaeger-client's cap on per-operation strategies. */
const MAX_OPERATIONS = 2000;
/** The longest one poll may take, whatever the period. */
const MAX_POLL_MS = 10_000;

/**
 * The official sampler, made safe to run in a service and closer to jaeger-client:
 * - each poll is aborted after `min(period, 10 s)` and when the tracer closes (the official one's
 *   `fetch` has no time limit: a server that accepts and never answers kept the process alive),
 *   reads at most 1 MiB, and asks for the service name URL-encoded;
 * - a rate-limiting strategy is applied (the official sampler leaves it aside);
 * - a probabilistic rate outside 0..1 keeps the sampler in place, as jaeger-client does, and at most
 *   2,000 per-operation strategies are read.
 * @internal
 */
export function safeRemoteSampler(
  Base: RemoteSamplerClass,
  endpoint: string,
  pollTimeoutMs: number,
): { Sampler: RemoteSamplerClass; abortPolls(): void } {
  const polls = new Set<AbortController>();
  const base = Base.prototype as unknown as OfficialInternals;
  class SafeRemoteSampler extends Base {}
  const prototype = SafeRemoteSampler.prototype as unknown as OfficialInternals & {
    getSamplerConfig(serviceName: string | undefined): Promise<SamplingStrategy>;
  };
  prototype.getSamplerConfig = async (serviceName) => {
    const poll = new AbortController();
    polls.add(poll);
    const timer = setTimeout(() => poll.abort(), Math.min(pollTimeoutMs, MAX_POLL_MS));
    timer.unref();
    try {
      const url = `${endpoint}/sampling?service=${encodeURIComponent(serviceName ?? '')}`;
      const response = await fetch(url, { signal: poll.signal });
      if (!response.ok) throw new Error(`sampling server answered HTTP ${response.status}`);
      return JSON.parse(await boundedText(response, poll)) as SamplingStrategy;
    } finally {
      clearTimeout(timer);
      polls.delete(poll);
    }
  };
  prototype.convertSamplingResponseToSampler = function (
    this: OfficialInternals,
    strategy: SamplingStrategy,
  ): Sampler {
    if (typeof strategy !== 'object' || strategy === null) return this._sampler;
    const rate = strategy.rateLimitingSampling?.maxTracesPerSecond;
    if (strategy.strategyType === 'RATE_LIMITING' && typeof rate === 'number') {
      return new RateLimitingSampler(rate);
    }
    const probability = strategy.probabilisticSampling?.samplingRate;
    if (
      strategy.operationSampling == null &&
      (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))
    ) {
      return this._sampler;
    }
    const operations = strategy.operationSampling?.perOperationStrategies;
    if (Array.isArray(operations) && operations.length > MAX_OPERATIONS) {
      strategy = {
        ...strategy,
        operationSampling: {
          ...strategy.operationSampling,
          perOperationStrategies: operations.slice(0, MAX_OPERATIONS),
        },
      };
    }
    return base.convertSamplingResponseToSampler.call(this, strategy);
  };
  return {
    Sampler: SafeRemoteSampler,
    abortPolls: () => {
      for (const poll of polls) poll.abort();
    },
  };
}

/** The response body as text, failing past {@link MAX_STRATEGY_BYTES}. */
async function boundedText(response: Response, poll: AbortController): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_STRATEGY_BYTES) {
      poll.abort();
      throw new Error(`sampling strategy over ${MAX_STRATEGY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
