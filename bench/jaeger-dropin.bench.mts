// npm run bench:jaeger: a span through the jaeger-client drop-in (opentracing-otel-bridge/jaeger)
// against the same span through jaeger-client itself, both configured by the same initTracer call
// and both exporting for real over loopback HTTP: jaeger-client's HTTP sender (Thrift) and the
// drop-in's OTLP/protobuf exporter, each to a sink that reads the body and answers 200.
//
// Exporting happens in the background on both (a reporter buffer, a batch processor), so a span's
// cost is measured as one batch of BATCH spans started, tagged, logged and finished, then flushed
// and awaited, divided by BATCH. Rounds alternate which library goes first; each figure is the
// median over rounds of mitata's p50, and the ratio the median of each round's ratio. Writes
// bench/jaeger-results.json.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { measure } from 'mitata';
import jaeger from 'jaeger-client';
import type * as opentracing from 'opentracing';
import { initTracer } from '../dist/jaeger.js';

const BATCH = 200;
/** jaeger-client's HTTP sender's batch size (DEFAULT_MAX_SPAN_BATCH_SIZE). */
const JAEGER_SPANS_PER_REQUEST = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CPU_TIME_NS = Number(process.env.BENCH_CPU_MS ?? 1000) * 1e6;

/** Loopback sink for both exporters: counts what it is sent. */
const received = { requests: 0, bytes: 0 };
let requestWaiter: { count: number; resolve: () => void } | undefined;
const sink = createServer((request, response) => {
  request.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
  request.on('end', () => {
    received.requests++;
    response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    if (requestWaiter !== undefined && received.requests >= requestWaiter.count) {
      requestWaiter.resolve();
      requestWaiter = undefined;
    }
  });
});

/** Resolves once the sink has received `count` requests in all. */
function requestsReceived(count: number): Promise<void> {
  if (received.requests >= count) return Promise.resolve();
  return new Promise((resolve) => (requestWaiter = { count, resolve }));
}
// Both senders keep connections alive; the sink must not close them under a measurement.
sink.keepAliveTimeout = 600_000;
sink.listen(0, '127.0.0.1');
await once(sink, 'listening');
const { port } = sink.address() as AddressInfo;

// The same config for both: the collector endpoint (Thrift for jaeger-client, OTLP on the same
// origin for the drop-in), every span sampled, no timed flush inside a measurement.
const config = {
  serviceName: 'bench',
  sampler: { type: 'const', param: 1 },
  reporter: { collectorEndpoint: `http://127.0.0.1:${port}/api/traces`, flushIntervalMs: 60_000 },
};
const silent = { info: () => undefined, error: (message: string) => console.error(message) };

// The support typings leave jaeger-client's logger out.
const legacyOptions = { logger: silent } as unknown as Parameters<typeof jaeger.initTracer>[1];
const legacy = jaeger.initTracer(config, legacyOptions) as unknown as opentracing.Tracer & {
  _reporter: { flush(callback: () => void): void };
  close(callback: () => void): void;
};
const dropIn = initTracer(config, { logger: silent, registerGlobals: false });
// The drop-in's provider, to flush between batches (close would shut it down).
const provider = (dropIn as unknown as { _provider: { forceFlush(): Promise<void> } })._provider;

/** One request's span, as a service writes it. */
function oneSpan(tracer: opentracing.Tracer, index: number): void {
  const span = tracer.startSpan('GET /orders/:id', {
    tags: { 'span.kind': 'server', 'http.method': 'GET', 'http.url': '/orders/42' },
  });
  span.setTag('http.status_code', 200);
  span.log({ event: 'order loaded', 'order.id': index });
  span.finish();
}

const libraries = {
  'jaeger-client': async () => {
    // jaeger-client's HTTP sender sends a request on its own every 100 spans and does not wait for
    // those in flush: wait until the sink has them all (a batch of 200 is exactly two requests).
    const expected = received.requests + BATCH / JAEGER_SPANS_PER_REQUEST;
    for (let index = 0; index < BATCH; index++) oneSpan(legacy, index);
    await new Promise<void>((resolve) => legacy._reporter.flush(resolve));
    await requestsReceived(expected);
  },
  'drop-in': async () => {
    for (let index = 0; index < BATCH; index++) oneSpan(dropIn, index);
    await provider.forceFlush();
  },
};
type Library = keyof typeof libraries;

const samples: Record<Library, number[]> = { 'jaeger-client': [], 'drop-in': [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = (Object.keys(libraries) as Library[]).slice();
  if (round % 2 === 1) order.reverse();
  for (const library of order) {
    const stats = await measure(libraries[library], { min_cpu_time: CPU_TIME_NS });
    samples[library].push(stats.p50 / BATCH);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ratio = median(
  samples['drop-in'].map((value, round) => value / samples['jaeger-client'][round]),
);
const results = {
  node: process.version,
  batch: BATCH,
  rounds: ROUNDS,
  nsPerSpan: {
    'jaeger-client': median(samples['jaeger-client']),
    'drop-in': median(samples['drop-in']),
  },
  dropInToJaegerClient: ratio,
  sink: received,
};
console.log('a span, exported (ns, p50 per span of a batch of %d, then flushed):', BATCH);
console.log('  jaeger-client %s', results.nsPerSpan['jaeger-client'].toFixed(0));
console.log('  drop-in       %s', results.nsPerSpan['drop-in'].toFixed(0));
console.log('  drop-in / jaeger-client %s', ratio.toFixed(2));
writeFileSync(
  new URL('./jaeger-results.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);

// A last batch may still be on its way to the sink: let it land before the senders close.
await new Promise((resolve) => setTimeout(resolve, 500));
await new Promise<void>((resolve) => legacy.close(resolve));
await new Promise<void>((resolve) => dropIn.close(resolve));
sink.close();
