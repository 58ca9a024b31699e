// The bridge with Node's globals out of sight, as in a browser: no `Buffer` when its modules load,
// no `process` when it runs. The runtime path must not touch either (a bare name would throw a
// ReferenceError, which the bridge would swallow and report), and the binary format must give
// plain Uint8Arrays. test/browser/ runs the same paths in Chromium.
import * as opentracing from 'opentracing';
import type * as Bridge from '../../src';
import type * as BridgeDev from '../../src/dev';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const NodeBuffer = Buffer;

const hidden = globalThis as { Buffer?: unknown; process?: unknown };

/** Runs `body` with `globalThis[name]` deleted, then puts it back. */
function without<T>(name: 'Buffer' | 'process', body: () => T): T {
  const saved = hidden[name];
  delete hidden[name];
  try {
    return body();
  } finally {
    hidden[name] = saved;
  }
}

let bridge: typeof Bridge;
jest.isolateModules(() => {
  bridge = without('Buffer', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../src') as typeof Bridge;
  });
});

beforeEach(() => otel.reset());

describe('without Node globals', () => {
  it('builds a tracer that reads no environment, without a warning', () => {
    const tracer = without('process', () => new bridge.TracerShim(otel.tracer));
    const headers: Record<string, string> = {};
    without('process', () =>
      tracer.inject(tracer.startSpan('s'), opentracing.FORMAT_HTTP_HEADERS, headers),
    );
    expect(Object.keys(headers)).toEqual(['traceparent']);
    expect(otel.warnings).toEqual([]);
  });

  it('writes FORMAT_BINARY as a plain Uint8Array and reads it back, non-ASCII baggage included', () => {
    const tracer = new bridge.TracerShim(otel.tracer);
    const span = tracer
      .startSpan('s')
      .setBaggageItem('user.id', '42')
      .setBaggageItem('ünï', 'cødé 😀 '.repeat(4));
    const carrier: { buffer?: unknown } = {};
    tracer.inject(span, opentracing.FORMAT_BINARY, carrier);
    expect(carrier.buffer).toBeInstanceOf(Uint8Array);
    expect(NodeBuffer.isBuffer(carrier.buffer)).toBe(false);

    for (const buffer of [carrier.buffer, [...(carrier.buffer as Uint8Array)]]) {
      const extracted = tracer.extract(opentracing.FORMAT_BINARY, { buffer });
      expect(extracted?.toTraceId()).toBe(span.context().toTraceId());
      expect(extracted?.toSpanId()).toBe(span.context().toSpanId());
      expect(extracted?.getBaggageItem('ünï')).toBe('cødé 😀 '.repeat(4));
    }
    // The same bytes as the Node build writes.
    const nodeTracer = new (jest.requireActual<typeof Bridge>('../../src').TracerShim)(otel.tracer);
    const nodeCarrier: { buffer?: unknown } = {};
    nodeTracer.inject(span.context(), opentracing.FORMAT_BINARY, nodeCarrier);
    expect(NodeBuffer.isBuffer(nodeCarrier.buffer)).toBe(true);
    expect([...(nodeCarrier.buffer as Uint8Array)]).toEqual([...(carrier.buffer as Uint8Array)]);
    expect(otel.warnings).toEqual([]);
  });

  it('reads byte-valued headers and writes gRPC -bin values as Uint8Arrays', () => {
    const tracer = new bridge.TracerShim(otel.tracer, { propagators: ['tracecontext', 'baggage'] });
    const encoder = new TextEncoder();
    const extracted = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      traceparent: encoder.encode('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
      baggage: encoder.encode('user.id=%C3%BC42'),
    });
    expect(extracted?.toTraceId()).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(extracted?.getBaggageItem('user.id')).toBe('ü42');

    // gRPC metadata, known by its shape, takes bytes for keys ending in -bin.
    const written = new Map<string, unknown>();
    const metadata = new (class {
      get = (key: string) => (written.has(key) ? [written.get(key)] : []);
      set = (key: string, value: unknown) => void written.set(key, value);
      getMap = () => Object.fromEntries(written);
    })();
    const jaeger = new bridge.TracerShim(otel.tracer, { propagators: ['jaeger'] });
    jaeger.inject(
      jaeger.startSpan('s').setBaggageItem('blob-bin', 'bÿtes'),
      opentracing.FORMAT_TEXT_MAP,
      metadata,
    );
    const blob = written.get('uberctx-blob-bin');
    expect(blob).toBeInstanceOf(Uint8Array);
    expect(NodeBuffer.isBuffer(blob)).toBe(false);
    expect(new TextDecoder().decode(blob as Uint8Array)).toBe('b%C3%BFtes');
    expect(otel.warnings).toEqual([]);
  });

  it('prints TraceTreeExporter traces to the console when there is no process.stdout', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const dev = require('../../src/dev') as typeof BridgeDev;
      const exporter = without('process', () => new dev.TraceTreeExporter());
      exporter.export(otel.spans(), () => undefined);
      await exporter.forceFlush();
      expect(log).not.toHaveBeenCalled();
      const tracer = new bridge.TracerShim(otel.tracer);
      tracer.startSpan('printed').finish();
      exporter.export(otel.spans(), () => undefined);
      await exporter.forceFlush();
      expect(log).toHaveBeenCalledWith(expect.stringContaining('printed'));
    } finally {
      log.mockRestore();
    }
  });
});
