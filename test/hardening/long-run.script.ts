// Run by long-run.test.ts, bundled for plain node (test/support/node-bundle.ts), as
// `node --expose-gc <bundle>`: long runs through the bridge, with the heap measured after forced GC
// before and after each. Prints one JSON line per scenario.
import { DiagLogLevel, context, diag, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TracerShim } from '../../src';

const gc = (globalThis as { gc?: () => void }).gc!;
const warnings: string[] = [];
diag.setLogger(
  {
    warn: (m: string) => warnings.push(m),
    error: () => {},
    info: () => {},
    debug: () => {},
    verbose: () => {},
  },
  DiagLogLevel.WARN,
);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** Hands ended spans to nothing, synchronously. */
const dropping: SpanProcessor = {
  onStart: () => {},
  onEnd: () => {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/** Takes spans and never answers. */
const hanging: SpanExporter = {
  export: (spans: ReadableSpan[]) => void spans,
  shutdown: () => Promise.resolve(),
};

async function heap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

async function scenario(
  name: string,
  processor: SpanProcessor,
  spans: number,
  work: (tracer: TracerShim, i: number) => void,
): Promise<void> {
  const tracer = new TracerShim(
    new BasicTracerProvider({ spanProcessors: [processor] }).getTracer(name),
  );
  for (let i = 0; i < 10_000; i++) work(tracer, i); // warm-up
  const before = await heap();
  for (let i = 0; i < spans; i++) {
    work(tracer, i);
    if (i % 20_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const after = await heap();
  console.log(JSON.stringify({ name, spans, growthBytes: after - before }));
}

async function main(): Promise<void> {
  const parentTracer = new TracerShim(trace.getTracer('parents'));
  const parent = parentTracer.startSpan('parent');

  await scenario('finished', dropping, 1_000_000, (tracer, i) => {
    const span = tracer.startSpan('op', { childOf: i % 2 ? parent : undefined, tags: { n: i } });
    span.setTag('k', 'v');
    span.log({ event: 'e' });
    span.finish();
  });
  await scenario('never finished', dropping, 200_000, (tracer) => {
    tracer.startSpan('abandoned', { childOf: parent }).setTag('k', 'v');
  });
  const before = warnings.length;
  await scenario('finished twice', dropping, 200_000, (tracer) => {
    const span = tracer.startSpan('twice');
    span.finish();
    span.finish();
  });
  console.log(
    JSON.stringify({ name: 'finished twice: warnings', count: warnings.length - before }),
  );
  await scenario(
    'hanging exporter',
    new BatchSpanProcessor(hanging, {
      maxQueueSize: 2048,
      exportTimeoutMillis: 600_000,
      scheduledDelayMillis: 5,
    }),
    200_000,
    (tracer) => tracer.startSpan('queued', { tags: { payload: 'x'.repeat(100) } }).finish(),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
