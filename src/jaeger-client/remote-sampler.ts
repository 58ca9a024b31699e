import type * as RemoteSamplerModule from '@opentelemetry/sampler-jaeger-remote';
import { TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace';
import type { JaegerSamplerConfig } from './config';
import { safeRemoteSampler } from './remote-strategy';
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
/** The longest delay Node's timers hold; longer ones fire after 1 ms. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
// The official sampler always asks `${endpoint}/sampling?service=...`.
const FIXED_PATH = '/sampling';

// CommonJS's `require`: the remote sampler package is an optional peer dependency, loaded only
// when a remote sampler is configured (jaeger-client's default).
declare const require: (name: string) => unknown;

/**
 * jaeger-client's `remote` sampler on the official `@opentelemetry/sampler-jaeger-remote`: polls
 * the sampling server every `refreshIntervalMs` for the service's strategy, and samples with
 * `param` as a probability until one arrives (see remote-strategy.ts for what the drop-in adds).
 * As in jaeger-client, a period of 0 never polls; a period that is not a positive number is the
 * default 60 s (said once), and one past what a timer holds is capped. The polling timer does not
 * keep the process alive, and stops, with any poll under way, when the tracer closes. Without the
 * package, the initial probability stays (said once at start).
 * @internal
 */
export function remoteSampler(
  config: JaegerSamplerConfig,
  serviceName: string,
  notes: StartNotes,
): RemoteSamplerHandle {
  const initial = new TraceIdRatioBasedSampler(config.param);
  const period = pollingPeriod(config.refreshIntervalMs, notes);
  if (period === undefined) return { sampler: initial, stop: () => undefined };
  const remote = loadRemoteSamplerPackage(notes);
  if (remote === undefined) return { sampler: initial, stop: () => undefined };
  const endpoint = samplingEndpoint(config, notes);
  const safe = safeRemoteSampler(remote.JaegerRemoteSampler, endpoint, period);
  // The official sampler starts a setInterval in its constructor and keeps no handle a caller can
  // reach: take the handle as it is created, so the timer can be unref'd and cleared.
  const realSetInterval = globalThis.setInterval;
  let timer: ReturnType<typeof setInterval> | undefined;
  globalThis.setInterval = (...args: Parameters<typeof setInterval>) =>
    (timer = realSetInterval(...args));
  let sampler: Sampler;
  try {
    sampler = new safe.Sampler({
      endpoint,
      serviceName,
      poolingInterval: period,
      initialSampler: initial,
    });
  } finally {
    globalThis.setInterval = realSetInterval;
  }
  timer?.unref();
  return {
    sampler,
    stop: () => {
      clearInterval(timer);
      safe.abortPolls();
    },
  };
}

/** The polling period in milliseconds, or undefined for no polling (jaeger-client's 0). */
function pollingPeriod(given: unknown, notes: StartNotes): number | undefined {
  if (given === undefined || given === null) return DEFAULT_REFRESH_INTERVAL_MS;
  if (given === 0) return undefined;
  if (typeof given !== 'number' || !Number.isFinite(given) || given < 0) {
    notes.cannotKeep(
      `sampler.refreshIntervalMs ${JSON.stringify(given) ?? typeof given} is not a positive number: the strategy is fetched every ${DEFAULT_REFRESH_INTERVAL_MS} ms`,
    );
    return DEFAULT_REFRESH_INTERVAL_MS;
  }
  if (given > MAX_TIMER_DELAY_MS) {
    notes.cannotKeep(
      `sampler.refreshIntervalMs ${given} is longer than a timer holds: ${MAX_TIMER_DELAY_MS} ms is used`,
    );
    return MAX_TIMER_DELAY_MS;
  }
  return Math.max(1, given);
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
