// The jaeger-client drop-in attacked as a careless user and as a hostile peer would: config values
// of the wrong type or range, hostile environment, lifecycle misuse, hostile headers over real
// HTTP. The standard: no bad value may throw into the service (beyond jaeger-client's own two
// throws), hang it, storm a server or leave the process unable to exit; misuse is said once, and
// behaviour matches jaeger-client where a service would notice. Tests that fail here are bugs in
// src/ (see the report that came with this file); the passing ones pin what held.
import {
  ROOT_CONTEXT,
  SpanKind,
  context,
  diag,
  propagation,
  trace,
  type Span as OtelSpan,
} from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import * as jaegerClient from 'jaeger-client';
import { InMemoryReporter } from 'jaeger-client';
import { FORMAT_HTTP_HEADERS, FORMAT_TEXT_MAP } from 'opentracing';
import type { JaegerTracingConfig, JaegerTracingOptions } from '../../src/jaeger';
import { initTracer, initTracerFromEnv, type JaegerTracer } from '../../src/jaeger';
import { get, listen, type RunningServer } from '../support/http';
import { scopedEnv } from '../support/scoped-env';

let exporter: InMemorySpanExporter;
let logged: { info: string[]; error: string[] };
let restoreEnv: () => void;
const closables: Array<{ close(callback?: () => void): void }> = [];
const servers: RunningServer[] = [];

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  logged = { info: [], error: [] };
  restoreEnv = scopedEnv();
});
afterEach(async () => {
  await Promise.all(
    closables.splice(0).map((tracer) => new Promise<void>((resolve) => tracer.close(resolve))),
  );
  await Promise.all(servers.splice(0).map((server) => server.close()));
  restoreEnv();
});

const logger = {
  info: (line: string) => logged.info.push(line),
  error: (line: string) => logged.error.push(line),
};

/** The drop-in recording into `exporter` (unless options say otherwise), telling `logged`. */
function dropIn(config: JaegerTracingConfig, options: JaegerTracingOptions = {}): JaegerTracer {
  const tracer = initTracer(config, {
    registerGlobals: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    logger,
    ...options,
  });
  closables.push(tracer);
  return tracer;
}

/** The same, but with the OTLP reporter built from `config.reporter` (nothing is exported). */
function withReporter(reporter: JaegerTracingConfig['reporter']): JaegerTracer {
  const tracer = initTracer(
    { serviceName: 'svc', sampler: { type: 'const', param: 1 }, reporter },
    { registerGlobals: false, logger },
  );
  closables.push(tracer);
  return tracer;
}

const CONST_ON = { type: 'const', param: 1 };

describe('config values that must not throw into the service', () => {
  // jaeger-client reads `if (config.reporter.timeoutMs)`: 0 means its default, and nothing it is
  // given makes initTracer throw. The official OTLP exporter throws on a timeout <= 0 or not a
  // number; the drop-in passes the value on unchecked, so the service does not start.
  it.each([0, -1, 'soon'])('reporter.timeoutMs %p', (timeoutMs) => {
    expect(() => withReporter({ timeoutMs: timeoutMs as number })).not.toThrow();
  });

  it('JAEGER_REPORTER_TIMEOUT=0 (what jaeger-client reads as "the default")', () => {
    restoreEnv();
    restoreEnv = scopedEnv({
      JAEGER_SERVICE_NAME: 'svc',
      JAEGER_SAMPLER_TYPE: 'const',
      JAEGER_SAMPLER_PARAM: '1',
      JAEGER_REPORTER_TIMEOUT: '0',
    });
    expect(() => {
      const jaeger = jaegerClient.initTracerFromEnv({}, { reporter: new InMemoryReporter() });
      closables.push(jaeger);
    }).not.toThrow();
    expect(() => {
      closables.push(initTracerFromEnv({}, { registerGlobals: false, logger }));
    }).not.toThrow();
  });

  // `new URL('file:///x').origin` is 'null': the drop-in builds 'null/v1/traces', which the
  // exporter throws on. jaeger-client accepts these (its sender fails later, through the logger).
  it.each(['file:///var/spans', 'javascript:alert(1)', 'data:,x'])(
    'reporter.collectorEndpoint %p is said, not thrown',
    (collectorEndpoint) => {
      expect(() => withReporter({ collectorEndpoint })).not.toThrow();
      expect(logged.error.join('\n')).toContain('collectorEndpoint');
    },
  );

  // A host name with a space (a typo in JAEGER_AGENT_HOST) or not a string at all.
  it.each(['jaeger agent', 'a/b?c', 42])('reporter.agentHost %p is said, not thrown', (host) => {
    expect(() => withReporter({ agentHost: host as string })).not.toThrow();
    expect(logged.error.join('\n')).toContain('agentHost');
  });

  // jaeger-client: `if (config.sampler)`, so null means "the default remote sampler".
  it('sampler: null is the default sampler, as in jaeger-client', () => {
    expect(() =>
      dropIn({ serviceName: 'svc', sampler: null as unknown as JaegerTracingConfig['sampler'] }),
    ).not.toThrow();
  });

  it('options.tags whose getter throws, or a Proxy that throws, is said, not thrown', () => {
    const getterThrows = Object.defineProperty({ ok: 'kept' }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('tag getter');
      },
    });
    const proxyThrows = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys');
        },
      },
    );
    expect(() =>
      dropIn({ serviceName: 'svc', sampler: CONST_ON }, { tags: getterThrows }),
    ).not.toThrow();
    expect(() =>
      dropIn({ serviceName: 'svc', sampler: CONST_ON }, { tags: proxyThrows }),
    ).not.toThrow();
  });

  it('contextKey / baggagePrefix that are not strings are said, not thrown', () => {
    expect(() =>
      dropIn({ serviceName: 'svc', sampler: CONST_ON }, { contextKey: 42 as unknown as string }),
    ).not.toThrow();
    expect(() =>
      dropIn({ serviceName: 'svc', sampler: CONST_ON }, { baggagePrefix: {} as unknown as string }),
    ).not.toThrow();
  });

  // What held: circular, symbol, bigint and function tag values; a string as `tags`; a logger
  // with no methods or methods that throw; null options.
  it('survives odd tag values, broken loggers and null options', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const tracer = dropIn(
      { serviceName: 'svc', sampler: { type: 'no-such-type', param: 1 } },
      {
        tags: { circular, symbol: Symbol('s'), big: 10n, fn: () => 1, text: 'kept' },
        logger: {
          info() {
            throw new Error('info');
          },
          error() {
            throw new Error('error');
          },
        },
      },
    );
    expect(() => tracer.startSpan('a').finish()).not.toThrow();
    expect(() =>
      dropIn({ serviceName: 'svc', sampler: CONST_ON }, { logger: {} as never }),
    ).not.toThrow();
    const noOptions = initTracer(
      { serviceName: 'svc', sampler: CONST_ON },
      null as unknown as JaegerTracingOptions,
    );
    closables.push(noOptions);
    expect(noOptions.startSpan('x').context().toTraceId()).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('remote sampler polling period', () => {
  // The official sampler calls setInterval(poll, refreshIntervalMs) unchecked. Node turns a delay
  // below 1, NaN or above 2^31-1 into 1 ms: ~600-750 requests a second to the sampling server
  // (measured in .scratch/attack-jaeger/probe2.ts). jaeger-client reads 0 as "do not refresh" and
  // NaN as its default (60 s). The delay each tracer asks for is read from setInterval itself.
  let realSetInterval: typeof setInterval;
  let delays: number[];

  beforeEach(() => {
    realSetInterval = globalThis.setInterval;
    delays = [];
    globalThis.setInterval = (handler: () => void, delay?: number) => {
      delays.push(Number(delay));
      // The poll itself is never run: an hour, unref'd and cleared by close.
      return realSetInterval(handler, 3_600_000);
    };
  });
  afterEach(() => {
    globalThis.setInterval = realSetInterval;
  });

  const MAX_TIMER_DELAY = 2 ** 31 - 1;
  /** A period Node keeps as given, and not a storm: at least a second. */
  const sane = (delay: number) => delay >= 1000 && delay <= MAX_TIMER_DELAY;

  it.each([0, -1, NaN, Infinity, 2 ** 31, 1e12])('refreshIntervalMs %p', (refreshIntervalMs) => {
    dropIn({
      serviceName: 'svc',
      sampler: { type: 'remote', param: 1, hostPort: '127.0.0.1:1', refreshIntervalMs },
    });
    // No polling at all (jaeger-client's 0) or a sane period; never Node's 1 ms.
    expect(delays.filter((delay) => !sane(delay))).toEqual([]);
  });

  it('JAEGER_SAMPLER_REFRESH_INTERVAL=0', () => {
    restoreEnv();
    restoreEnv = scopedEnv({
      JAEGER_SERVICE_NAME: 'svc',
      JAEGER_SAMPLER_TYPE: 'remote',
      JAEGER_SAMPLER_PARAM: '1',
      JAEGER_SAMPLER_MANAGER_HOST_PORT: '127.0.0.1:1',
      JAEGER_SAMPLER_REFRESH_INTERVAL: '0',
    });
    closables.push(initTracerFromEnv({}, { registerGlobals: false, logger, spanProcessors: [] }));
    expect(delays.filter((delay) => !sane(delay))).toEqual([]);
  });

  it('the default period is 60 s, and a sane one is kept', () => {
    dropIn({ serviceName: 'svc', sampler: { type: 'remote', param: 1, hostPort: '127.0.0.1:1' } });
    dropIn({
      serviceName: 'svc',
      sampler: { type: 'remote', param: 1, hostPort: '127.0.0.1:1', refreshIntervalMs: 5000 },
    });
    expect(delays).toEqual([60_000, 5000]);
  });
});

describe('what the logger is told', () => {
  // The start-up line quotes collectorEndpoint as given: a URL with credentials puts the password
  // in the service's logs. (jaeger-client's start-up line names the reporter, not the URL.)
  it('never repeats credentials of collectorEndpoint', () => {
    withReporter({ collectorEndpoint: 'http://bob:hunter2@collector.internal:14268/api/traces' });
    const everything = [...logged.info, ...logged.error].join('\n');
    expect(everything).toContain('collector.internal');
    expect(everything).not.toContain('hunter2');
  });
});

describe('globals', () => {
  afterEach(() => {
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
  });

  // A service that re-creates its tracer (config reload: close, then initTracer again, which
  // jaeger-client allows) keeps OpenTelemetry code pointed at the closed provider: its spans are
  // dropped, and OpenTelemetry instrumentations record nothing from then on.
  it('a tracer built after close() gets the globals the closed one held', async () => {
    const first = dropIn({ serviceName: 'svc', sampler: CONST_ON }, { registerGlobals: true });
    await new Promise<void>((resolve) => first.close(resolve));
    const second = new InMemorySpanExporter();
    dropIn(
      { serviceName: 'svc', sampler: CONST_ON },
      { registerGlobals: true, spanProcessors: [new SimpleSpanProcessor({ exporter: second })] },
    );
    trace.getTracer('otel-code').startSpan('after reload').end();
    expect(second.getFinishedSpans().map((span) => span.name)).toEqual(['after reload']);
  });

  // Two live tracers: the second says once that the globals stay the first's (as documented). The
  // logger also receives the OpenTelemetry API's own duplicate-registration errors, stack traces
  // included, because the drop-in makes it the diag logger before registering.
  it('a second tracer says once that the globals are kept, without stack traces', () => {
    dropIn({ serviceName: 'a', sampler: CONST_ON }, { registerGlobals: true });
    logged.error.length = 0;
    dropIn({ serviceName: 'b', sampler: CONST_ON }, { registerGlobals: true });
    expect(logged.error.filter((line) => line.includes('already registered'))).toHaveLength(2);
    expect(logged.error.filter((line) => line.includes('duplicate registration'))).toEqual([]);
  });

  // A typo in OTEL_PROPAGATORS silently removes that wire format. The bridge reports the unknown
  // name through diag, but before initTracer makes the logger diag's: the logger never hears it.
  it('an unknown OTEL_PROPAGATORS name reaches the logger as an error', () => {
    restoreEnv();
    restoreEnv = scopedEnv({ OTEL_PROPAGATORS: 'tracecontext,jeager' });
    const tracer = dropIn({ serviceName: 'svc', sampler: CONST_ON }, { registerGlobals: true });
    const carrier: Record<string, string> = {};
    tracer.inject(tracer.startSpan('x'), FORMAT_HTTP_HEADERS, carrier);
    expect(carrier['uber-trace-id']).toBeUndefined();
    expect(logged.error.join('\n')).toContain('jeager');
  });

  // A request with only `jaeger-debug-id` reaching a service whose HTTP server span comes from
  // OpenTelemetry instrumentation (what registerGlobals is for): the instrumentation extracts
  // with the global propagator and starts the server span; the OpenTracing handler starts its span
  // under it. The sampler samples only the OpenTracing span (tagged with the id), as a child of
  // the unsampled server span: the backend gets a fragment whose parent never arrives, instead of
  // jaeger-client's new debug trace.
  it('a jaeger-debug-id request under an OpenTelemetry server span is one whole debug trace', async () => {
    const tracer = dropIn(
      { serviceName: 'svc', sampler: { type: 'const', param: 0 } },
      { registerGlobals: true },
    );
    const server = await listen((req, res) => {
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      const serverSpan: OtelSpan = trace
        .getTracer('@opentelemetry/instrumentation-http')
        .startSpan('GET /checkout', { kind: SpanKind.SERVER }, parent);
      context.with(trace.setSpan(parent, serverSpan), () => {
        const handle = tracer.startSpan('handle', {
          childOf: tracer.extract(FORMAT_HTTP_HEADERS, req.headers) ?? undefined,
        });
        handle.finish();
      });
      serverSpan.end();
      res.end('ok');
    });
    servers.push(server);
    await get(server.url, { 'jaeger-debug-id': 'ticket-42' });

    const spans = exporter.getFinishedSpans();
    const ids = new Set(spans.map((span) => span.spanContext().spanId));
    const orphans = spans.filter(
      (span: ReadableSpan) =>
        span.parentSpanContext !== undefined && !ids.has(span.parentSpanContext.spanId),
    );
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /checkout', 'handle']);
    expect(orphans.map((span) => span.name)).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('close() twice, without a callback or with a non-function, calls each function once', async () => {
    const tracer = dropIn({ serviceName: 'svc', sampler: CONST_ON });
    const calls: string[] = [];
    tracer.close();
    tracer.close('not a function' as unknown as () => void);
    await new Promise<void>((resolve) =>
      tracer.close(() => {
        calls.push('second');
        resolve();
      }),
    );
    expect(calls).toEqual(['second']);
    // Spans after close are neither recorded nor thrown on.
    const late = tracer.startSpan('late');
    expect(() => {
      late.setTag('k', 'v');
      late.log({ event: 'x' });
      late.setBaggageItem('k', 'v');
      late.finish();
    }).not.toThrow();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('the wire, over loopback HTTP', () => {
  /**
   * One request to a drop-in service; returns its recorded span, what it sent on, and the
   * `jaeger-debug-id` tag jaeger-client puts on its span for the very headers the server received.
   */
  async function serve(headers: Record<string, string>): Promise<{
    span: ReadableSpan | undefined;
    outgoing: Record<string, string>;
    jaegerClientTag: unknown;
  }> {
    const tracer = dropIn({ serviceName: 'svc', sampler: { type: 'const', param: 0 } });
    const reporter = new InMemoryReporter();
    const jaeger = new jaegerClient.Tracer(
      'legacy',
      reporter,
      new jaegerClient.ConstSampler(false),
    );
    let outgoing: Record<string, string> = {};
    const server = await listen((req, res) => {
      const span = tracer.startSpan('handle', {
        childOf: tracer.extract(FORMAT_HTTP_HEADERS, req.headers) ?? undefined,
      });
      outgoing = {};
      tracer.inject(span.context(), FORMAT_HTTP_HEADERS, outgoing);
      span.finish();
      const parent = jaeger.extract(FORMAT_HTTP_HEADERS, req.headers);
      jaeger.startSpan('handle', { childOf: parent ?? undefined }).finish();
      res.end();
    });
    servers.push(server);
    await get(server.url, headers);
    const jaegerClientTag = reporter.spans[0]?._tags.find(
      ({ key }) => key === 'jaeger-debug-id',
    )?.value;
    return { span: exporter.getFinishedSpans().at(-1), outgoing, jaegerClientTag };
  }

  it.each([
    ['percent-encoded CR LF', 'a%0D%0AX-Injected:%201'],
    ['invalid percent-encoding', '%E0%A4%A'],
    ['tab and spaces', ' \tticket 42\t '],
  ])('jaeger-debug-id with %s: one debug trace, tagged as jaeger-client tags it', async (_, id) => {
    const { span, outgoing, jaegerClientTag } = await serve({ 'jaeger-debug-id': id });
    expect(span?.attributes['jaeger-debug-id']).toBe(jaegerClientTag);
    expect(span?.parentSpanContext).toBeUndefined();
    expect(outgoing['uber-trace-id']).toMatch(/^[0-9a-f]{32}:[0-9a-f]{16}:0:3$/);
  });

  it('an oversized jaeger-debug-id is not read: nothing is sampled', async () => {
    const { span } = await serve({ 'jaeger-debug-id': 'x'.repeat(8000) });
    expect(span).toBeUndefined();
  });

  it('jaeger-debug-id with baggage only: the debug trace carries the baggage on', async () => {
    const { span, outgoing } = await serve({
      'jaeger-debug-id': 'ticket',
      'uberctx-user': 'u%201',
    });
    expect(span?.attributes['jaeger-debug-id']).toBe('ticket');
    expect(outgoing['uberctx-user']).toBe('u%201');
    expect(outgoing.baggage).toBe('user=u%201');
  });
});

describe('baggage as jaeger-client keeps it', () => {
  it('A_B and a-b are one key, the second set logged as an override, as in jaeger-client', () => {
    const tracer = dropIn({ serviceName: 'svc', sampler: CONST_ON });
    const reporter = new InMemoryReporter();
    const jaeger = jaegerClient.initTracer(
      { serviceName: 'svc', sampler: { type: 'const', param: 1 } },
      { reporter },
    );
    closables.push(jaeger);
    const carriers: Array<Record<string, string>> = [];
    for (const t of [tracer, jaeger]) {
      const span = t.startSpan('s');
      span.setBaggageItem('A_B', '1');
      span.setBaggageItem('a-b', '2');
      const carrier: Record<string, string> = {};
      t.inject(span.context(), FORMAT_TEXT_MAP, carrier);
      carriers.push({
        'uberctx-a-b': carrier['uberctx-a-b'],
        get: span.getBaggageItem('a_B') ?? '',
      });
      span.finish();
    }
    expect(carriers[0]).toEqual(carriers[1]);
    const ours = exporter.getFinishedSpans()[0].events.map((event) => event.attributes);
    const theirs = reporter.spans[0]._logs.map(({ fields }) =>
      Object.fromEntries(fields.map(({ key, value }) => [key, value])),
    );
    expect(ours).toEqual(theirs);
  });

  // setBaggageItem turns a non-string key into text (and says so); getBaggageItem does not, so an
  // item set with a number key cannot be read back with the same key. (jaeger-client throws on
  // the set: `key.replace is not a function`.)
  it('getBaggageItem with a number key reads what setBaggageItem set with it', () => {
    const tracer = dropIn({ serviceName: 'svc', sampler: CONST_ON });
    const span = tracer.startSpan('s');
    span.setBaggageItem(5 as unknown as string, 'five');
    expect(span.getBaggageItem('5')).toBe('five');
    expect(span.getBaggageItem(5 as unknown as string)).toBe('five');
    span.finish();
  });

  it('an unsampled span gets no baggage log; a finished one takes the item without throwing', () => {
    const tracer = dropIn({ serviceName: 'svc', sampler: { type: 'const', param: 0 } });
    const unsampled = tracer.startSpan('u');
    unsampled.setBaggageItem('k', 'v');
    expect(unsampled.getBaggageItem('k')).toBe('v');
    unsampled.finish();
    const sampled = tracer.startSpan('s', { tags: { 'sampling.priority': 1 } });
    sampled.finish();
    expect(() => sampled.setBaggageItem('late', 'v')).not.toThrow();
    const [recorded] = exporter.getFinishedSpans();
    expect(recorded.name).toBe('s');
    expect(recorded.events).toEqual([]);
  });
});
