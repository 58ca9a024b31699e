// Faults in the export path never reach the application: an exporter that throws, hangs or fails,
// and an OTLP endpoint that is down or never answers. Requests keep succeeding — even while an
// export hangs forever, which they could not if they waited on it — and the SDK's queue bounds
// what is kept.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import { get, listen } from '../support/http';
import { setUpOtel } from '../support/otel';

setUpOtel();
const REQUESTS = 300;
const MAX_QUEUE = 100;

/** An exporter that misbehaves in one way, and counts what it was given. */
class FaultyExporter implements SpanExporter {
  received = 0;
  calls = 0;
  private readonly hanging: (() => void)[] = [];
  private released = false;
  constructor(private readonly fault: 'throws' | 'hangs' | 'fails') {}
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    this.calls++;
    this.received += spans.length;
    if (this.fault === 'throws') throw new Error('exporter exploded');
    if (this.fault === 'fails') done({ code: 1, error: new Error('backend said no') });
    // 'hangs': no call back until the test is over (see release).
    if (this.fault === 'hangs') {
      if (this.released) done({ code: 1 });
      else this.hanging.push(() => done({ code: 1 }));
    }
  }
  /** Answers the hung exports at last, so that no export timer outlives the test. */
  release(): void {
    this.released = true;
    for (const answer of this.hanging.splice(0)) answer();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Serves REQUESTS requests through a bridge service whose spans go to `processor`. */
async function serveThrough(processor: SpanProcessor): Promise<number[]> {
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = new TracerShim(provider.getTracer('faults'));
  const server = await listen((req, res) => {
    const span = tracer.startSpan('handle', {
      childOf: tracer.extract(opentracing.FORMAT_HTTP_HEADERS, req.headers) ?? undefined,
    });
    const child = tracer.startSpan('work', { childOf: span, tags: { step: 1 } });
    child.log({ event: 'done' });
    child.finish();
    span.finish();
    res.end('ok');
  });
  try {
    const statuses: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next++ < REQUESTS) statuses.push((await get(server.url)).status);
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    return statuses;
  } finally {
    await server.close();
  }
}

const batch = (exporter: SpanExporter, exportTimeoutMillis = 200) =>
  new BatchSpanProcessor(exporter, {
    maxQueueSize: MAX_QUEUE,
    maxExportBatchSize: 50,
    scheduledDelayMillis: 10,
    exportTimeoutMillis,
  });

describe.each(['throws', 'hangs', 'fails'] as const)('an exporter that %s', (fault) => {
  it('behind a BatchSpanProcessor: every request succeeds, and the queue stays bounded', async () => {
    const exporter = new FaultyExporter(fault);
    // A hung export is given up after the export timeout and the next batch goes out: a long
    // timeout keeps the first one hanging for the whole test, however slow the machine.
    const statuses = await serveThrough(batch(exporter, fault === 'hangs' ? 10_000 : 200));
    const receivedWhileHanging = exporter.received;
    exporter.release();
    expect(statuses).toEqual(Array<number>(REQUESTS).fill(200));
    if (fault === 'hangs') {
      // One batch went out and never came back; the rest waited in (or was dropped from) the queue.
      expect(receivedWhileHanging).toBeLessThanOrEqual(MAX_QUEUE);
    } else {
      expect(exporter.calls).toBeGreaterThan(0);
    }
  });

  it('behind a SimpleSpanProcessor: every request succeeds', async () => {
    const statuses = await serveThrough(new SimpleSpanProcessor(new FaultyExporter(fault)));
    expect(statuses).toEqual(Array<number>(REQUESTS).fill(200));
  });
});

describe('an OTLP/HTTP endpoint', () => {
  it('that is down: every request succeeds', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const exporter = new OTLPTraceExporter({
      url: `http://127.0.0.1:${port}/v1/traces`,
      timeoutMillis: 200,
    });
    const statuses = await serveThrough(batch(exporter));
    expect(statuses).toEqual(Array<number>(REQUESTS).fill(200));
  });

  it('that never answers: every request succeeds', async () => {
    const held: { destroy(): void }[] = [];
    const silent = createServer((req) => held.push(req.socket)); // accepts, never responds
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const exporter = new OTLPTraceExporter({
        url: `http://127.0.0.1:${port}/v1/traces`,
        timeoutMillis: 200,
      });
      const statuses = await serveThrough(batch(exporter));
      expect(statuses).toEqual(Array<number>(REQUESTS).fill(200));
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
