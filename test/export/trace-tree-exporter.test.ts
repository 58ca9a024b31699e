import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FinishedSpan } from '../../src/dev';
import { TraceTreeExporter } from '../../src/dev';

function capture(isTTY = false) {
  let text = '';
  return { output: { isTTY, write: (chunk: string) => (text += chunk) }, text: () => text };
}

/** Ends a two-span trace (an error on the child); returns the provider, not yet shut down. */
function traceWith(exporter: TraceTreeExporter): BasicTracerProvider {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan('checkout', {
    kind: SpanKind.SERVER,
    attributes: { 'user.id': 'u-1' },
  });
  const child = tracer.startSpan('pay', {}, trace.setSpan(ROOT_CONTEXT, root));
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'declined' });
  child.end();
  root.end();
  return provider;
}

describe('TraceTreeExporter', () => {
  it('prints nothing until flushed, then the catalog, the tree and time per service', async () => {
    const { output, text } = capture();
    const provider = traceWith(new TraceTreeExporter({ output, showAttributes: ['user.id'] }));
    expect(text()).toBe('');
    await provider.shutdown();
    const printed = text();
    expect(printed).toContain('Services\n  shop  checkout (server), pay (internal)');
    expect(printed).toMatch(/Trace [0-9a-f]{32} · 2 spans · 1 services · [\d.]+ ms · 1 error/);
    expect(printed).toMatch(/\| shop · checkout \[server\] {2}user\.id=u-1\n/);
    expect(printed).toMatch(/\| {3}shop · pay \[internal\] ✗ ERROR: declined\n/);
    expect(printed).toMatch(/time per service: shop [\d.]+ ms/);
    expect(printed).not.toContain('\x1b[');
  });

  it('uses colours on a terminal unless told otherwise, and refuses spans after shutdown', async () => {
    const tty = capture(true);
    const coloured = new TraceTreeExporter({ output: tty.output });
    await traceWith(coloured).shutdown();
    expect(tty.text()).toContain('\x1b[');
    let result: { code: number } | undefined;
    coloured.export([], (r) => (result = r));
    expect(result?.code).toBe(1);

    const plain = capture(true);
    await traceWith(new TraceTreeExporter({ output: plain.output, colors: false })).shutdown();
    expect(plain.text()).not.toContain('\x1b[');
  });

  it('reads SDK 1.x spans, which name their parent by parentSpanId', () => {
    const span = (name: string, spanId: string, parentSpanId?: string): FinishedSpan => ({
      name,
      kind: SpanKind.INTERNAL,
      spanContext: () => ({ traceId: 'a'.repeat(32), spanId, traceFlags: 1 }),
      parentSpanId,
      startTime: [1, 0],
      duration: [0, 1_000_000],
      status: { code: SpanStatusCode.UNSET },
      attributes: {},
      links: [],
      events: [],
      resource: { attributes: { 'service.name': 'legacy' } },
    });
    const text = new TraceTreeExporter({ colors: false }).render([
      span('parent', 'p'.padStart(16, '0')),
      span('child', 'c'.padStart(16, '0'), 'p'.padStart(16, '0')),
    ]);
    expect(text).toMatch(/\| legacy · parent \[internal\]\n.*\| {3}legacy · child \[internal\]/);
  });
});
