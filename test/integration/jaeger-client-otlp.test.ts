// The drop-in's reporter against a real OTLP/HTTP receiver on loopback: the official OTLP exporter
// (no spanProcessors given) sends what the bridge recorded, where jaeger-client's reporter config
// and the OTEL_* / JAEGER_* variables say, in the protocol asked for. The receiver decodes it with
// protobufjs and the official .proto files (or JSON.parse), and the test compares field by field.
// The service runs in a process of its own (jaeger-client-otlp.script.ts; why in its header).
import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { initTracer, type JaegerTracer } from '../../src/jaeger';
import { scratchBundle, type ScratchBundle } from '../support/node-bundle';
import { decodeSpans, decodeTraceRequest, type DecodedSpan } from '../support/otlp-decode';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { scopedEnv } from '../support/scoped-env';
import type { ServicePlan, ServiceReport } from './jaeger-client-otlp.script';

const SERVICE = 'checkout';
const SCOPE = 'opentracing-otel-bridge/jaeger';
// OTLP's span kinds (the protobuf enum: the API's SpanKind + 1).
const OTLP_KIND_INTERNAL = 1;
const OTLP_KIND_SERVER = 2;
// const 1: the default remote sampler would poll localhost:5778.
const SAMPLE_ALL = { type: 'const', param: 1 };

/** The packages Jest maps (the second CI leg: SDK 3.x), for the service process to use too. */
const MAPPED_PACKAGES = [
  '@opentelemetry/api',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/propagator-b3',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@opentelemetry/sampler-jaeger-remote',
];

/** Where Jest resolves each of them, for this leg. */
const MODULES = Object.fromEntries(MAPPED_PACKAGES.map((name) => [name, require.resolve(name)]));

const receivers: OtlpReceiver[] = [];
/** The service, bundled once for all its runs. */
let service: ScratchBundle;

beforeAll(() => {
  service = scratchBundle(join(__dirname, 'jaeger-client-otlp.script.ts'));
});
afterAll(() => service.remove());

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver();
  receivers.push(started);
  return started;
}

/**
 * Runs the service with `vars` as its only JAEGER_* and OTEL_* variables (this process's
 * environment is left alone) and returns its report once it has closed its tracer.
 */
function runService(plan: ServicePlan, vars: Record<string, string> = {}): Promise<ServiceReport> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) if (/^(JAEGER_|OTEL_)/.test(name)) delete env[name];
  Object.assign(env, vars, { OTLP_TEST_MODULES: JSON.stringify(MODULES) });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [service.file, JSON.stringify(plan)],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ServiceReport);
      },
    );
  });
}

/** The two spans the service records, as the receiver should decode them. */
function expectServiceSpans(spans: DecodedSpan[], { root, child }: ServiceReport): void {
  expect(spans).toEqual([
    {
      name: 'load order',
      traceId: root.traceId,
      spanId: child.spanId,
      parentSpanId: root.spanId,
      kind: OTLP_KIND_INTERNAL,
      attributes: { retries: 2, cached: false, ratio: 0.25 },
      scope: SCOPE,
    },
    {
      name: 'GET /orders',
      traceId: root.traceId,
      spanId: root.spanId,
      parentSpanId: '',
      kind: OTLP_KIND_SERVER,
      // jaeger-client's sampler tags, on the root span only.
      attributes: { 'order.id': 'o-17', 'sampler.type': 'const', 'sampler.param': true },
      scope: SCOPE,
    },
  ]);
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the drop-in exports OTLP/HTTP to a real receiver', () => {
  it.each([
    ['http/protobuf (the default)', {}, 'application/x-protobuf'],
    ['http/json', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'application/json'],
  ])(
    'in %s: collectorEndpoint becomes <origin>/v1/traces; resource and spans arrive intact',
    async (_name, vars, contentType) => {
      const collector = await receiver();
      const report = await runService(
        {
          init: 'initTracer',
          config: {
            serviceName: SERVICE,
            sampler: SAMPLE_ALL,
            reporter: { collectorEndpoint: `${collector.url}/api/traces` },
          },
          options: { tags: { 'deployment.environment': 'test', build: 7, canary: true } },
        },
        vars,
      );

      expect(report.error).toEqual([]);
      // The service ran on the OpenTelemetry packages of this leg, as Jest resolves them.
      expect(report.modules).toEqual(MODULES);
      expect(collector.requests.length).toBeGreaterThan(0);
      for (const request of collector.requests) {
        expect(request.method).toBe('POST');
        expect(request.path).toBe('/v1/traces');
        expect(request.headers['content-type']).toBe(contentType);
        expect(request.headers.authorization).toBeUndefined();
      }
      const [resourceSpans, ...others] = collector.requests.flatMap(decodeTraceRequest);
      expect(others).toEqual([]);
      expect(resourceSpans.resource).toMatchObject({
        'service.name': SERVICE,
        'deployment.environment': 'test',
        build: 7,
        canary: true,
        'host.name': hostname(),
      });
      expect(resourceSpans.resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
      expectServiceSpans(resourceSpans.spans, report);
    },
  );

  it.each([
    ['http/protobuf', {}],
    ['http/json', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }],
  ])('in %s: username and password become HTTP basic authentication', async (_name, vars) => {
    const collector = await receiver();
    const report = await runService(
      {
        init: 'initTracer',
        config: {
          serviceName: SERVICE,
          sampler: SAMPLE_ALL,
          reporter: {
            collectorEndpoint: `${collector.url}/api/traces`,
            username: 'svc-checkout',
            password: 'p:ss w0rd',
          },
        },
        options: {},
      },
      vars,
    );

    expect(collector.requests.length).toBeGreaterThan(0);
    for (const request of collector.requests) {
      expect(request.headers.authorization).toBe(basic('svc-checkout', 'p:ss w0rd'));
    }
    expectServiceSpans(decodeSpans(collector.requests), report);
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', (url: string) => url, '/v1/traces'],
    [
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      (url: string) => `${url}/custom/traces`,
      '/custom/traces',
    ],
  ])(
    '%s wins over collectorEndpoint, and the logger is told once',
    async (variable, urlFor, expectedPath) => {
      const collector = await receiver();
      const fromEnvironment = await receiver();
      const report = await runService(
        {
          init: 'initTracer',
          config: {
            serviceName: SERVICE,
            sampler: SAMPLE_ALL,
            reporter: { collectorEndpoint: `${collector.url}/api/traces` },
          },
          options: {},
        },
        { [variable]: urlFor(fromEnvironment.url) },
      );

      expect(collector.requests).toEqual([]);
      expect(fromEnvironment.requests.length).toBeGreaterThan(0);
      for (const request of fromEnvironment.requests) expect(request.path).toBe(expectedPath);
      expectServiceSpans(decodeSpans(fromEnvironment.requests), report);
      const told = [...report.info, ...report.error].filter((line) =>
        line.includes('OTEL_EXPORTER_OTLP_*ENDPOINT is set'),
      );
      expect(told).toEqual([
        "opentracing-otel-bridge/jaeger: OTEL_EXPORTER_OTLP_*ENDPOINT is set: it wins over the reporter's collectorEndpoint/agentHost",
      ]);
      expect(report.info).toContain(told[0]);
    },
  );

  it('logSpans logs "Reporting span <trace>:<span>:<parent>:<flags>" through logger.info for each finished span', async () => {
    const collector = await receiver();
    const report = await runService({
      init: 'initTracer',
      config: {
        serviceName: SERVICE,
        sampler: SAMPLE_ALL,
        reporter: { logSpans: true, collectorEndpoint: collector.url },
      },
      options: {},
    });

    // As jaeger-client's SpanContext.toString: ids without leading zeros, parent 0 for a root,
    // flags in hex; one line per span, as it finishes (the child first).
    const short = (id: string) => id.replace(/^0+(?=.)/, '');
    const traceId = short(report.root.traceId);
    expect(report.info.filter((line) => line.startsWith('Reporting span '))).toEqual([
      `Reporting span ${traceId}:${short(report.child.spanId)}:${short(report.root.spanId)}:1`,
      `Reporting span ${traceId}:${short(report.root.spanId)}:0:1`,
    ]);
    // Logging is besides exporting, not instead of it.
    expectServiceSpans(decodeSpans(collector.requests), report);
  });

  it('initTracerFromEnv: JAEGER_ENDPOINT, JAEGER_USER/PASSWORD, JAEGER_SERVICE_NAME and JAEGER_TAGS reach the receiver', async () => {
    const collector = await receiver();
    const report = await runService(
      { init: 'initTracerFromEnv', config: {}, options: {} },
      {
        JAEGER_ENDPOINT: `${collector.url}/api/traces`,
        JAEGER_USER: 'inventory-bot',
        JAEGER_PASSWORD: 's3cret',
        JAEGER_SERVICE_NAME: 'inventory',
        JAEGER_SAMPLER_TYPE: 'const',
        JAEGER_SAMPLER_PARAM: '1',
        JAEGER_TAGS:
          'team=payments, region=${TEST_OTLP_REGION:eu-west-1},zone=${TEST_OTLP_ZONE:none}',
        TEST_OTLP_ZONE: 'b',
      },
    );

    expect(report.error).toEqual([]);
    expect(collector.requests.length).toBeGreaterThan(0);
    for (const request of collector.requests) {
      expect(request.path).toBe('/v1/traces');
      expect(request.headers['content-type']).toBe('application/x-protobuf');
      expect(request.headers.authorization).toBe(basic('inventory-bot', 's3cret'));
    }
    const [resourceSpans, ...others] = collector.requests.flatMap(decodeTraceRequest);
    expect(others).toEqual([]);
    expect(resourceSpans.resource).toMatchObject({
      'service.name': 'inventory',
      team: 'payments',
      // TEST_OTLP_REGION is unset: its default.
      region: 'eu-west-1',
      zone: 'b',
      'host.name': hostname(),
    });
    expectServiceSpans(resourceSpans.spans, report);
  });
});

describe('the OTLP endpoint derived from a Jaeger agent or collector address', () => {
  // Port 4318 cannot be bound safely here: the start note tells where spans would go.
  let restoreEnv: () => void;
  beforeEach(() => (restoreEnv = scopedEnv()));
  afterEach(() => restoreEnv());

  it.each([
    [{ agentHost: 'jaeger-agent.internal' }, 'http://jaeger-agent.internal:4318/v1/traces'],
    [{ agentHost: '::1' }, 'http://[::1]:4318/v1/traces'],
    [
      { collectorEndpoint: 'http://jaeger-collector:14268/api/traces' },
      'http://jaeger-collector:4318/v1/traces',
    ],
    [
      { collectorEndpoint: 'https://traces.example.com:8443/api/traces' },
      'https://traces.example.com:8443/v1/traces',
    ],
  ])('reporter %j: spans go to %s', async (reporter, url) => {
    const info: string[] = [];
    const error: string[] = [];
    const tracer: JaegerTracer = initTracer(
      { serviceName: SERVICE, sampler: SAMPLE_ALL, reporter },
      {
        registerGlobals: false,
        logger: { info: (line) => info.push(line), error: (line) => error.push(line) },
      },
    );
    const notes = info.filter((line) => line.includes('spans are sent as OTLP to'));
    expect(notes).toHaveLength(1);
    expect(notes[0].endsWith(`spans are sent as OTLP to ${url}`)).toBe(true);
    // Nothing was recorded, so closing sends nothing to the unreachable address.
    await new Promise<void>((resolve) => tracer.close(resolve));
    expect(error).toEqual([]);
  });
});
