// npm run bench (second part), with --expose-gc: 1,000,000 spans through the bridge, heap before
// and after with forced GC, and whether any finished-and-exported span is still reachable.
import { TracerShim } from '../dist/index.js';
import { installOtel } from './setup.mts';

const SPANS = Number(process.env.MEMORY_SPANS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

async function settle(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

function spanLife(tracer: TracerShim, parent?: ReturnType<TracerShim['startSpan']>): void {
  const span = tracer.startSpan('op', {
    childOf: parent,
    tags: { 'http.method': 'GET', retry: 1 },
  });
  span.setTag('http.status_code', 200);
  span.log({ event: 'cache.miss', key: 'user:1' });
  span.finish();
}

installOtel(true);
const tracer = new TracerShim((await import('@opentelemetry/api')).trace.getTracer('memory'));
const parent = tracer.startSpan('parent');
for (let i = 0; i < 20_000; i++) spanLife(tracer, i % 2 ? parent : undefined);
const before = await settle();
const started = Date.now();
for (let i = 0; i < SPANS; i++) {
  spanLife(tracer, i % 2 ? parent : undefined);
  if (i % 50_000 === 0) await new Promise((resolve) => setImmediate(resolve));
}
const after = await settle();

/** Weak references to 10,000 finished spans and their OTel spans (made in a function, so no local keeps one). */
function finishedSpans(): WeakRef<object>[] {
  const weak: WeakRef<object>[] = [];
  for (let i = 0; i < 10_000; i++) {
    const span = tracer.startSpan('weak', { childOf: i % 2 ? parent : undefined });
    span.finish();
    weak.push(new WeakRef(span), new WeakRef(span.getSpan()));
  }
  return weak;
}
const refs = finishedSpans();
// One more span afterwards: an engine may keep the very last object it touched alive a little longer.
spanLife(tracer);
await settle();
const alive = refs.filter((ref) => ref.deref() !== undefined).length;
if (process.env.DEBUG_ALIVE)
  console.log(refs.map((ref, i) => (ref.deref() ? i : -1)).filter((i) => i >= 0));
const growth = after - before;
console.log(
  `\nmemory: ${SPANS.toLocaleString('en')} spans in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `heap growth ${(growth / 1024 / 1024).toFixed(2)} MB (${(growth / SPANS).toFixed(3)} bytes per span); ` +
    `finished spans still reachable: ${alive} of ${refs.length}`,
);
if (growth > 1024 * 1024 || alive > 0) process.exitCode = 1;
