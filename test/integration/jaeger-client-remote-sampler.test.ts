// The drop-in's `remote` sampler against a real sampling server on loopback, answering
// `GET /sampling?service=<name>` with Jaeger's strategy JSON as jaeger-agent does. Decisions are
// counted on the spans the SDK records; waits are for the server's requests, never for a time,
// but for the one check that nothing more happens after close (a few intervals, then a count).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { initTracer, type JaegerSamplerConfig, type JaegerTracer } from '../../src/jaeger';
import { listen, type RunningServer } from '../support/http';

const SERVICE = 'pricing';
const INTERVAL_MS = 50;

const NEVER = { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0 } };
const TWO_A_SECOND = {
  strategyType: 'RATE_LIMITING',
  rateLimitingSampling: { maxTracesPerSecond: 2 },
};

/** The methods of the requests the sampling servers got. */
const methods: string[] = [];

/** A sampling server that records the requests it gets and answers with `strategy`. */
interface SamplingServer {
  port: number;
  requests: URL[];
  strategy: object;
  /** Resolves once `count` requests have arrived (fails the test after 10 s). */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

async function startSamplingServer(strategy: object): Promise<SamplingServer> {
  const wakers: Array<() => void> = [];
  const server: SamplingServer = {
    port: 0,
    requests: [],
    strategy,
    waitForRequests: (count) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} requests, got ${server.requests.length}`)),
          10_000,
        );
        const check = () => {
          if (server.requests.length >= count) {
            clearTimeout(timer);
            resolve();
          } else wakers.push(check);
        };
        check();
      }),
    close: () => Promise.resolve(),
  };
  const running: RunningServer = await listen((req: IncomingMessage, res: ServerResponse) => {
    server.requests.push(new URL(req.url ?? '', 'http://sampling-server'));
    methods.push(req.method ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(server.strategy));
    for (const wake of wakers.splice(0)) wake();
  });
  server.port = Number(new URL(running.url).port);
  server.close = running.close;
  return server;
}

const servers: SamplingServer[] = [];
const tracers: JaegerTracer[] = [];
// One a test: closing a tracer shuts its exporter down for good.
let exporter: InMemorySpanExporter;
let logged: { info: string[]; error: string[] };

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  methods.length = 0;
  logged = { info: [], error: [] };
});
afterEach(async () => {
  await Promise.all(tracers.splice(0).map(close));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function samplingServer(strategy: object): Promise<SamplingServer> {
  const server = await startSamplingServer(strategy);
  servers.push(server);
  return server;
}

function start(sampler: JaegerSamplerConfig): JaegerTracer {
  const tracer = initTracer(
    { serviceName: SERVICE, sampler },
    {
      registerGlobals: false,
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
      logger: {
        info: (line) => logged.info.push(line),
        error: (line) => logged.error.push(line),
      },
    },
  );
  tracers.push(tracer);
  return tracer;
}

function close(tracer: JaegerTracer): Promise<void> {
  return new Promise((resolve) => tracer.close(resolve));
}

/** Starts and finishes `count` root spans at once; returns how many were sampled (recorded). */
function burst(tracer: JaegerTracer, count: number): number {
  exporter.reset();
  for (let i = 0; i < count; i++) tracer.startSpan(`quote ${i}`).finish();
  return exporter.getFinishedSpans().length;
}

/**
 * Resolves once a strategy has been applied: the sampler polls one at a time, so a second
 * request means the answer to the first was read and applied.
 */
async function strategyApplied(server: SamplingServer): Promise<void> {
  await server.waitForRequests(server.requests.length + 2);
}

describe('the remote sampler against a real sampling server', () => {
  it.each([
    ['hostPort', '/sampling', (port: number) => ({ hostPort: `127.0.0.1:${port}` })],
    ['host and port', '/sampling', (port: number) => ({ host: '127.0.0.1', port })],
    [
      'host, port and samplingPath /api/sampling',
      '/api/sampling',
      (port: number) => ({ host: '127.0.0.1', port, samplingPath: '/api/sampling' }),
    ],
  ])(
    'with %s: polls GET %s?service=<name>; samples by param until a strategy of rate 0 arrives, then not',
    async (_name, path, address) => {
      const server = await samplingServer(NEVER);
      const tracer = start({
        type: 'remote',
        param: 1,
        refreshIntervalMs: INTERVAL_MS,
        ...address(server.port),
      });
      // Before the first poll (the same tick as the start): the initial rate, 1.
      expect(burst(tracer, 20)).toBe(20);
      expect(server.requests).toEqual([]);

      await strategyApplied(server);
      expect(burst(tracer, 20)).toBe(0);

      for (const url of server.requests) {
        expect(url.pathname).toBe(path);
        expect([...url.searchParams]).toEqual([['service', SERVICE]]);
      }
      expect(new Set(methods)).toEqual(new Set(['GET']));
      expect(logged.error).toEqual([]);
    },
  );

  it('a rate-limiting strategy samples at most maxTracesPerSecond of a burst of root spans', async () => {
    const server = await samplingServer(TWO_A_SECOND);
    const tracer = start({
      type: 'remote',
      param: 1,
      hostPort: `127.0.0.1:${server.port}`,
      refreshIntervalMs: INTERVAL_MS,
    });
    await strategyApplied(server);

    const started = performance.now();
    const sampled = burst(tracer, 200);
    const seconds = (performance.now() - started) / 1000;
    // The balance starts full (2 credits) and refills at 2 a second while the burst runs.
    expect(sampled).toBeGreaterThanOrEqual(2);
    expect(sampled).toBeLessThanOrEqual(2 + Math.floor(2 * seconds));
    for (const span of exporter.getFinishedSpans()) {
      expect(span.attributes).toEqual({ 'sampler.type': 'ratelimiting', 'sampler.param': 2 });
    }
  });

  it('a child follows its parent, whatever the strategy says of new traces', async () => {
    const server = await samplingServer(NEVER);
    const tracer = start({
      type: 'remote',
      param: 1,
      hostPort: `127.0.0.1:${server.port}`,
      refreshIntervalMs: INTERVAL_MS,
    });
    const parent = tracer.startSpan('sampled before the first poll');
    await strategyApplied(server);
    exporter.reset();
    tracer.startSpan('child', { childOf: parent }).finish();
    tracer.startSpan('new root').finish();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['child']);
    parent.finish();
  });

  it('close() stops the polling', async () => {
    const server = await samplingServer(NEVER);
    const tracer = start({
      type: 'remote',
      param: 1,
      hostPort: `127.0.0.1:${server.port}`,
      refreshIntervalMs: INTERVAL_MS,
    });
    await server.waitForRequests(3);
    await close(tracer);
    // A request sent just before close may still be on its way: let it land, then count.
    await sleep(2 * INTERVAL_MS);
    const afterClose = server.requests.length;
    await sleep(6 * INTERVAL_MS);
    expect(server.requests.length).toBe(afterClose);
  });

  it('a samplingPath not ending in /sampling is told to the logger, and /sampling is asked', async () => {
    const server = await samplingServer(NEVER);
    const tracer = start({
      type: 'remote',
      param: 1,
      hostPort: `127.0.0.1:${server.port}`,
      samplingPath: '/strategies',
      refreshIntervalMs: INTERVAL_MS,
    });
    const told = logged.error.filter((line) => line.includes('samplingPath'));
    expect(told).toEqual([
      'opentracing-otel-bridge/jaeger: sampler.samplingPath "/strategies" does not end in /sampling, which @opentelemetry/sampler-jaeger-remote always asks for: /sampling is used',
    ]);
    await strategyApplied(server);
    expect(server.requests.map((url) => url.pathname)).toEqual(
      server.requests.map(() => '/sampling'),
    );
    expect(burst(tracer, 5)).toBe(0);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
