// The drop-in's promise, on a service written for jaeger-client: the same small app (plain
// JavaScript, test/integration/fixtures/jaeger-app) runs once on the real jaeger-client and once on
// opentracing-otel-bridge/jaeger, with the same config and environment, over real HTTP on loopback,
// and the spans, baggage and carriers come out the same, field by field, but for the differences
// the documentation lists (EXPECTED_DIFFERENCES below, each checked to be really there).
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import * as jaegerClient from 'jaeger-client';
import { ConstSampler, InMemoryReporter, Tracer as JaegerTracer } from 'jaeger-client';
import { FORMAT_HTTP_HEADERS } from 'opentracing';
import * as ts from 'typescript';
import * as dropIn from '../../src/jaeger';
import { listen, type RunningServer } from '../support/http';
import {
  dropInTimes,
  fromDropIn,
  fromJaegerClient,
  jaegerTimes,
  spanIdOf,
  traceIdOf,
  type CallerIds,
  type ComparableSpan,
  type JaegerContextData,
  type JaegerSpanData,
  type SpanTimes,
} from '../support/jaeger-dropin-compare';
import { createProgram, projectDiagnostics } from '../support/typescript-program';

type Init = 'initTracer' | 'initTracerFromEnv';
type Library = 'jaeger-client' | 'drop-in';

/** What the fixture app reports (see its JSDoc in app.js). */
interface Observed {
  baggageSeen: Record<string, Record<string, string | undefined>>;
  httpCarrier: Record<string, string>;
  textMapCarrier: Record<string, string>;
  spanTracerIsTracer: boolean;
}

interface FixtureApp {
  runApp(
    lib: object,
    config: object,
    options: object,
    settings: {
      init: Init;
      inventoryUrl: string;
      clock: number;
      callerHeaders: Record<string, string>;
    },
  ): Promise<{ status: number; body: string; observed: Observed }>;
}

const FIXTURE = join(__dirname, 'fixtures', 'jaeger-app');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript, typed by JSDoc
const { runApp } = require(FIXTURE) as FixtureApp;

/** A request the inventory service (a jaeger-client service) received. */
interface InventoryRequest {
  headers: IncomingHttpHeaders;
  /** What its span reads with `getBaggageItem`, by the keys the order service set them with. */
  baggage: Record<string, string | undefined>;
  /** The span id it extracted: the order service's client span. */
  parentSpanId: string | undefined;
}

/** One run of the app on one library. */
interface Run {
  status: number;
  observed: Observed;
  spans: ComparableSpan[];
  times: Map<string, SpanTimes>;
  inventory: InventoryRequest[];
  /** Ids of each span by name, in OpenTelemetry's length. */
  spanIds: Map<string, string>;
  /** jaeger-client: the process (service name, tags); the drop-in: its resource. */
  process: Record<string, unknown>;
  loggedErrors: string[];
  jaegerSpans: JaegerSpanData[];
  otelSpans: ReadableSpan[];
  /** The drop-in: how often its exporter was shut down (by `tracer.close`). */
  shutdowns: number;
}

/**
 * InMemorySpanExporter forgets its spans when shut down, which `tracer.close` does: this one keeps
 * them, and counts the shutdowns.
 */
class KeepingExporter extends InMemorySpanExporter {
  kept: ReadableSpan[] = [];
  shutdowns = 0;

  override shutdown(): Promise<void> {
    this.kept = this.getFinishedSpans().slice();
    this.shutdowns += 1;
    return super.shutdown();
  }
}

const SERVICE = 'orders';
const BAGGAGE_KEYS = ['tier', 'request-id', 'session_id'];

/** The `JAEGER_*` variables of the initTracerFromEnv runs (`${VAR:default}` as services write it). */
const JAEGER_ENV: Record<string, string> = {
  JAEGER_SERVICE_NAME: SERVICE,
  JAEGER_SAMPLER_TYPE: 'const',
  JAEGER_SAMPLER_PARAM: '1',
  JAEGER_TAGS: 'deployment.env=staging,region=${TEST_JAEGER_REGION:eu-west-1},build=1234',
};

/** The same config and options (but for the reporter) for both libraries; fresh each time. */
function setup(init: Init): { config: object; options: Record<string, unknown> } {
  if (init === 'initTracerFromEnv') return { config: {}, options: {} };
  return {
    config: { serviceName: SERVICE, sampler: { type: 'const', param: 1 } },
    options: { tags: { 'deployment.env': 'staging', build: 1234, canary: true } },
  };
}

/** Runs `body` with the given variables and none that would change a tracer's set-up. */
async function withEnvironment<T>(
  vars: Record<string, string>,
  body: () => Promise<T>,
): Promise<T> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) {
    if (/^(JAEGER_|OTEL_)|^TEST_JAEGER_REGION$/.test(name)) delete process.env[name];
  }
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const name of Object.keys(process.env)) {
      if (!(name in saved)) delete process.env[name];
    }
    Object.assign(process.env, saved);
  }
}

let inventoryServer: RunningServer;
const inventoryRequests: InventoryRequest[] = [];
let caller: CallerIds;
let callerHeaders: Record<string, string>;
const clock = Date.now() - 60_000;
const runs = new Map<string, Run>();
const runOf = (library: Library, init: Init): Run => {
  const run = runs.get(`${library} ${init}`);
  if (run === undefined) throw new Error(`no run for ${library} ${init}`);
  return run;
};

async function runOn(library: Library, init: Init): Promise<Run> {
  const { config, options } = setup(init);
  const loggedErrors: string[] = [];
  options.logger = {
    info: () => undefined,
    error: (message: string) => loggedErrors.push(message),
  };
  const reporter = new InMemoryReporter();
  const exporter = new KeepingExporter();
  if (library === 'jaeger-client') {
    options.reporter = reporter;
  } else {
    options.spanProcessors = [new SimpleSpanProcessor({ exporter })];
    options.registerGlobals = false;
  }
  const firstRequest = inventoryRequests.length;
  const reply = await withEnvironment(init === 'initTracerFromEnv' ? JAEGER_ENV : {}, () =>
    runApp(library === 'jaeger-client' ? jaegerClient : dropIn, config, options, {
      init,
      inventoryUrl: `${inventoryServer.url}/stock/42`,
      clock,
      callerHeaders,
    }),
  );
  expect(reply.status).toBe(200);
  const jaegerSpans = reporter.spans as unknown as JaegerSpanData[];
  const otelSpans = exporter.kept;
  const run: Run = {
    status: reply.status,
    observed: reply.observed,
    inventory: inventoryRequests.slice(firstRequest),
    loggedErrors,
    jaegerSpans,
    otelSpans,
    shutdowns: exporter.shutdowns,
    ...(library === 'jaeger-client'
      ? {
          spans: fromJaegerClient(jaegerSpans, caller),
          times: new Map(jaegerSpans.map((span) => [span._operationName, jaegerTimes(span)])),
          spanIds: new Map(
            jaegerSpans.map((span) => [span._operationName, spanIdOf(span.context().spanIdStr)]),
          ),
          process: jaegerProcess(reporter),
        }
      : {
          spans: fromDropIn(otelSpans, caller),
          times: new Map(otelSpans.map((span) => [span.name, dropInTimes(span)])),
          spanIds: new Map(otelSpans.map((span) => [span.name, span.spanContext().spanId])),
          process: { ...otelSpans[0]?.resource.attributes },
        }),
  };
  return run;
}

/** jaeger-client's process, as its reporter received it: the service name and the tags. */
function jaegerProcess(reporter: InMemoryReporter): Record<string, unknown> {
  type ThriftTag = { key: string; vType: string; vStr: string; vDouble: number; vBool: boolean };
  const { serviceName, tags } = (
    reporter as unknown as { _process: { serviceName: string; tags: ThriftTag[] } }
  )._process;
  const values: Record<string, unknown> = { serviceName };
  for (const tag of tags) {
    values[tag.key] =
      tag.vType === 'DOUBLE' ? tag.vDouble : tag.vType === 'BOOL' ? tag.vBool : tag.vStr;
  }
  return values;
}

/** jaeger-client's `baggage` log of setBaggageItem on a sampled span. */
const isBaggageLog = (event: { name: string }): boolean => event.name === 'baggage';

/** The Jaeger part of a carrier (the drop-in writes W3C headers too: EXPECTED_DIFFERENCES). */
function jaegerHeaders(carrier: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(carrier).filter(
      ([key]) => key === 'uber-trace-id' || key.startsWith('uberctx-'),
    ),
  );
}

/** `uber-trace-id` in its four fields, each checked to be hex. */
function traceHeader(carrier: Record<string, string>): {
  trace: string;
  span: string;
  parent: string;
  flags: string;
} {
  const value = carrier['uber-trace-id'];
  expect(value).toMatch(/^[0-9a-f]{1,32}:[0-9a-f]{1,16}:[0-9a-f]{1,16}:[0-9a-f]{1,2}$/);
  const [trace, span, parent, flags] = value.split(':');
  return { trace, span, parent, flags };
}

beforeAll(async () => {
  // The caller: a jaeger-client service with baggage of its own, sending the headers it injected.
  const web = new JaegerTracer('web', new InMemoryReporter(), new ConstSampler(true));
  const request = web.startSpan('GET /checkout');
  request.setBaggageItem('tier', 'gold tier/eu');
  callerHeaders = {};
  web.inject(request, FORMAT_HTTP_HEADERS, callerHeaders);
  const callerContext = request.context() as unknown as JaegerContextData;
  caller = {
    traceId: traceIdOf(callerContext.traceIdStr),
    spanId: spanIdOf(callerContext.spanIdStr),
  };
  request.finish();

  // The inventory service the app calls: a jaeger-client service that reads the baggage.
  const inventory = new JaegerTracer('inventory', new InMemoryReporter(), new ConstSampler(true));
  inventoryServer = await listen((req, res) => {
    const parent = inventory.extract(FORMAT_HTTP_HEADERS, req.headers);
    const extracted = parent as unknown as JaegerContextData | null;
    const span = inventory.startSpan('GET /stock/:id', { childOf: parent ?? undefined });
    inventoryRequests.push({
      headers: req.headers,
      baggage: Object.fromEntries(BAGGAGE_KEYS.map((key) => [key, span.getBaggageItem(key)])),
      parentSpanId: extracted === null ? undefined : spanIdOf(extracted.spanIdStr),
    });
    span.finish();
    res.end('7');
  });

  // One after the other: the environment is the process's.
  for (const init of ['initTracer', 'initTracerFromEnv'] as const) {
    for (const library of ['jaeger-client', 'drop-in'] as const) {
      runs.set(`${library} ${init}`, await runOn(library, init));
    }
  }
}, 30_000);

afterAll(async () => {
  await inventoryServer?.close();
});

it('the fixture app type-checks as plain JavaScript with JSDoc (its jsconfig.json, checkJs)', () => {
  const configFile = join(FIXTURE, 'jsconfig.json');
  const read = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, FIXTURE, undefined, configFile);
  expect(parsed.options.checkJs).toBe(true);
  expect(parsed.fileNames.map((file) => file.slice(FIXTURE.length + 1)).sort()).toEqual([
    'app.js',
    'index.js',
    'orders.js',
  ]);
  const program = createProgram(parsed.fileNames, parsed.options);
  const messages = projectDiagnostics(program).map((diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  );
  expect(messages).toEqual([]);
}, 30_000);

describe.each(['initTracer', 'initTracerFromEnv'] as const)('%s', (init) => {
  const jaeger = (): Run => runOf('jaeger-client', init);
  const bridge = (): Run => runOf('drop-in', init);

  it('records the same spans, field by field: name, parent, trace, kind, error, attributes, events, links', () => {
    expect(bridge().spans).toEqual(jaeger().spans);
  });

  it('records the spans the app makes, where it makes them (the comparison is not vacuous)', () => {
    const outline = bridge().spans.map(({ name, parent, inCallerTrace, kind, error, links }) => ({
      name,
      parent,
      inCallerTrace,
      kind,
      error,
      links,
    }));
    const server = 'GET /orders/:id';
    const inRequest = { inCallerTrace: true, error: false, links: [] };
    // `health check` was started with sampling.priority 0: neither library records it.
    expect(outline).toEqual([
      { ...inRequest, name: 'charge card', parent: server, kind: 'internal', error: true },
      { ...inRequest, name: 'GET /orders/:id', parent: 'caller', kind: 'server' },
      { ...inRequest, name: 'GET inventory', parent: server, kind: 'client' },
      {
        ...inRequest,
        name: 'publish order.viewed',
        parent: server,
        kind: 'producer',
        links: [{ to: server, type: 'follows_from' }],
      },
      { ...inRequest, name: 'SELECT orders', parent: server, kind: 'internal' },
      {
        name: 'startup',
        parent: undefined,
        inCallerTrace: false,
        kind: 'internal',
        error: false,
        links: [],
      },
    ]);
  });

  it('keeps every tag, of every type, and jaeger-client sampler tags on the root span only', () => {
    const attributes = (run: Run) => new Map(run.spans.map((span) => [span.name, span.attributes]));
    expect(attributes(bridge())).toEqual(attributes(jaeger()));
    const byName = attributes(bridge());
    expect(byName.get('startup')).toEqual({
      'sampler.type': 'const',
      'sampler.param': true,
      'app.version': '1.4.2',
      workers: 2,
    });
    expect(byName.get('GET /orders/:id')).toEqual({
      'http.method': 'GET',
      'http.url': '/orders/42',
      component: 'node-http',
      'customer.tier': 'gold tier/eu',
      'order.id': '42',
      'order.items': 3,
      'order.gift': false,
      'http.status_code': 200,
    });
    expect(byName.get('SELECT orders')).toMatchObject({ 'db.rows': 1, 'db.cache_hit': false });
    expect(byName.get('GET inventory')).toMatchObject({ 'http.status_code': 200 });
  });

  it('records every log as an event with every field, the error log as an `exception` event', () => {
    const events = (spans: ComparableSpan[]) =>
      new Map(spans.map((span) => [span.name, span.events]));
    expect(events(bridge().spans)).toEqual(events(jaeger().spans));
    const charge = events(bridge().spans).get('charge card');
    expect(charge).toEqual([
      { name: 'retry', attributes: { event: 'retry', attempt: 2, 'retry.reason': 'timeout' } },
      {
        name: 'exception',
        attributes: {
          event: 'error',
          'exception.type': 'Error',
          'exception.message': 'the issuer declined the card',
          'exception.stacktrace': expect.stringMatching(/^Error: card declined\n\s+at chargeCard /),
        },
      },
    ]);
    expect(events(bridge().spans).get('SELECT orders')).toEqual([
      { name: 'query.sent', attributes: { event: 'query.sent', 'db.rows.expected': 1 } },
    ]);
  });

  it('keeps explicit start, finish and log times to the fraction of a millisecond', () => {
    for (const name of ['SELECT orders', 'charge card', 'publish order.viewed']) {
      const explicit = (run: Run) => {
        const times = run.times.get(name);
        // The error log has no explicit time: only the first log's is compared.
        return times && { start: times.start, end: times.end, firstEvent: times.events[0] };
      };
      expect(explicit(bridge())).toEqual(explicit(jaeger()));
    }
    expect(bridge().times.get('SELECT orders')).toEqual({
      start: clock,
      end: clock + 7.5,
      events: [clock + 2],
    });
    expect(bridge().times.get('charge card')).toMatchObject({
      start: clock + 10,
      end: clock + 16.25,
    });
    expect(bridge().times.get('charge card')?.events[0]).toBe(clock + 13);
  });

  it("gives children the caller's and the server span's baggage, and so does the jaeger-client service called", () => {
    const seen = {
      tier: 'gold tier/eu',
      'request-id': 'req-42',
      session_id: 's-9',
    };
    expect(bridge().observed.baggageSeen).toEqual(jaeger().observed.baggageSeen);
    expect(bridge().observed.baggageSeen).toEqual({
      'SELECT orders': seen,
      'charge card': seen,
      'GET inventory': seen,
      'publish order.viewed': seen,
    });
    expect(bridge().observed.spanTracerIsTracer).toBe(true);
    // Downstream, every key as the jaeger-client service reads it.
    const downstream = (run: Run) =>
      run.inventory.map(({ baggage }) => ({
        tier: baggage.tier,
        'request-id': baggage['request-id'],
        session_id: baggage.session_id,
      }));
    expect(downstream(bridge())).toEqual(downstream(jaeger()));
    expect(downstream(bridge())).toEqual([
      { tier: 'gold tier/eu', 'request-id': 'req-42', session_id: 's-9' },
    ]);
  });

  it('injects Jaeger carriers of the same shape, baggage encoded alike for HTTP headers and text maps', () => {
    for (const run of [jaeger(), bridge()]) {
      const http = traceHeader(run.observed.httpCarrier);
      const textMap = traceHeader(run.observed.textMapCarrier);
      expect(traceIdOf(http.trace)).toBe(caller.traceId);
      expect(traceIdOf(textMap.trace)).toBe(caller.traceId);
      expect(spanIdOf(http.span)).toBe(run.spanIds.get('GET inventory'));
      expect(spanIdOf(textMap.span)).toBe(run.spanIds.get('publish order.viewed'));
      expect([http.flags, textMap.flags]).toEqual(['1', '1']);
      // What the inventory service received over HTTP is what was injected.
      const lowerCased = Object.fromEntries(
        Object.entries(run.observed.httpCarrier).map(([key, value]) => [key.toLowerCase(), value]),
      );
      expect(run.inventory).toHaveLength(1);
      expect(run.inventory[0].headers).toMatchObject(lowerCased);
      expect(run.inventory[0].parentSpanId).toBe(run.spanIds.get('GET inventory'));
    }
    // jaeger-client's parent field is the parent's id; the drop-in's is 0 (EXPECTED_DIFFERENCES).
    expect(spanIdOf(traceHeader(jaeger().observed.httpCarrier).parent)).toBe(
      jaeger().spanIds.get('GET /orders/:id'),
    );
    const baggageHeaders = (carrier: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(jaegerHeaders(carrier)).filter(([key]) => key !== 'uber-trace-id'),
      );
    expect(baggageHeaders(bridge().observed.httpCarrier)).toEqual(
      baggageHeaders(jaeger().observed.httpCarrier),
    );
    expect(baggageHeaders(bridge().observed.textMapCarrier)).toEqual(
      baggageHeaders(jaeger().observed.textMapCarrier),
    );
    expect(baggageHeaders(bridge().observed.httpCarrier)).toEqual({
      'uberctx-tier': 'gold%20tier%2Feu',
      'uberctx-request-id': 'req-42',
      'uberctx-session-id': 's-9',
    });
    expect(baggageHeaders(bridge().observed.textMapCarrier)).toMatchObject({
      'uberctx-tier': 'gold tier/eu',
    });
  });

  it('builds the resource from the service name and the process tags (options.tags or JAEGER_TAGS)', () => {
    const processTags = jaeger().process;
    const resource = bridge().process;
    expect(resource['service.name']).toBe(processTags.serviceName);
    expect(resource['host.name']).toBe(processTags.hostname);
    expect(resource['service.instance.id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const {
      serviceName,
      hostname,
      ip,
      'client-uuid': uuid,
      'jaeger.version': version,
      ...tags
    } = processTags;
    expect([serviceName, hostname, ip, uuid, version]).not.toContain(undefined);
    for (const [key, value] of Object.entries(tags))
      expect([key, resource[key]]).toEqual([key, value]);
    expect(tags).toEqual(
      init === 'initTracer'
        ? { 'deployment.env': 'staging', build: 1234, canary: true }
        : { 'deployment.env': 'staging', region: 'eu-west-1', build: '1234' },
    );
  });

  it('closes with tracer.close(callback), which shuts the span processors down; nothing logged as an error', () => {
    // runApp resolved only after the close callback ran.
    expect(bridge().shutdowns).toBe(1);
    expect(bridge().loggedErrors).toEqual([]);
    expect(jaeger().loggedErrors).toEqual([]);
  });
});

/**
 * Where the drop-in differs from jaeger-client on purpose, as the documentation says, each with
 * what shows it in the initTracer runs: a difference that is no longer there fails, so this list
 * stays true.
 */
const EXPECTED_DIFFERENCES: [string, (jaeger: Run, bridge: Run) => void][] = [
  [
    'a span whose parent came in Jaeger headers records it: `opentracing.propagation.format` (docs/jaeger-client.md)',
    (jaeger, bridge) => {
      expect(tagsOf(jaeger, 'GET /orders/:id').map(({ key }) => key)).not.toContain(
        'opentracing.propagation.format',
      );
      expect(otelSpan(bridge, 'GET /orders/:id').attributes).toHaveProperty(
        ['opentracing.propagation.format'],
        ['jaeger'],
      );
      // Only the span started from the extracted context: its children came from the span.
      expect(otelSpan(bridge, 'SELECT orders').attributes).not.toHaveProperty(
        'opentracing.propagation.format',
      );
    },
  ],
  [
    '`span.kind` at start is the OpenTelemetry span kind, not an attribute (docs/mapping.md)',
    (jaeger, bridge) => {
      expect(tagsOf(jaeger, 'GET /orders/:id')).toContainEqual({
        key: 'span.kind',
        value: 'server',
      });
      const server = otelSpan(bridge, 'GET /orders/:id');
      expect(server.kind).toBe(SpanKind.SERVER);
      expect(server.attributes).not.toHaveProperty('span.kind');
    },
  ],
  [
    '`error: true` is status ERROR, never an attribute (docs/mapping.md)',
    (jaeger, bridge) => {
      expect(tagsOf(jaeger, 'charge card')).toContainEqual({ key: 'error', value: true });
      const charge = otelSpan(bridge, 'charge card');
      expect(charge.status.code).toBe(SpanStatusCode.ERROR);
      expect(charge.attributes).not.toHaveProperty('error');
    },
  ],
  [
    'an error log is an `exception` event, `error.object` and `message` read into exception.* (OTel spec, OpenTracing compatibility; docs/mapping.md)',
    (jaeger, bridge) => {
      const log = jaegerSpan(jaeger, 'charge card')._logs[1].fields.map(({ key }) => key);
      expect(log).toEqual(['event', 'error.object', 'message']);
      const event = otelSpan(bridge, 'charge card').events[1];
      expect(event.name).toBe('exception');
      expect(Object.keys(event.attributes ?? {}).sort()).toEqual([
        'event',
        'exception.message',
        'exception.stacktrace',
        'exception.type',
      ]);
    },
  ],
  [
    "uber-trace-id's parent field is 0: an OpenTelemetry span context has no parent id (docs/propagation.md)",
    (jaeger, bridge) => {
      expect(traceHeader(jaeger.observed.httpCarrier).parent).not.toBe('0');
      expect(traceHeader(bridge.observed.httpCarrier).parent).toBe('0');
      expect(traceHeader(bridge.observed.textMapCarrier).parent).toBe('0');
    },
  ],
  [
    'inject writes W3C `traceparent` and `baggage` beside the Jaeger headers (src/jaeger-client/init-tracer.ts)',
    (jaeger, bridge) => {
      expect(jaeger.observed.httpCarrier).not.toHaveProperty('traceparent');
      for (const carrier of [bridge.observed.httpCarrier, bridge.observed.textMapCarrier]) {
        expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
        expect(carrier.baggage).toContain('request-id=req-42');
      }
    },
  ],
  [
    'process tags: `hostname` is `host.name`, `client-uuid` a new `service.instance.id`; `jaeger.version` and `ip` are not kept, the SDK adds telemetry.sdk.* (src/jaeger-client/resource.ts)',
    (jaeger, bridge) => {
      expect(jaeger.process['jaeger.version']).toBe('Node-3.19.0');
      expect(jaeger.process.ip).toEqual(expect.any(String));
      for (const key of ['jaeger.version', 'ip', 'hostname', 'client-uuid']) {
        expect(bridge.process).not.toHaveProperty([key]);
      }
      expect(bridge.process['service.instance.id']).not.toBe(jaeger.process['client-uuid']);
      expect(bridge.process['telemetry.sdk.language']).toBe('nodejs');
    },
  ],
];

describe('documented differences from jaeger-client (expected, each checked to be there)', () => {
  it.each(EXPECTED_DIFFERENCES)('%s', (_what, check) => {
    check(runOf('jaeger-client', 'initTracer'), runOf('drop-in', 'initTracer'));
  });
});

describe('baggage as jaeger-client keeps it', () => {
  const jaeger = (): Run => runOf('jaeger-client', 'initTracer');
  const bridge = (): Run => runOf('drop-in', 'initTracer');

  it('setBaggageItem logs a `baggage` event on the sampled span, as jaeger-client does', () => {
    const baggageEvents = (spans: ComparableSpan[]) =>
      spans.flatMap((span) =>
        span.events.filter(isBaggageLog).map((event) => ({ span: span.name, ...event })),
      );
    const server = 'GET /orders/:id';
    expect(baggageEvents(jaeger().spans)).toEqual([
      {
        span: server,
        name: 'baggage',
        attributes: { event: 'baggage', key: 'request-id', value: 'req-42' },
      },
      {
        span: server,
        name: 'baggage',
        attributes: { event: 'baggage', key: 'session-id', value: 's-9' },
      },
    ]);
    expect(baggageEvents(bridge().spans)).toEqual(baggageEvents(jaeger().spans));
  });

  it('a baggage key is normalised as jaeger-client does (`session_id` is `session-id`), so a jaeger-client service reads it', () => {
    expect(jaeger().observed.httpCarrier).toHaveProperty(['uberctx-session-id'], 's-9');
    expect(jaeger().inventory[0].baggage.session_id).toBe('s-9');
    expect(
      Object.keys(bridge().observed.httpCarrier).filter((key) => key.startsWith('uberctx-')),
    ).toEqual(
      Object.keys(jaeger().observed.httpCarrier).filter((key) => key.startsWith('uberctx-')),
    );
    expect(bridge().inventory[0].baggage.session_id).toBe('s-9');
  });
});

function jaegerSpan(run: Run, name: string): JaegerSpanData {
  const span = run.jaegerSpans.find((candidate) => candidate._operationName === name);
  if (span === undefined) throw new Error(`jaeger-client recorded no span ${name}`);
  return span;
}

function tagsOf(run: Run, name: string): { key: string; value: unknown }[] {
  return jaegerSpan(run, name)._tags;
}

function otelSpan(run: Run, name: string): ReadableSpan {
  const span = run.otelSpans.find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`the drop-in recorded no span ${name}`);
  return span;
}
