import type * as RemoteSamplerModule from '@opentelemetry/sampler-jaeger-remote';
import { TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace';
import type { JaegerSamplerConfig } from './config';
import { RateLimitingSampler } from './rate-limiting-sampler';
import type { StartNotes } from './start-notes';

/** A remote sampler and how to stop its polling. @internal */
export interface RemoteSamplerHandle {
  sampler: Sampler;
  /** Stops polling the sampling server. */
  stop(): void;
}

const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = 5778;
const DEFAULT_REFRESH_INTERVAL_MS = 60_000;
// The official sampler always asks `${endpoint}/sampling?service=...`.
const FIXED_PATH = '/sampling';

// CommonJS's `require`: the remote sampler package is an optional peer dependency, loaded only
// when a remote sampler is configured (jaeger-client's default).
declare const require: (name: string) => unknown;

/** A strategy as the sampling server sends it (Jaeger's remote sampling API, as JSON). */
interface SamplingStrategy {
  strategyType?: unknown;
  rateLimitingSampling?: { maxTracesPerSecond?: unknown };
}

/**
 * jaeger-client's `remote` sampler on the official `@opentelemetry/sampler-jaeger-remote`: polls
 * the sampling server every `refreshIntervalMs` for the service's strategy, and samples with
 * `param` as a probability until one arrives. The official sampler applies probabilistic and
 * per-operation strategies; a rate-limiting strategy, which it leaves aside, is applied here. Its
 * polling timer does not keep the process alive, and stops when the tracer closes.
 * Without the package, the initial probability stays (said once at start).
 * @internal
 */
export function remoteSampler(
  config: JaegerSamplerConfig,
  serviceName: string,
  notes: StartNotes,
): RemoteSamplerHandle {
  const initial = new TraceIdRatioBasedSampler(config.param);
  const remote = loadRemoteSamplerPackage(notes);
  if (remote === undefined) return { sampler: initial, stop: () => undefined };
  const endpoint = samplingEndpoint(config, notes);
  const RateLimitingAware = rateLimitingAware(remote.JaegerRemoteSampler);
  // The official sampler starts a setInterval in its constructor and keeps no handle a caller can
  // reach: take the handle as it is created, so the timer can be unref'd and cleared.
  const realSetInterval = globalThis.setInterval;
  let timer: ReturnType<typeof setInterval> | undefined;
  globalThis.setInterval = (...args: Parameters<typeof setInterval>) =>
    (timer = realSetInterval(...args));
  let sampler: Sampler;
  try {
    sampler = new RateLimitingAware({
      endpoint,
      serviceName,
      poolingInterval: config.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
      initialSampler: initial,
    });
  } finally {
    globalThis.setInterval = realSetInterval;
  }
  timer?.unref();
  return { sampler, stop: () => clearInterval(timer) };
}

/** The base URL the official sampler adds `/sampling` to. */
function samplingEndpoint(config: JaegerSamplerConfig, notes: StartNotes): string {
  let hostPort = config.hostPort;
  if (hostPort === undefined || hostPort === '') {
    hostPort = `${config.host ?? DEFAULT_HOST}:${config.port ?? DEFAULT_PORT}`;
  }
  const path = config.samplingPath ?? FIXED_PATH;
  if (path.endsWith(FIXED_PATH)) return `http://${hostPort}${path.slice(0, -FIXED_PATH.length)}`;
  notes.cannotKeep(
    `sampler.samplingPath "${path}" does not end in ${FIXED_PATH}, which @opentelemetry/sampler-jaeger-remote always asks for: ${FIXED_PATH} is used`,
  );
  return `http://${hostPort}`;
}

type RemoteSamplerClass = typeof RemoteSamplerModule.JaegerRemoteSampler;

/** The official sampler, applying rate-limiting strategies too. */
function rateLimitingAware(Base: RemoteSamplerClass): RemoteSamplerClass {
  // The method is private in the official typings; its contract is its return value.
  const base = Base.prototype as unknown as {
    convertSamplingResponseToSampler(this: unknown, strategy: SamplingStrategy): Sampler;
  };
  class RateLimitingAwareSampler extends Base {}
  (RateLimitingAwareSampler.prototype as unknown as typeof base).convertSamplingResponseToSampler =
    function (strategy: SamplingStrategy): Sampler {
      const rate = strategy?.rateLimitingSampling?.maxTracesPerSecond;
      if (strategy?.strategyType === 'RATE_LIMITING' && typeof rate === 'number') {
        return new RateLimitingSampler(rate);
      }
      return base.convertSamplingResponseToSampler.call(this, strategy);
    };
  return RateLimitingAwareSampler;
}

function loadRemoteSamplerPackage(notes: StartNotes): typeof RemoteSamplerModule | undefined {
  try {
    return require('@opentelemetry/sampler-jaeger-remote') as typeof RemoteSamplerModule;
  } catch {
    notes.cannotKeep(
      'the remote sampler needs @opentelemetry/sampler-jaeger-remote, which could not be loaded (npm install @opentelemetry/sampler-jaeger-remote): the initial sampling rate stays',
    );
    return undefined;
  }
}
