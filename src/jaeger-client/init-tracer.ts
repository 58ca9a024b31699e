import { AlwaysOffSampler, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { TextMapPropagator } from '@opentelemetry/api';
import { nodeProcess } from '../internal/node-globals';
import { buildPropagator, isPropagatorName } from '../propagation/propagators';
import { TracerShim } from '../tracer';
import type { JaegerTracingConfig, JaegerTracingOptions } from './config';
import { configFromEnvironment, type Environment } from './env-config';
import { registerGlobals } from './globals';
import { buildReporter } from './reporter';
import { jaegerResource } from './resource';
import { buildSampler } from './samplers';
import { StartNotes } from './start-notes';

/**
 * What `initTracer` returns: an OpenTracing tracer (the bridge's {@link TracerShim}) over the
 * OpenTelemetry SDK tracer provider it built, with jaeger-client's `close`.
 */
export interface JaegerTracer extends TracerShim {
  /**
   * Stops the remote sampler, sends the spans still waiting and shuts the provider down, then
   * calls `callback` (also when sending failed: the failure goes to the logger).
   */
  close(callback?: () => void): void;
}

/** What a jaeger-client tracer speaks: W3C for OpenTelemetry services, Jaeger for jaeger-client's. */
const DEFAULT_FORMATS = ['tracecontext', 'baggage', 'jaeger'] as const;

/** The name of the OpenTelemetry tracer (instrumentation scope) the drop-in's spans come from. */
const SCOPE_NAME = 'opentracing-otel-bridge/jaeger';
/** jaeger-client's HTTP sender's default timeout: the longest `close` waits for the last export. */
const CLOSE_TIMEOUT_MS = 5000;

/** The sampler type named at start. */
function samplerType(config: JaegerTracingConfig): string {
  const type = (config.sampler as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' ? type : 'remote';
}

class JaegerTracerShim extends TracerShim implements JaegerTracer {
  /** Baggage keys and logs as jaeger-client has them (see SpanTracer). */
  readonly jaegerClientBaggage = true;
  private _closing: Promise<void> | undefined;

  /**
   * @param _provider - the provider this tracer built.
   * @param _release - stops the remote sampler and gives the globals back.
   * @param _closeTimeoutMs - the longest `close` waits for the last export.
   */
  constructor(
    private readonly _provider: TracerProvider,
    private readonly _release: () => void,
    private readonly _closeTimeoutMs: number,
    private readonly _notes: StartNotes,
    propagators: { textMap: TextMapPropagator; httpHeaders: TextMapPropagator },
  ) {
    super(_provider.getTracer(SCOPE_NAME), {
      textMapPropagator: propagators.textMap,
      httpHeadersPropagator: propagators.httpHeaders,
    });
  }

  close(callback?: () => void): void {
    this._closing ??= (async () => {
      this._release();
      let timer: ReturnType<typeof setTimeout> | undefined;
      // The exporter retries a collector that is down until its own timeout: the callback waits at
      // most as long as jaeger-client's HTTP sender would have.
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this._closeTimeoutMs);
        timer.unref();
      });
      try {
        const outcome = await Promise.race([this._provider.shutdown(), timeout]);
        if (outcome === 'timeout') {
          this._notes.cannotKeep(
            `closing the tracer: the last spans were not sent within ${this._closeTimeoutMs} ms`,
          );
        }
      } catch (error) {
        this._notes.cannotKeep(`closing the tracer: ${String(error)}`);
      } finally {
        clearTimeout(timer);
        this._notes.flush();
      }
    })();
    void this._closing.then(() => {
      if (typeof callback === 'function') callback();
    });
  }
}

/**
 * jaeger-client's `initTracer(config, options)` on OpenTelemetry: an OpenTracing tracer over an
 * OpenTelemetry SDK tracer provider built from the same configuration, exporting OTLP. Replace
 * `require('jaeger-client')` with `require('opentracing-otel-bridge/jaeger')`; the mapping of
 * each setting is in docs/jaeger-client.md. Inject writes the Jaeger and W3C formats, extract
 * reads either, so jaeger-client services and OpenTelemetry services share traces.
 *
 * Throws, as jaeger-client does, when `serviceName` is missing (and `disable` is not set) or
 * `sampler.param` is not a number.
 */
export function initTracer(
  config: JaegerTracingConfig,
  options: JaegerTracingOptions = {},
): JaegerTracer {
  return buildTracer(config ?? {}, options ?? {}, environment(), new StartNotes(options?.logger));
}

/**
 * jaeger-client's `initTracerFromEnv(config, options)`: {@link initTracer} with the `JAEGER_*`
 * environment variables filling what `config` and `options` leave out (`JAEGER_SERVICE_NAME`,
 * `JAEGER_DISABLED`, `JAEGER_SAMPLER_*`, `JAEGER_REPORTER_*`, `JAEGER_ENDPOINT`, `JAEGER_USER`,
 * `JAEGER_PASSWORD`, `JAEGER_AGENT_*`, `JAEGER_TAGS`).
 */
export function initTracerFromEnv(
  config: JaegerTracingConfig = {},
  options: JaegerTracingOptions = {},
): JaegerTracer {
  const env = environment();
  const notes = new StartNotes(options?.logger);
  const merged = configFromEnvironment(config ?? {}, options ?? {}, env);
  for (const line of merged.deprecations) notes.cannotKeep(line);
  return buildTracer(merged.config, merged.options, env, notes);
}

function buildTracer(
  config: JaegerTracingConfig,
  options: JaegerTracingOptions,
  env: Environment,
  notes: StartNotes,
): JaegerTracer {
  const propagators = jaegerPropagators(options, env, notes);
  if (config.disable === true) {
    const provider = new TracerProvider({ sampler: new AlwaysOffSampler() });
    notes.flush();
    return new JaegerTracerShim(provider, () => undefined, CLOSE_TIMEOUT_MS, notes, propagators);
  }
  const serviceName = config.serviceName;
  if (typeof serviceName !== 'string' || serviceName === '') {
    throw new Error('config.serviceName must be provided');
  }
  const { sampler, remote } = buildSampler(config.sampler, serviceName, notes);
  noteUnkept(config, options, notes);
  const spanProcessors: SpanProcessor[] =
    options.spanProcessors ?? buildReporter(config.reporter, env, options.logger, notes);
  const provider = new TracerProvider({
    resource: jaegerResource(serviceName, options.tags, notes),
    sampler,
    spanProcessors,
  });
  const releaseGlobals =
    options.registerGlobals !== false
      ? registerGlobals(provider, propagators.httpHeaders, options.logger, notes)
      : () => undefined;
  notes.carriedOver(
    `initialized on OpenTelemetry for service "${serviceName}", sampler ${samplerType(config)}`,
  );
  notes.flush();
  const release = () => {
    remote?.stop();
    releaseGlobals();
  };
  const timeout = config.reporter?.timeoutMs;
  const closeTimeout =
    typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0
      ? timeout
      : CLOSE_TIMEOUT_MS;
  return new JaegerTracerShim(provider, release, closeTimeout, notes, propagators);
}

/** Settings of jaeger-client that have no equivalent here, said once. */
function noteUnkept(
  config: JaegerTracingConfig,
  options: JaegerTracingOptions,
  notes: StartNotes,
): void {
  if (options.traceId128bit === false) {
    notes.cannotKeep(
      'traceId128bit: false is not kept: OpenTelemetry trace ids are 128-bit (jaeger-client reads them)',
    );
  }
  if (options.shareRpcSpan === true) {
    notes.cannotKeep(
      'shareRpcSpan is not kept: a server span always gets its own span id on OpenTelemetry',
    );
  }
  if (options.metrics !== undefined) {
    notes.cannotKeep(
      'options.metrics is not used: the SDK reports on its own spans through OpenTelemetry metrics',
    );
  }
  if (options.reporter !== undefined && options.spanProcessors === undefined) {
    notes.cannotKeep(
      'options.reporter (a jaeger-client reporter) cannot take OpenTelemetry spans: the reporter built from config is used; pass options.spanProcessors instead',
    );
  }
  if (options.throttler !== undefined || config.throttler !== undefined) {
    notes.cannotKeep('the debug throttler is not kept: debug traces are not throttled');
  }
}

/**
 * The propagators of a jaeger-client tracer: W3C trace context and baggage, and the Jaeger format
 * with the given header names (percent-encoded values in HTTP headers, raw in text maps); or the
 * formats `OTEL_PROPAGATORS` names, as in any OpenTelemetry SDK (how a fleet retires
 * `uber-trace-id` once no jaeger-client service is left).
 */
function jaegerPropagators(
  options: JaegerTracingOptions,
  env: Environment,
  notes: StartNotes,
): { textMap: TextMapPropagator; httpHeaders: TextMapPropagator } {
  let names: readonly string[] = DEFAULT_FORMATS;
  const fromEnvironment = env.OTEL_PROPAGATORS;
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    names = fromEnvironment.split(',');
    notes.carriedOver(`OTEL_PROPAGATORS is set: the wire formats are ${fromEnvironment}`);
  }
  for (const name of names) {
    const trimmed = String(name).trim().toLowerCase();
    if (trimmed !== '' && !isPropagatorName(trimmed)) {
      notes.cannotKeep(`OTEL_PROPAGATORS names an unknown format "${trimmed}": it is left out`);
    }
  }
  const headerNames = {
    contextKey: headerName(options.contextKey, 'contextKey', notes),
    baggagePrefix: headerName(options.baggagePrefix, 'baggagePrefix', notes),
  };
  return {
    textMap: buildPropagator(names, 'text-map', headerNames),
    httpHeaders: buildPropagator(names, 'http-headers', headerNames),
  };
}

/** A custom header name when it is text, else the default (said when something else was given). */
function headerName(value: unknown, option: string, notes: StartNotes): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  notes.cannotKeep(`options.${option} is not a header name: the default is used`);
  return undefined;
}

function environment(): Environment {
  return nodeProcess()?.env ?? {};
}
