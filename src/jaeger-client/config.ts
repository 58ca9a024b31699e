import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * jaeger-client's `config` argument of `initTracer`, field for field. What each field becomes on
 * OpenTelemetry is in the table of docs/jaeger-client.md.
 */
export interface JaegerTracingConfig {
  /** The service name: the resource's `service.name`. Required unless `disable` is set. */
  serviceName?: string;
  /** `true`: a tracer that records nothing (it still passes trace context on). */
  disable?: boolean;
  /** Which traces to record; without it, the remote sampler with jaeger-client's defaults. */
  sampler?: JaegerSamplerConfig;
  /** Where finished spans go: OTLP, derived from these fields (see the table). */
  reporter?: JaegerReporterConfig;
  /** jaeger-client's debug throttler: not kept (said once at start). */
  throttler?: { host?: string; port?: number; refreshIntervalMs?: number };
}

/** jaeger-client's `config.sampler`. */
export interface JaegerSamplerConfig {
  /** `const`, `probabilistic`, `ratelimiting` or `remote`. */
  type: string;
  /**
   * `const`: 1 records every trace, 0 none; `probabilistic`: the share of traces recorded (0 to
   * 1); `ratelimiting`: traces per second; `remote`: the share recorded until the first strategy
   * arrives.
   */
  param: number;
  /** `remote`: the sampling server as `host:port`. */
  hostPort?: string;
  /** `remote`: the sampling server's host. Default `localhost`. */
  host?: string;
  /** `remote`: the sampling server's port. Default 5778. */
  port?: number;
  /** `remote`: the path of the sampling endpoint. Default `/sampling`. */
  samplingPath?: string;
  /** `remote`: how often the strategy is fetched, in milliseconds. Default 60,000. */
  refreshIntervalMs?: number;
}

/** jaeger-client's `config.reporter`. */
export interface JaegerReporterConfig {
  /** Each finished span is logged through `options.logger`, as jaeger-client does. */
  logSpans?: boolean;
  /** The Jaeger agent's host: spans go to OTLP on this host, port 4318 (4317 for gRPC). */
  agentHost?: string;
  /** The agent's UDP port: not used (OTLP has its own port). */
  agentPort?: number;
  /** The agent's socket type: not used. */
  agentSocketType?: string;
  /** The collector's Thrift endpoint: spans go to OTLP on its host (see the table). */
  collectorEndpoint?: string;
  /** With `password`: HTTP basic authentication on the OTLP requests. */
  username?: string;
  /** With `username`: HTTP basic authentication on the OTLP requests. */
  password?: string;
  /** The longest a finished span waits before it is sent, in milliseconds. */
  flushIntervalMs?: number;
  /** How long one export may take, in milliseconds. */
  timeoutMs?: number;
}

/** jaeger-client's logger: `options.logger`. */
export interface JaegerLogger {
  /** Information: the start-up summary, logged spans. */
  info(message: string): void;
  /** Errors and warnings: what could not be kept, the bridge's misuse reports. */
  error(message: string): void;
}

/** jaeger-client's `options` argument of `initTracer`, and what the drop-in adds. */
export interface JaegerTracingOptions {
  /** Tags of the process: resource attributes. Default for `initTracerFromEnv`: `JAEGER_TAGS`. */
  tags?: Record<string, unknown>;
  /** Receives the start-up summary and the bridge's warnings. */
  logger?: JaegerLogger;
  /** jaeger-client's metrics factory: not used (said once at start). */
  metrics?: unknown;
  /** The trace context header. Default `uber-trace-id`. */
  contextKey?: string;
  /** The prefix of baggage headers. Default `uberctx-`. */
  baggagePrefix?: string;
  /** Trace ids are always 128-bit on OpenTelemetry; `false` is said once at start. */
  traceId128bit?: boolean;
  /** A server span sharing its client's span id: not possible on OpenTelemetry, said once. */
  shareRpcSpan?: boolean;
  /** A jaeger-client reporter: not usable here; use `spanProcessors`. Said once at start. */
  reporter?: unknown;
  /** A jaeger-client throttler: not used. */
  throttler?: unknown;
  /**
   * The drop-in's own option: OpenTelemetry span processors that replace the reporter built from
   * `config.reporter`, as jaeger-client's `options.reporter` replaces its own (tests pass an
   * in-memory exporter this way).
   */
  spanProcessors?: SpanProcessor[];
  /**
   * The drop-in's own option: whether the tracer provider, the propagator and a context manager
   * become OpenTelemetry's global ones, so that OpenTelemetry code in the process joins the same
   * traces. Default `true`; globals registered earlier are kept (said once).
   */
  registerGlobals?: boolean;
}
