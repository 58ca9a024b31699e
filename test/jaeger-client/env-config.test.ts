// initTracerFromEnv's reading of the JAEGER_* variables, against jaeger-client's own
// (configuration_env.js): both read the same config, options and environment, and what each would
// build a tracer from is compared, field by field. jaeger-client's reading is real; only its last
// step, building the tracer, is replaced by a spy that keeps what it was given.
import Configuration from 'jaeger-client/dist/src/configuration.js';
import ConfigurationEnv from 'jaeger-client/dist/src/configuration_env.js';
import type { JaegerTracingConfig, JaegerTracingOptions } from '../../src/jaeger';
import {
  configFromEnvironment,
  tagsFromEnvironment,
  type Environment,
} from '../../src/jaeger-client/env-config';
import { scopedEnv } from '../support/scoped-env';

interface Read {
  config: JaegerTracingConfig;
  options: JaegerTracingOptions;
  /** The deprecated variables it warned of, as `OLD -> NEW`. */
  deprecations: string[];
}

/** What jaeger-client's initTracerFromEnv passes to initTracer, for this environment. */
function jaegerClientReads(
  config: JaegerTracingConfig,
  options: JaegerTracingOptions,
  env: Environment,
): Read {
  const restoreEnv = scopedEnv(env);
  let given: { config: JaegerTracingConfig; options: JaegerTracingOptions } | undefined;
  const build = jest
    .spyOn(Configuration, 'initTracer')
    .mockImplementation((config: object, options?: object) => {
      given = { config, options: options ?? {} };
      return undefined;
    });
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    // jaeger-client writes into its arguments: give it copies (which keep undefined-valued keys).
    ConfigurationEnv.initTracer(structuredClone(config), structuredClone(options));
    if (given === undefined) throw new Error('jaeger-client did not build a tracer');
    return {
      ...given,
      deprecations: warn.mock.calls.map((call) => {
        const [, old, replacement] = /variable (\w+)\. Use (\w+)/.exec(String(call[0])) ?? [];
        return `${old} -> ${replacement}`;
      }),
    };
  } finally {
    warn.mockRestore();
    build.mockRestore();
    restoreEnv();
  }
}

/** What the drop-in's initTracerFromEnv builds from, for the same input. */
function dropInReads(
  config: JaegerTracingConfig,
  options: JaegerTracingOptions,
  env: Environment,
): Read {
  const read = configFromEnvironment(config, options, env);
  return {
    config: read.config,
    options: read.options,
    deprecations: read.deprecations.map((line) => {
      const [, old, replacement] = /^(\w+) is deprecated; use (\w+)$/.exec(line) ?? [];
      return `${old} -> ${replacement}`;
    }),
  };
}

/** Every current variable, each with a value of its own. */
const CURRENT: Environment = {
  JAEGER_SERVICE_NAME: 'from-env',
  JAEGER_SAMPLER_TYPE: 'probabilistic',
  JAEGER_SAMPLER_PARAM: '0.25',
  JAEGER_SAMPLER_MANAGER_HOST_PORT: 'sampling-agent:5778',
  JAEGER_SAMPLER_SAMPLING_PATH: '/api/sampling',
  JAEGER_SAMPLER_REFRESH_INTERVAL: '2000',
  JAEGER_REPORTER_LOG_SPANS: 'true',
  JAEGER_REPORTER_FLUSH_INTERVAL: '500',
  JAEGER_REPORTER_TIMEOUT: '3000',
  JAEGER_ENDPOINT: 'http://collector:14268/api/traces',
  JAEGER_USER: 'env-user',
  JAEGER_PASSWORD: 'env-password',
  JAEGER_AGENT_HOST: 'env-agent',
  JAEGER_AGENT_PORT: '6832',
  JAEGER_AGENT_SOCKET_TYPE: 'udp4',
  JAEGER_TAGS: 'team=payments,build=42',
};

/** Every deprecated variable, with values unlike the current ones'. */
const DEPRECATED: Environment = {
  JAEGER_SAMPLER_HOST: 'old-sampling-host',
  JAEGER_SAMPLER_PORT: '15778',
  JAEGER_REPORTER_ENDPOINT: 'http://old-collector:14268/api/traces',
  JAEGER_REPORTER_USER: 'old-user',
  JAEGER_REPORTER_PASSWORD: 'old-password',
  JAEGER_REPORTER_AGENT_HOST: 'old-agent',
  JAEGER_REPORTER_AGENT_PORT: '16832',
  JAEGER_DISABLE: 'false',
};

const cases: Array<[string, JaegerTracingConfig, JaegerTracingOptions, Environment]> = [
  ['no variables, no config', {}, {}, {}],
  ['every current variable, no config', {}, {}, CURRENT],
  [
    'config keys win over their variables; the variables fill the other keys',
    {
      serviceName: 'from-config',
      sampler: { type: 'const', param: 1, refreshIntervalMs: 100 },
      reporter: { collectorEndpoint: 'http://config:14268/api/traces', timeoutMs: 100 },
    },
    { tags: { team: 'from-options' } },
    CURRENT,
  ],
  [
    'a config key present but undefined wins too: the variable is not read',
    {
      sampler: { type: undefined as unknown as string, param: 0.5, hostPort: undefined },
      reporter: { collectorEndpoint: undefined, username: undefined, logSpans: undefined },
    },
    {},
    CURRENT,
  ],
  ['the deprecated variables alone', {}, {}, DEPRECATED],
  ['current variables win over deprecated ones', {}, {}, { ...DEPRECATED, ...CURRENT }],
  [
    'an empty service name in config leaves it to JAEGER_SERVICE_NAME',
    { serviceName: '' },
    {},
    CURRENT,
  ],
  ['JAEGER_DISABLED=true disables', { serviceName: 'svc' }, {}, { JAEGER_DISABLED: 'true' }],
  [
    'the deprecated JAEGER_DISABLE=true disables too',
    { serviceName: 'svc' },
    {},
    { JAEGER_DISABLE: 'true' },
  ],
  ['JAEGER_SAMPLER_PARAM=0 is a rate of 0', {}, {}, { JAEGER_SAMPLER_PARAM: '0' }],
  [
    'a reporter in options: no reporter variable is read',
    {},
    { reporter: { name: 'custom' } },
    CURRENT,
  ],
];

describe('configFromEnvironment reads as jaeger-client does', () => {
  it.each(cases)('%s', (_name, config, options, env) => {
    const expected = jaegerClientReads(config, options, env);
    const actual = dropInReads(config, options, env);
    expect(actual.config).toEqual(expected.config);
    expect(actual.options.tags).toEqual(expected.options.tags);
    expect(actual.options.reporter).toEqual(expected.options.reporter);
    expect(actual.deprecations.sort()).toEqual(expected.deprecations.sort());
  });

  it('lists every deprecated variable that is set, with its replacement', () => {
    expect(dropInReads({}, {}, DEPRECATED).deprecations.sort()).toEqual([
      'JAEGER_DISABLE -> JAEGER_DISABLED',
      'JAEGER_REPORTER_AGENT_HOST -> JAEGER_AGENT_HOST',
      'JAEGER_REPORTER_AGENT_PORT -> JAEGER_AGENT_PORT',
      'JAEGER_REPORTER_ENDPOINT -> JAEGER_ENDPOINT',
      'JAEGER_REPORTER_PASSWORD -> JAEGER_PASSWORD',
      'JAEGER_REPORTER_USER -> JAEGER_USER',
      'JAEGER_SAMPLER_HOST -> JAEGER_SAMPLER_MANAGER_HOST_PORT',
      'JAEGER_SAMPLER_PORT -> JAEGER_SAMPLER_MANAGER_HOST_PORT',
    ]);
  });

  it('fills the reporter and sampler from the variables, typed as jaeger-client types them', () => {
    // The comparison above could pass with both wrong; this pins the values themselves.
    const { config } = dropInReads({}, {}, CURRENT);
    expect(config).toEqual({
      disable: false,
      serviceName: 'from-env',
      sampler: {
        type: 'probabilistic',
        param: 0.25,
        hostPort: 'sampling-agent:5778',
        samplingPath: '/api/sampling',
        refreshIntervalMs: 2000,
      },
      reporter: {
        logSpans: true,
        flushIntervalMs: 500,
        timeoutMs: 3000,
        collectorEndpoint: 'http://collector:14268/api/traces',
        username: 'env-user',
        password: 'env-password',
        agentHost: 'env-agent',
        agentPort: 6832,
        agentSocketType: 'udp4',
      },
    });
  });

  it('an empty current variable leaves its deprecated one in force, as with jaeger-client', () => {
    // jaeger-client reads `JAEGER_ENDPOINT || JAEGER_REPORTER_ENDPOINT`: a variable set to the empty
    // string (as `JAEGER_ENDPOINT=` in a compose file or manifest writes it) counts as unset.
    const env: Environment = {
      ...DEPRECATED,
      JAEGER_ENDPOINT: '',
      JAEGER_USER: '',
      JAEGER_PASSWORD: '',
      JAEGER_AGENT_HOST: '',
      JAEGER_AGENT_PORT: '',
    };
    const expected = jaegerClientReads({}, {}, env);
    expect(expected.config.reporter).toMatchObject({
      collectorEndpoint: 'http://old-collector:14268/api/traces',
      agentPort: 16832,
    });
    expect(dropInReads({}, {}, env).config.reporter).toEqual(expected.config.reporter);
  });

  it('modifies neither argument (jaeger-client writes into both)', () => {
    const config: JaegerTracingConfig = { sampler: { type: 'const', param: 1 } };
    const options: JaegerTracingOptions = {};
    configFromEnvironment(config, options, CURRENT);
    expect(config).toEqual({ sampler: { type: 'const', param: 1 } });
    expect(options).toEqual({});
  });
});

// Each difference checked to be really there, on jaeger-client's side too. LOG_SPANS is in
// docs/jaeger-client.md, malformed JAEGER_TAGS items in env-config.ts's doc; "=" inside a value is
// documented nowhere yet.
describe('where the drop-in reads differently from jaeger-client', () => {
  it('JAEGER_REPORTER_LOG_SPANS=false means false (jaeger-client: Boolean("false"), true)', () => {
    for (const text of ['false', 'FALSE', '0', 'no']) {
      const env = { JAEGER_REPORTER_LOG_SPANS: text };
      expect(jaegerClientReads({}, {}, env).config.reporter?.logSpans).toBe(true);
      expect(dropInReads({}, {}, env).config.reporter?.logSpans).toBeUndefined();
    }
    expect(dropInReads({}, {}, { JAEGER_REPORTER_LOG_SPANS: '1' }).config.reporter).toEqual({
      logSpans: true,
    });
  });

  it('a JAEGER_TAGS item without "=" is skipped (jaeger-client throws)', () => {
    const env = { JAEGER_TAGS: 'team=payments,novalue,zone=b' };
    expect(() => jaegerClientReads({}, {}, env)).toThrow(TypeError);
    expect(tagsFromEnvironment(env)).toEqual({ team: 'payments', zone: 'b' });
  });

  it('a JAEGER_TAGS item with an empty key is skipped (jaeger-client keeps the key "")', () => {
    const env = { JAEGER_TAGS: '=orphan, team=payments' };
    expect(jaegerClientReads({}, {}, env).options.tags).toEqual({
      '': 'orphan',
      team: 'payments',
    });
    expect(tagsFromEnvironment(env)).toEqual({ team: 'payments' });
  });

  it('keeps an "=" inside a value (jaeger-client cuts the value there)', () => {
    const env = { JAEGER_TAGS: 'query=a=b' };
    expect(jaegerClientReads({}, {}, env).options.tags).toEqual({ query: 'a' });
    expect(tagsFromEnvironment(env)).toEqual({ query: 'a=b' });
  });
});

describe('tagsFromEnvironment', () => {
  const env: Environment = {
    JAEGER_TAGS:
      'team=payments, build = 42 ,region=${TEST_TAG_REGION:eu-west-1},zone=${TEST_TAG_ZONE:a},' +
      'rack=${TEST_TAG_RACK:r1},pod=${TEST_TAG_POD:p:1}',
    TEST_TAG_ZONE: 'b',
    TEST_TAG_RACK: '',
  };

  it('reads key=value items, trimmed, and ${VAR:default} as the variable or its default', () => {
    expect(tagsFromEnvironment(env)).toEqual({
      team: 'payments',
      build: '42',
      // Unset, and set but empty: the default.
      region: 'eu-west-1',
      rack: 'r1',
      zone: 'b',
      // The default ends at the next ":", as jaeger-client splits it.
      pod: 'p',
    });
  });

  it('agrees with jaeger-client item by item', () => {
    expect(tagsFromEnvironment(env)).toEqual(jaegerClientReads({}, {}, env).options.tags);
  });

  it('is empty without JAEGER_TAGS, or with it empty', () => {
    expect(tagsFromEnvironment({})).toEqual({});
    expect(tagsFromEnvironment({ JAEGER_TAGS: '' })).toEqual({});
  });

  it('gives way to options.tags in configFromEnvironment', () => {
    const tags = { team: 'from-options' };
    expect(configFromEnvironment({}, { tags }, env).options.tags).toBe(tags);
    expect(configFromEnvironment({}, {}, env).options.tags).toEqual(tagsFromEnvironment(env));
  });
});
