// One request through four HTTP services on loopback, mid-migration: A on jaeger-client, B on the
// drop-in (opentracing-otel-bridge/jaeger), C on OpenTelemetry alone, D on jaeger-client again.
// D reads only the Jaeger headers, so C forwards with createPropagator(['tracecontext', 'baggage',
// 'jaeger']), the documented way for OpenTelemetry code to keep talking to jaeger-client services.
// Each service records what it read and started (support/jaeger-chain.ts): the chain is checked hop
// by hop even when the trace is not sampled, and against the recorded spans when it is.
import type { TextMapPropagator } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Span as JaegerClientSpan, TracingOptions } from 'jaeger-client';
import { InMemoryReporter, initTracer as initJaegerClient } from 'jaeger-client';
import { createPropagator } from '../../src';
import { initTracer } from '../../src/jaeger';
import type { RunningServer } from '../support/http';
import { get } from '../support/http';
import type { Hop } from '../support/jaeger-chain';
import {
  FIRST_ITEM,
  SECOND_ITEM,
  pad16,
  pad32,
  startDropInService,
  startJaegerClientService,
  startOtelService,
} from '../support/jaeger-chain';

// Run after each test, last registered first: servers close before the tracers they use.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A jaeger-client tracer with a `const` sampler, reporting in memory. */
function jaegerClient(serviceName: string, param: 0 | 1, options: TracingOptions = {}) {
  const reporter = new InMemoryReporter();
  const tracer = initJaegerClient(
    { serviceName, sampler: { type: 'const', param } },
    { ...options, reporter },
  );
  cleanups.push(() => new Promise<void>((resolve) => tracer.close(resolve)));
  return { tracer, reporter };
}

/** A drop-in tracer with a `const` sampler, exporting in memory, leaving the OTel globals alone. */
function dropIn(
  serviceName: string,
  param: 0 | 1,
  options: { contextKey?: string; baggagePrefix?: string } = {},
) {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const tracer = initTracer(
    { serviceName, sampler: { type: 'const', param } },
    { ...options, spanProcessors: [processor], registerGlobals: false },
  );
  cleanups.push(() => new Promise<void>((resolve) => tracer.close(resolve)));
  // Read before the tracer closes: shutting the exporter down empties it.
  const spans = async (): Promise<ReadableSpan[]> => {
    await processor.forceFlush();
    return exporter.getFinishedSpans();
  };
  return { tracer, spans };
}

/** C's own SDK: parent-based, with `rootSampled` deciding only for traces that start at C. */
function otelSdk(rootSampled: boolean) {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const provider = new TracerProvider({
    sampler: new ParentBasedSampler({
      root: rootSampled ? new AlwaysOnSampler() : new AlwaysOffSampler(),
    }),
    spanProcessors: [processor],
  });
  cleanups.push(() => provider.shutdown());
  const spans = async (): Promise<ReadableSpan[]> => {
    await processor.forceFlush();
    return exporter.getFinishedSpans();
  };
  return { provider, spans };
}

async function serve(starting: Promise<RunningServer>): Promise<RunningServer> {
  const server = await starting;
  cleanups.push(() => server.close());
  return server;
}

/** The one hop a service recorded: each is called once per test. */
function only(hops: Hop[], service: string): Hop {
  if (hops.length !== 1) throw new Error(`${service} served ${hops.length} requests, not 1`);
  return hops[0];
}

/** What a recorded span says about its place in the trace, comparable field by field. */
interface SpanSummary {
  name: string;
  kind?: SpanKind;
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  seenUserId: unknown;
  debug?: boolean;
}

function summarizeOtel(span: ReadableSpan): SpanSummary {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentId: span.parentSpanContext?.spanId,
    seenUserId: span.attributes['seen.user.id'],
  };
}

function summarizeJaeger(span: JaegerClientSpan): SpanSummary {
  const spanContext = span.context();
  return {
    name: span.operationName,
    traceId: pad32(spanContext.traceIdStr),
    spanId: pad16(spanContext.spanIdStr),
    parentId: spanContext.parentIdStr ? pad16(spanContext.parentIdStr) : undefined,
    seenUserId: span._tags.find((tag) => tag.key === 'seen.user.id')?.value,
    debug: spanContext.isDebug(),
  };
}

/** By name in code-point order (`x GET` before `x call`), whatever the locale. */
const byName = (a: SpanSummary, b: SpanSummary): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** The flags field of an `uber-trace-id` header: 1 sampled, 3 sampled and debug, 0 neither. */
function jaegerFlags(headers: Record<string, string> | undefined): string | undefined {
  return headers?.['uber-trace-id']?.split(':')[3];
}

const w3cOnly = (): TextMapPropagator =>
  new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
const w3cAndJaeger = (): TextMapPropagator =>
  createPropagator(['tracecontext', 'baggage', 'jaeger']);

interface ChainCase {
  /** A's `const` sampler. */
  aSampler: 0 | 1;
  traceId128bit: boolean;
  /** A sets `sampling.priority: 1` on its root span. */
  debug: boolean;
  /** Whether the trace should be recorded everywhere, or nowhere. */
  sampled: boolean;
  /** The `uber-trace-id` flags B and C should send. */
  flags: string;
}

/**
 * A -> B -> C -> D. Every service after A is given its own root sampler deciding the opposite of
 * what the case expects: only the decision propagated from A can make the case pass.
 */
async function runChain(
  chain: ChainCase,
  cPropagators: { extractWith: TextMapPropagator; injectWith: TextMapPropagator },
) {
  const ownDecision = chain.sampled ? 0 : 1;
  const a = jaegerClient('svc-a', chain.aSampler, { traceId128bit: chain.traceId128bit });
  const b = dropIn('svc-b', ownDecision);
  const c = otelSdk(!chain.sampled);
  const d = jaegerClient('svc-d', ownDecision);
  const hops: Record<'a' | 'b' | 'c' | 'd', Hop[]> = { a: [], b: [], c: [], d: [] };
  const dServer = await serve(startJaegerClientService('d', d.tracer, hops.d, { first: false }));
  const cServer = await serve(
    startOtelService('c', c.provider, hops.c, { ...cPropagators, downstream: dServer.url }),
  );
  const bServer = await serve(
    startDropInService('b', b.tracer, hops.b, { first: false, downstream: cServer.url }),
  );
  const aServer = await serve(
    startJaegerClientService('a', a.tracer, hops.a, {
      first: true,
      debug: chain.debug,
      downstream: bServer.url,
    }),
  );

  expect(await get(aServer.url)).toEqual({ status: 200, body: 'a>b>c>d' });
  return {
    a: only(hops.a, 'A'),
    b: only(hops.b, 'B'),
    c: only(hops.c, 'C'),
    d: only(hops.d, 'D'),
    recorded: {
      a: a.reporter.spans.map(summarizeJaeger).sort(byName),
      b: (await b.spans()).map(summarizeOtel).sort(byName),
      c: (await c.spans()).map(summarizeOtel).sort(byName),
      d: d.reporter.spans.map(summarizeJaeger).sort(byName),
    },
  };
}

const CASES: Array<[string, ChainCase]> = [
  [
    '64-bit trace ids (jaeger-client default)',
    { aSampler: 1, traceId128bit: false, debug: false, sampled: true, flags: '1' },
  ],
  [
    '128-bit trace ids',
    { aSampler: 1, traceId128bit: true, debug: false, sampled: true, flags: '1' },
  ],
  // A's sampler says no: the debug flag alone makes the trace recorded.
  [
    'a debug request (sampling.priority: 1)',
    { aSampler: 0, traceId128bit: false, debug: true, sampled: true, flags: '3' },
  ],
  [
    'an unsampled request',
    { aSampler: 0, traceId128bit: false, debug: false, sampled: false, flags: '0' },
  ],
];

describe.each(CASES)(
  'jaeger-client -> drop-in -> OpenTelemetry -> jaeger-client over HTTP: %s',
  (_title, chain) => {
    let result: Awaited<ReturnType<typeof runChain>>;
    beforeEach(async () => {
      result = await runChain(chain, { extractWith: w3cAndJaeger(), injectWith: w3cAndJaeger() });
    });

    it('keeps one trace id, of the width A chose, at every service', () => {
      const { a, b, c, d } = result;
      expect([b.traceId, c.traceId, d.traceId]).toEqual([a.traceId, a.traceId, a.traceId]);
      expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
      // 64-bit ids are the 32-digit id with a zero high half; 128-bit ones are not.
      expect(a.traceId.startsWith('0000000000000000')).toBe(!chain.traceId128bit);
    });

    it("makes each service's server span the child of the previous service's client span", () => {
      const { a, b, c, d } = result;
      expect(a.incomingParentId).toBeUndefined();
      expect(b.incomingParentId).toBe(a.clientSpanId);
      expect(c.incomingParentId).toBe(b.clientSpanId);
      expect(d.incomingParentId).toBe(c.clientSpanId);
      const ids = [a, b, c].flatMap((hop) => [hop.serverSpanId, hop.clientSpanId]);
      expect(new Set([...ids, d.serverSpanId]).size).toBe(7);
    });

    it("carries A's baggage item and B's to D", () => {
      const { a, b, c, d } = result;
      const first = FIRST_ITEM.key;
      const second = SECOND_ITEM.key;
      expect(a.baggage).toEqual({ [first]: undefined, [second]: undefined });
      expect(b.baggage).toEqual({ [first]: FIRST_ITEM.value, [second]: undefined });
      expect(c.baggage).toEqual({ [first]: FIRST_ITEM.value, [second]: SECOND_ITEM.value });
      expect(d.baggage).toEqual({ [first]: FIRST_ITEM.value, [second]: SECOND_ITEM.value });
    });

    it("follows A's sampling decision and debug flag at every hop", () => {
      const { a, b, c, d } = result;
      expect([a.sampled, b.sampled, c.sampled, d.sampled]).toEqual(Array(4).fill(chain.sampled));
      expect(b.incomingDebug).toBe(chain.debug);
      expect(d.incomingDebug).toBe(chain.debug);
      expect(jaegerFlags(a.sentHeaders)).toBe(chain.flags);
      expect(jaegerFlags(b.sentHeaders)).toBe(chain.flags);
      expect(jaegerFlags(c.sentHeaders)).toBe(chain.flags);
      // The Jaeger trace id: 64-bit as jaeger-client wrote it, so 64-bit services read it back.
      for (const hop of [a, b, c]) {
        const written = hop.sentHeaders?.['uber-trace-id']?.split(':')[0] ?? '';
        expect(pad32(written)).toBe(a.traceId);
        expect(written.length).toBeLessThanOrEqual(chain.traceId128bit ? 32 : 16);
      }
      const traceparentFlags = chain.sampled ? '01' : '00';
      expect(b.sentHeaders?.traceparent).toBe(
        `00-${a.traceId}-${b.clientSpanId}-${traceparentFlags}`,
      );
      expect(c.sentHeaders?.traceparent).toBe(
        `00-${a.traceId}-${c.clientSpanId}-${traceparentFlags}`,
      );
    });

    it('records every span of the trace where it is sampled, and none where it is not', () => {
      const { a, b, c, d, recorded } = result;
      const traceId = a.traceId;
      if (!chain.sampled) {
        expect(recorded).toEqual({ a: [], b: [], c: [], d: [] });
        return;
      }
      const debug = chain.debug;
      expect(recorded.a).toEqual([
        {
          name: 'a GET',
          traceId,
          spanId: a.serverSpanId,
          parentId: undefined,
          seenUserId: 'none',
          debug,
        },
        {
          name: 'a call',
          traceId,
          spanId: a.clientSpanId,
          parentId: a.serverSpanId,
          seenUserId: undefined,
          debug,
        },
      ]);
      expect(recorded.b).toEqual([
        {
          name: 'b GET',
          kind: SpanKind.SERVER,
          traceId,
          spanId: b.serverSpanId,
          parentId: a.clientSpanId,
          seenUserId: FIRST_ITEM.value,
        },
        {
          name: 'b call',
          kind: SpanKind.CLIENT,
          traceId,
          spanId: b.clientSpanId,
          parentId: b.serverSpanId,
          seenUserId: undefined,
        },
      ]);
      expect(recorded.c).toEqual([
        {
          name: 'c GET',
          kind: SpanKind.SERVER,
          traceId,
          spanId: c.serverSpanId,
          parentId: b.clientSpanId,
          seenUserId: FIRST_ITEM.value,
        },
        {
          name: 'c call',
          kind: SpanKind.CLIENT,
          traceId,
          spanId: c.clientSpanId,
          parentId: c.serverSpanId,
          seenUserId: undefined,
        },
      ]);
      expect(recorded.d).toEqual([
        {
          name: 'd GET',
          traceId,
          spanId: d.serverSpanId,
          parentId: c.clientSpanId,
          seenUserId: FIRST_ITEM.value,
          debug,
        },
      ]);
    });
  },
);

describe('what C must write for D', () => {
  const debugChain: ChainCase = {
    aSampler: 0,
    traceId128bit: false,
    debug: true,
    sampled: true,
    flags: '3',
  };

  it('reading W3C only, C keeps the trace and baggage but cannot pass on the debug flag', async () => {
    // W3C traceparent has a sampled bit and no debug bit: what C did not read, it cannot write.
    const { a, c, d } = await runChain(debugChain, {
      extractWith: w3cOnly(),
      injectWith: w3cAndJaeger(),
    });
    expect(d.traceId).toBe(a.traceId);
    expect(d.incomingParentId).toBe(c.clientSpanId);
    expect(d.baggage).toEqual({
      [FIRST_ITEM.key]: FIRST_ITEM.value,
      [SECOND_ITEM.key]: SECOND_ITEM.value,
    });
    expect([c.sampled, d.sampled]).toEqual([true, true]);
    expect(jaegerFlags(c.sentHeaders)).toBe('1');
    expect(d.incomingDebug).toBe(false);
  });

  it('writing W3C only, C loses D: jaeger-client reads no traceparent and starts a new trace', async () => {
    const { a, c, d } = await runChain(
      { aSampler: 1, traceId128bit: false, debug: false, sampled: true, flags: '1' },
      { extractWith: w3cOnly(), injectWith: w3cOnly() },
    );
    expect(Object.keys(c.sentHeaders ?? {}).sort()).toEqual(['baggage', 'traceparent']);
    expect(d.incomingParentId).toBeUndefined();
    expect(d.traceId).not.toBe(a.traceId);
    expect(d.baggage).toEqual({ [FIRST_ITEM.key]: undefined, [SECOND_ITEM.key]: undefined });
  });
});

describe('custom Jaeger header names: drop-in -> jaeger-client -> drop-in over HTTP', () => {
  // jaeger-client's options.contextKey and options.baggagePrefix, the same on every service.
  const names = { contextKey: 'x-trace-context', baggagePrefix: 'x-trace-bag-' };

  it('each side writes and reads the custom names, in one trace, with both baggage items', async () => {
    const a = dropIn('svc-a', 1, names);
    const b = jaegerClient('svc-b', 1, names);
    // E's own sampler says no: E records only because B's context was read.
    const e = dropIn('svc-e', 0, names);
    const hops: Record<'a' | 'b' | 'e', Hop[]> = { a: [], b: [], e: [] };
    const eServer = await serve(startDropInService('e', e.tracer, hops.e, { first: false }));
    const bServer = await serve(
      startJaegerClientService('b', b.tracer, hops.b, { first: false, downstream: eServer.url }),
    );
    const aServer = await serve(
      startDropInService('a', a.tracer, hops.a, { first: true, downstream: bServer.url }),
    );
    expect(await get(aServer.url)).toEqual({ status: 200, body: 'a>b>e' });
    const [hopA, hopB, hopE] = [only(hops.a, 'A'), only(hops.b, 'B'), only(hops.e, 'E')];

    // The drop-in writes the Jaeger format under the custom names only (and W3C beside it).
    const bagA = `${names.baggagePrefix}${FIRST_ITEM.key}`;
    expect(Object.keys(hopA.sentHeaders ?? {}).sort()).toEqual(
      ['baggage', 'traceparent', names.contextKey, bagA].sort(),
    );
    // jaeger-client sends nothing but the custom names: E can have read only those.
    expect(Object.keys(hopB.sentHeaders ?? {}).sort()).toEqual(
      [names.contextKey, bagA, `${names.baggagePrefix}${SECOND_ITEM.key}`].sort(),
    );

    expect([hopB.traceId, hopE.traceId]).toEqual([hopA.traceId, hopA.traceId]);
    expect(hopB.incomingParentId).toBe(hopA.clientSpanId);
    expect(hopE.incomingParentId).toBe(hopB.clientSpanId);
    expect(hopB.baggage).toEqual({
      [FIRST_ITEM.key]: FIRST_ITEM.value,
      [SECOND_ITEM.key]: undefined,
    });
    expect(hopE.baggage).toEqual({
      [FIRST_ITEM.key]: FIRST_ITEM.value,
      [SECOND_ITEM.key]: SECOND_ITEM.value,
    });

    const traceId = hopA.traceId;
    expect((await a.spans()).map(summarizeOtel).sort(byName)).toEqual([
      {
        name: 'a GET',
        kind: SpanKind.SERVER,
        traceId,
        spanId: hopA.serverSpanId,
        parentId: undefined,
        seenUserId: 'none',
      },
      {
        name: 'a call',
        kind: SpanKind.CLIENT,
        traceId,
        spanId: hopA.clientSpanId,
        parentId: hopA.serverSpanId,
        seenUserId: undefined,
      },
    ]);
    expect(b.reporter.spans.map(summarizeJaeger).sort(byName)).toEqual([
      {
        name: 'b GET',
        traceId,
        spanId: hopB.serverSpanId,
        parentId: hopA.clientSpanId,
        seenUserId: FIRST_ITEM.value,
        debug: false,
      },
      {
        name: 'b call',
        traceId,
        spanId: hopB.clientSpanId,
        parentId: hopB.serverSpanId,
        seenUserId: undefined,
        debug: false,
      },
    ]);
    expect((await e.spans()).map(summarizeOtel)).toEqual([
      {
        name: 'e GET',
        kind: SpanKind.SERVER,
        traceId,
        spanId: hopE.serverSpanId,
        parentId: hopB.clientSpanId,
        seenUserId: FIRST_ITEM.value,
      },
    ]);
  });
});
