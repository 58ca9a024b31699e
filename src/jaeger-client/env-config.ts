import type {
  JaegerReporterConfig,
  JaegerSamplerConfig,
  JaegerTracingConfig,
  JaegerTracingOptions,
} from './config';

/** Environment variables, as `process.env` holds them. @internal */
export type Environment = Readonly<Record<string, string | undefined>>;

/** What `initTracerFromEnv` reads: the config and options with the environment filled in. @internal */
export interface ConfigFromEnvironment {
  config: JaegerTracingConfig;
  options: JaegerTracingOptions;
  /** One line per deprecated variable that was set, naming its replacement. */
  deprecations: string[];
}

/** jaeger-client's deprecated variables and the ones that replace them. */
const DEPRECATED: Readonly<Record<string, string>> = {
  JAEGER_SAMPLER_HOST: 'JAEGER_SAMPLER_MANAGER_HOST_PORT',
  JAEGER_SAMPLER_PORT: 'JAEGER_SAMPLER_MANAGER_HOST_PORT',
  JAEGER_REPORTER_ENDPOINT: 'JAEGER_ENDPOINT',
  JAEGER_REPORTER_USER: 'JAEGER_USER',
  JAEGER_REPORTER_PASSWORD: 'JAEGER_PASSWORD',
  JAEGER_REPORTER_AGENT_HOST: 'JAEGER_AGENT_HOST',
  JAEGER_REPORTER_AGENT_PORT: 'JAEGER_AGENT_PORT',
  JAEGER_DISABLE: 'JAEGER_DISABLED',
};

/**
 * The config and options `initTracerFromEnv` passes on, read as jaeger-client reads them: a field
 * given in `config` (even `undefined`, as `key in config`) wins over its variable, and an empty
 * variable leaves its deprecated one in force, as jaeger-client's `||` does; `options.tags`
 * wins over `JAEGER_TAGS`. Unlike jaeger-client, `JAEGER_REPORTER_LOG_SPANS=false` means false, and
 * a malformed `JAEGER_TAGS` item is skipped rather than thrown on. Neither argument is modified.
 * @internal
 */
export function configFromEnvironment(
  config: JaegerTracingConfig,
  options: JaegerTracingOptions,
  env: Environment,
): ConfigFromEnvironment {
  const deprecations = Object.keys(DEPRECATED)
    .filter((name) => nonEmpty(env[name]) !== undefined)
    .map((name) => `${name} is deprecated; use ${DEPRECATED[name]}`);
  const merged: JaegerTracingConfig = {
    ...config,
    disable:
      config.disable === true || env.JAEGER_DISABLED === 'true' || env.JAEGER_DISABLE === 'true',
    serviceName: nonEmpty(config.serviceName) ?? nonEmpty(env.JAEGER_SERVICE_NAME),
  };
  const sampler = samplerFromEnvironment(config.sampler, env);
  if (Object.keys(sampler).length > 0) merged.sampler = sampler as JaegerSamplerConfig;
  if (options.reporter === undefined) {
    const reporter = reporterFromEnvironment(config.reporter, env);
    if (Object.keys(reporter).length > 0) merged.reporter = reporter;
  }
  const tags = options.tags ?? tagsFromEnvironment(env);
  return { config: merged, options: { ...options, tags }, deprecations };
}

/** The value of `key` in `given` when it has that key, else the variable's. */
function pick<T extends object>(
  given: T | undefined,
  key: keyof T,
  variable: string | undefined,
): unknown {
  return given !== undefined && given !== null && key in given ? given[key] : variable;
}

function samplerFromEnvironment(
  given: JaegerSamplerConfig | undefined,
  env: Environment,
): Partial<JaegerSamplerConfig> {
  const sampler: Partial<JaegerSamplerConfig> = {};
  const type = pick(given, 'type', env.JAEGER_SAMPLER_TYPE);
  if (typeof type === 'string' && type !== '') sampler.type = type;
  const param = toNumber(pick(given, 'param', env.JAEGER_SAMPLER_PARAM), parseFloat);
  if (param !== undefined) sampler.param = param;
  const hostPort = pick(given, 'hostPort', env.JAEGER_SAMPLER_MANAGER_HOST_PORT);
  if (typeof hostPort === 'string' && hostPort !== '') sampler.hostPort = hostPort;
  const host = pick(given, 'host', env.JAEGER_SAMPLER_HOST);
  if (typeof host === 'string' && host !== '') sampler.host = host;
  const port = toNumber(pick(given, 'port', env.JAEGER_SAMPLER_PORT), parseInt);
  if (port !== undefined) sampler.port = port;
  const path = pick(given, 'samplingPath', env.JAEGER_SAMPLER_SAMPLING_PATH);
  if (typeof path === 'string' && path !== '') sampler.samplingPath = path;
  const refresh = toNumber(
    pick(given, 'refreshIntervalMs', env.JAEGER_SAMPLER_REFRESH_INTERVAL),
    parseInt,
  );
  if (refresh !== undefined) sampler.refreshIntervalMs = refresh;
  return sampler;
}

function reporterFromEnvironment(
  given: JaegerReporterConfig | undefined,
  env: Environment,
): JaegerReporterConfig {
  const reporter: JaegerReporterConfig = {};
  const logSpans = pick(given, 'logSpans', env.JAEGER_REPORTER_LOG_SPANS);
  if (logSpans === true || (typeof logSpans === 'string' && isTrueText(logSpans))) {
    reporter.logSpans = true;
  }
  const flush = toNumber(
    pick(given, 'flushIntervalMs', env.JAEGER_REPORTER_FLUSH_INTERVAL),
    parseInt,
  );
  if (flush !== undefined) reporter.flushIntervalMs = flush;
  const texts = [
    ['collectorEndpoint', nonEmpty(env.JAEGER_ENDPOINT) ?? env.JAEGER_REPORTER_ENDPOINT],
    ['username', nonEmpty(env.JAEGER_USER) ?? env.JAEGER_REPORTER_USER],
    ['password', nonEmpty(env.JAEGER_PASSWORD) ?? env.JAEGER_REPORTER_PASSWORD],
    ['agentHost', nonEmpty(env.JAEGER_AGENT_HOST) ?? env.JAEGER_REPORTER_AGENT_HOST],
    ['agentSocketType', env.JAEGER_AGENT_SOCKET_TYPE],
  ] as const;
  for (const [key, variable] of texts) {
    const value = pick(given, key, variable);
    if (typeof value === 'string' && value !== '') reporter[key] = value;
  }
  const timeout = toNumber(pick(given, 'timeoutMs', env.JAEGER_REPORTER_TIMEOUT), parseInt);
  if (timeout !== undefined) reporter.timeoutMs = timeout;
  const agentPort = toNumber(
    pick(given, 'agentPort', nonEmpty(env.JAEGER_AGENT_PORT) ?? env.JAEGER_REPORTER_AGENT_PORT),
    parseInt,
  );
  if (agentPort !== undefined) reporter.agentPort = agentPort;
  return reporter;
}

/**
 * `JAEGER_TAGS`: `key=value` items separated by commas; a value `${VARIABLE:default}` is that
 * variable's value, or the default when it is unset or empty.
 * @internal
 */
export function tagsFromEnvironment(env: Environment): Record<string, string> {
  const tags: Record<string, string> = {};
  const list = env.JAEGER_TAGS;
  if (list === undefined || list === '') return tags;
  for (const item of list.split(',')) {
    const separator = item.indexOf('=');
    if (separator <= 0) continue;
    const key = item.slice(0, separator).trim();
    let value = item.slice(separator + 1).trim();
    if (value.startsWith('${') && value.endsWith('}')) {
      const [name = '', fallback = ''] = value.slice(2, -1).split(':');
      value = nonEmpty(env[name]) ?? fallback;
    }
    if (key !== '') tags[key] = value;
  }
  return tags;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function isTrueText(text: string): boolean {
  const lower = text.trim().toLowerCase();
  return lower !== '' && lower !== 'false' && lower !== '0' && lower !== 'no';
}

/** A number from a config value (kept) or a variable's text (parsed); undefined when neither. */
function toNumber(value: unknown, parse: (text: string) => number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
