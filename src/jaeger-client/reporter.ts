import {
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { JaegerLogger, JaegerReporterConfig } from './config';
import type { Environment } from './env-config';
import { LoggingSpanProcessor } from './logging-span-processor';
import type { StartNotes } from './start-notes';

/** The OTLP protocols and the official exporter package of each. */
const EXPORTER_PACKAGES = {
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
} as const;
type Protocol = keyof typeof EXPORTER_PACKAGES;

/** jaeger-client's default: spans wait at most a second before they are sent. */
const DEFAULT_FLUSH_INTERVAL_MS = 1000;
/** The Jaeger collector's Thrift-over-HTTP port, and the OTLP ports that replace it. */
const JAEGER_THRIFT_HTTP_PORT = '14268';
const OTLP_HTTP_PORT = 4318;
const OTLP_GRPC_PORT = 4317;

// CommonJS's `require`: the exporters are optional peer dependencies, loaded by protocol.
declare const require: (name: string) => unknown;

/**
 * The span processors for jaeger-client's `config.reporter`: finished spans are batched and sent
 * with the official OTLP exporter (Jaeger collectors accept OTLP). The standard
 * `OTEL_EXPORTER_OTLP_*` variables win, protocol included (`http/protobuf` by default); otherwise
 * the endpoint comes from `collectorEndpoint` or `agentHost` (said once). `logSpans` adds a
 * processor that logs each finished span through the logger.
 * @internal
 */
export function buildReporter(
  reporter: JaegerReporterConfig | undefined,
  env: Environment,
  logger: JaegerLogger | undefined,
  notes: StartNotes,
): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  if (reporter?.logSpans === true) processors.push(new LoggingSpanProcessor(logger));
  const protocol = protocolOf(env, notes);
  const Exporter = loadExporter(protocol, notes);
  if (Exporter === undefined) return processors;
  const config: ExporterConfig = {};
  const url = exportUrl(reporter, env, protocol, notes);
  if (url !== undefined) config.url = url;
  // As jaeger-client reads them: 0 (or anything but a positive number) is the default.
  const timeoutMs = positive(reporter?.timeoutMs, 'reporter.timeoutMs', notes);
  const flushIntervalMs = positive(reporter?.flushIntervalMs, 'reporter.flushIntervalMs', notes);
  if (timeoutMs !== undefined) config.timeoutMillis = timeoutMs;
  if (reporter?.username !== undefined || reporter?.password !== undefined) {
    if (protocol === 'grpc') {
      notes.cannotKeep(
        'reporter.username/password are not sent over OTLP/gRPC; use OTEL_EXPORTER_OTLP_HEADERS',
      );
    } else {
      const credentials = `${reporter.username ?? ''}:${reporter.password ?? ''}`;
      config.headers = { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
    }
  }
  if (reporter?.agentPort !== undefined || reporter?.agentSocketType !== undefined) {
    notes.cannotKeep(
      "reporter.agentPort and agentSocketType are for the agent's UDP Thrift port: not used over OTLP",
    );
  }
  let exporter: SpanExporter;
  try {
    exporter = new Exporter(config);
  } catch (error) {
    // The exporter checks its own settings (an OTEL_EXPORTER_OTLP_* variable, say): a service must
    // still start.
    notes.cannotKeep(
      `the OTLP exporter could not be built (${String(error)}): finished spans are not sent anywhere`,
    );
    return processors;
  }
  processors.push(
    new BatchSpanProcessor({
      exporter,
      // Undefined leaves OTEL_BSP_* and the SDK's defaults in place.
      scheduledDelayMillis:
        flushIntervalMs ??
        (env.OTEL_BSP_SCHEDULE_DELAY === undefined ? DEFAULT_FLUSH_INTERVAL_MS : undefined),
      exportTimeoutMillis: timeoutMs,
    }),
  );
  return processors;
}

function protocolOf(env: Environment, notes: StartNotes): Protocol {
  const given = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (given === undefined || given === '') return 'http/protobuf';
  const protocol = given.trim().toLowerCase();
  if (Object.hasOwn(EXPORTER_PACKAGES, protocol)) return protocol as Protocol;
  notes.cannotKeep(`OTLP protocol "${given}" is unknown: http/protobuf is used`);
  return 'http/protobuf';
}

/** What the drop-in gives the official exporters (each accepts these fields). */
interface ExporterConfig {
  url?: string;
  headers?: Record<string, string>;
  timeoutMillis?: number;
}

type ExporterClass = new (config: ExporterConfig) => SpanExporter;

function loadExporter(protocol: Protocol, notes: StartNotes): ExporterClass | undefined {
  const name = EXPORTER_PACKAGES[protocol];
  try {
    return (require(name) as { OTLPTraceExporter: ExporterClass }).OTLPTraceExporter;
  } catch {
    notes.cannotKeep(
      `OTLP over ${protocol} needs ${name}, which could not be loaded (npm install ${name}): finished spans are not sent anywhere`,
    );
    return undefined;
  }
}

/**
 * The OTLP endpoint, or undefined for the exporter's own choice (the OTEL_EXPORTER_OTLP_*
 * variables, else localhost). The collector's Thrift port 14268 becomes OTLP's; any other origin
 * (a proxy) is kept as it is, with OTLP's path.
 */
function exportUrl(
  reporter: JaegerReporterConfig | undefined,
  env: Environment,
  protocol: Protocol,
  notes: StartNotes,
): string | undefined {
  const fromJaeger = reporter?.collectorEndpoint ?? reporter?.agentHost;
  if (
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) !== undefined ||
    nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) !== undefined
  ) {
    if (fromJaeger !== undefined) {
      notes.carriedOver(
        "OTEL_EXPORTER_OTLP_*ENDPOINT is set: it wins over the reporter's collectorEndpoint/agentHost",
      );
    }
    return undefined;
  }
  const otlpPort = protocol === 'grpc' ? OTLP_GRPC_PORT : OTLP_HTTP_PORT;
  const path = protocol === 'grpc' ? '' : '/v1/traces';
  let url: string | undefined;
  if (reporter?.collectorEndpoint !== undefined) {
    const parsed = parseUrl(reporter.collectorEndpoint);
    if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      notes.cannotKeep(
        'reporter.collectorEndpoint is not an http or https URL: the OTLP default endpoint is used',
      );
      return undefined;
    }
    if (parsed.port === JAEGER_THRIFT_HTTP_PORT) parsed.port = String(otlpPort);
    // The origin has no user name or password: jaeger-client sent none from the URL either.
    url = `${parsed.origin}${path}`;
    notes.carriedOver(
      `reporter.collectorEndpoint ${withoutCredentials(parsed)} (Jaeger Thrift): spans are sent as OTLP to ${url}`,
    );
  } else if (reporter?.agentHost !== undefined) {
    const host = reporter.agentHost;
    const parsed =
      typeof host === 'string' ? parseUrl(`http://${hostForUrl(host)}:${otlpPort}`) : undefined;
    if (parsed === undefined || parsed.hostname === '' || parsed.pathname !== '/') {
      notes.cannotKeep('reporter.agentHost is not a host name: the OTLP default endpoint is used');
      return undefined;
    }
    url = `${parsed.origin}${path}`;
    notes.carriedOver(
      `reporter.agentHost ${parsed.hostname} (Jaeger agent, UDP): spans are sent as OTLP to ${url}`,
    );
  }
  return url;
}

/** A positive finite number of milliseconds, else undefined (the default), said when given. */
function positive(value: unknown, name: string, notes: StartNotes): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  if (value !== 0) notes.cannotKeep(`${name} is not a positive number: the default is used`);
  return undefined;
}

/** A URL as it may be logged: without its user name and password. */
function withoutCredentials(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  return shown.href;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** An IPv6 address in a URL is written in brackets. */
function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
