// initTracer's behaviour at start and in its sampling decisions, next to the real jaeger-client's
// where both have one: the same config is given to both and what each does is compared. Spans are
// read from an in-memory exporter before the tracer is closed (closing empties it).
import { context, diag, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import * as jaegerClient from 'jaeger-client';
import { InMemoryReporter, type Span as JaegerSpan } from 'jaeger-client';
import { FORMAT_HTTP_HEADERS, FORMAT_TEXT_MAP } from 'opentracing';
import type { JaegerTracingConfig, JaegerTracingOptions } from '../../src/jaeger';
import { initTracer, type JaegerTracer } from '../../src/jaeger';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

let exporter: InMemorySpanExporter;
let logged: { info: string[]; error: string[] };
const tracers: Array<{ close(callback?: () => void): void }> = [];

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  logged = { info: [], error: [] };
});
afterEach(async () => {
  await Promise.all(
    tracers.splice(0).map((tracer) => new Promise<void>((resolve) => tracer.close(resolve))),
  );
});

/** The drop-in, recording into `exporter`, telling `logged`. */
function dropIn(config: JaegerTracingConfig, options: JaegerTracingOptions = {}): JaegerTracer {
  const tracer = initTracer(config, {
    registerGlobals: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    logger: {
      info: (line) => logged.info.push(line),
      error: (line) => logged.error.push(line),
    },
    ...options,
  });
  tracers.push(tracer);
  return tracer;
}

/** The real jaeger-client with the same config, reporting in memory. */
function jaeger(config: object): { tracer: jaegerClient.Tracer; reporter: InMemoryReporter } {
  const reporter = new InMemoryReporter();
  const tracer = jaegerClient.initTracer(config as jaegerClient.TracingConfig, { reporter });
  tracers.push(tracer);
  return { tracer, reporter };
}

/** The sampler.* tags of a jaeger-client span, as attributes. */
function samplerTagsOf(span: JaegerSpan): Record<string, unknown> {
  return Object.fromEntries(
    span._tags
      .filter(({ key }) => key.startsWith('sampler.'))
      .map(({ key, value }) => [key, value]),
  );
}

const recorded = () => exporter.getFinishedSpans().map((span) => span.name);

describe('initTracer refuses what jaeger-client refuses, with its message', () => {
  it.each([[{}], [{ serviceName: '' }], [{ serviceName: undefined, disable: false }]])(
    'config %j: no service name',
    (config) => {
      const message = 'config.serviceName must be provided';
      expect(() => jaeger(config)).toThrow(message);
      expect(() => dropIn(config)).toThrow(message);
    },
  );

  it.each([['1'], [undefined], [null], [true]])('sampler.param %j: not a number', (param) => {
    const config = { serviceName: 'svc', sampler: { type: 'const', param } };
    const message = `Expecting sampler.param to be a number. Received ${String(param)}`;
    expect(() => jaeger(config)).toThrow(message);
    expect(() => dropIn(config as unknown as JaegerTracingConfig)).toThrow(message);
  });
});

describe('disable: true', () => {
  it('records nothing, needs no service name, and still passes trace context and baggage on', () => {
    const tracer = dropIn({ disable: true });
    const incoming = tracer.extract(FORMAT_HTTP_HEADERS, {
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
      baggage: 'tenant=acme',
    });
    const span = tracer.startSpan('handler', { childOf: incoming ?? undefined });
    tracer.startSpan('root').finish();
    const outgoing: Record<string, string> = {};
    tracer.inject(span, FORMAT_HTTP_HEADERS, outgoing);
    span.finish();

    expect(recorded()).toEqual([]);
    expect(outgoing.traceparent?.split('-')[1]).toBe(TRACE_ID);
    expect(outgoing['uber-trace-id']?.split(':')[0]).toBe(TRACE_ID);
    expect(outgoing['uberctx-tenant']).toBe('acme');
    expect(span.getBaggageItem('tenant')).toBe('acme');
  });
});

describe('samplers', () => {
  it('an unknown sampler type records nothing and tells the logger', () => {
    const tracer = dropIn({ serviceName: 'svc', sampler: { type: 'sometimes', param: 1 } });
    tracer.startSpan('root').finish();
    expect(recorded()).toEqual([]);
    expect(logged.error).toEqual([
      'opentracing-otel-bridge/jaeger: sampler type "sometimes" is unknown: no trace is recorded, as with jaeger-client',
    ]);
  });

  it.each([
    ['const', 1],
    ['probabilistic', 1],
  ])(
    "%s %d: jaeger-client's sampler.type and sampler.param on the root span only",
    (type, param) => {
      const config = { serviceName: 'svc', sampler: { type, param } };
      const real = jaeger(config);
      const realRoot = real.tracer.startSpan('root');
      real.tracer.startSpan('child', { childOf: realRoot }).finish();
      realRoot.finish();
      const [realChild, realRootSpan] = real.reporter.spans;

      const tracer = dropIn(config);
      const root = tracer.startSpan('root');
      tracer.startSpan('child', { childOf: root }).finish();
      root.finish();
      const [child, rootSpan] = exporter.getFinishedSpans();

      expect(Object.keys(samplerTagsOf(realRootSpan))).toHaveLength(2);
      expect(rootSpan.attributes).toEqual(samplerTagsOf(realRootSpan));
      expect(samplerTagsOf(realChild)).toEqual({});
      expect(child.attributes).toEqual({});
    },
  );

  it('ratelimiting: sampler.type and sampler.param on the root span only', () => {
    // jaeger-client starts its balance at random, so the first root may go unsampled there:
    // its tags (ratelimiting, the rate) are written out instead of compared.
    const tracer = dropIn({ serviceName: 'svc', sampler: { type: 'ratelimiting', param: 5 } });
    const root = tracer.startSpan('root');
    tracer.startSpan('child', { childOf: root }).finish();
    root.finish();
    const [child, rootSpan] = exporter.getFinishedSpans();
    expect(rootSpan.attributes).toEqual({ 'sampler.type': 'ratelimiting', 'sampler.param': 5 });
    expect(child.attributes).toEqual({});
  });

  it('const 0 records nothing, but sampling.priority 1 samples the trace, as jaeger-client', () => {
    const config = { serviceName: 'svc', sampler: { type: 'const', param: 0 } };
    const real = jaeger(config);
    real.tracer.startSpan('plain').finish();
    real.tracer.startSpan('forced', { tags: { 'sampling.priority': 1 } }).finish();
    // jaeger-client reports sampled spans only.
    expect(real.reporter.spans.map((span) => span.context().isSampled())).toEqual([true]);

    const tracer = dropIn(config);
    tracer.startSpan('plain').finish();
    const forced = tracer.startSpan('forced', { tags: { 'sampling.priority': 1 } });
    tracer.startSpan('forced child', { childOf: forced }).finish();
    forced.finish();
    expect(recorded()).toEqual(['forced child', 'forced']);
  });

  it.each([
    ['sampled', '01', { type: 'const', param: 0 }, ['child']],
    ['not sampled', '00', { type: 'const', param: 1 }, []],
  ])(
    'a child of a remote %s parent follows its decision, whatever the sampler',
    (_name, flags, sampler, expected) => {
      const tracer = dropIn({ serviceName: 'svc', sampler });
      for (const carrier of [
        { traceparent: `00-${TRACE_ID}-${PARENT_ID}-${flags}` },
        { 'uber-trace-id': `${TRACE_ID}:${PARENT_ID}:0:${flags === '01' ? '1' : '0'}` },
      ]) {
        exporter.reset();
        const parent = tracer.extract(FORMAT_TEXT_MAP, carrier);
        tracer.startSpan('child', { childOf: parent ?? undefined }).finish();
        expect(recorded()).toEqual(expected);
        for (const span of exporter.getFinishedSpans()) {
          expect(span.parentSpanContext?.spanId).toBe(PARENT_ID);
          // jaeger-client's sampler tags go on the roots it decides, not on children; a parent
          // that came in Jaeger headers is recorded as such (the W3C one is not a legacy format).
          expect(span.attributes).toEqual(
            'uber-trace-id' in carrier ? { 'opentracing.propagation.format': ['jaeger'] } : {},
          );
        }
      }
    },
  );
});

describe('what cannot be kept is told once through the logger', () => {
  it.each([
    [{ traceId128bit: false }, 'traceId128bit: false is not kept'],
    [{ shareRpcSpan: true }, 'shareRpcSpan is not kept'],
    [{ metrics: { createCounter: () => undefined } }, 'options.metrics is not used'],
  ])('%p', (options, text) => {
    const tracer = dropIn({ serviceName: 'svc', sampler: { type: 'const', param: 1 } }, options);
    tracer.startSpan('a').finish();
    tracer.startSpan('b').finish();
    const told = [...logged.info, ...logged.error].filter((line) => line.includes(text));
    expect(told).toHaveLength(1);
    expect(logged.error).toContain(told[0]);
  });

  it('and nothing of the kind when the defaults are kept', () => {
    const tracer = dropIn(
      { serviceName: 'svc', sampler: { type: 'const', param: 1 } },
      { traceId128bit: true, shareRpcSpan: false },
    );
    tracer.startSpan('a').finish();
    expect(logged.error).toEqual([]);
  });
});

describe('registerGlobals: true', () => {
  afterEach(() => {
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
  });

  it("makes the provider, the propagator and a context manager OpenTelemetry's globals", () => {
    const tracer = dropIn(
      { serviceName: 'svc', sampler: { type: 'const', param: 1 } },
      { registerGlobals: true },
    );
    const legacy = tracer.startSpan('legacy');
    // OpenTelemetry code in the process records into the drop-in's provider...
    const otelSpan = trace.getTracer('otel-code').startSpan('otel');
    // ...keeps the active span across async work (a real context manager)...
    const active = context.with(trace.setSpan(context.active(), otelSpan), () =>
      trace.getActiveSpan(),
    );
    // ...and writes the Jaeger format too.
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), otelSpan), headers);
    otelSpan.end();
    legacy.finish();

    expect(active).toBe(otelSpan);
    expect(recorded()).toEqual(['otel', 'legacy']);
    const { traceId, spanId } = otelSpan.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(headers['uber-trace-id']).toBe(`${traceId}:${spanId}:0:1`);
    expect(logged.error).toEqual([]);
  });
});
