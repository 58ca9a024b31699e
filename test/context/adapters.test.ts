// The boundary adapters, against the real SDK: where a migrated file meets legacy code, the spans
// on both sides stay one trace, with the same fields as spans the bridge starts itself.
import type { Context, Span, Tracer } from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  createContextKey,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { TracerShim as OfficialTracerShim } from '@opentelemetry/shim-opentracing';
import fc from 'fast-check';
import { ConstSampler, InMemoryReporter, Tracer as JaegerTracer } from 'jaeger-client';
import * as opentracing from 'opentracing';
import {
  SpanContextShim,
  SpanShim,
  TracerShim,
  contextWithSpan,
  installGlobalTracer,
  legacySpanContextFrom,
  legacySpanFrom,
  legacyTracerFrom,
  otelSpanFrom,
  otelTracerFrom,
  uninstallGlobalTracer,
  withActiveSpan,
} from '../../src';
import { comparableSpans } from '../support/compare-spans';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);
const jaeger = new JaegerTracer('jaeger-service', new InMemoryReporter(), new ConstSampler(true));
const HTTP = opentracing.FORMAT_HTTP_HEADERS;
const INVALID_TRACE_ID = INVALID_SPAN_CONTEXT.traceId;

beforeEach(() => otel.reset());
afterEach(() => uninstallGlobalTracer());

function withBaggage(parent: Context, entries: Record<string, string>): Context {
  const baggage = propagation.createBaggage(
    Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, { value }])),
  );
  return propagation.setBaggage(parent, baggage);
}

/** The parent, trace and sampling of an exported span, as a backend reads them. */
function lineage(span: ReadableSpan): unknown {
  return {
    traceId: span.spanContext().traceId,
    parentSpanId: span.parentSpanContext?.spanId,
    parentTraceId: span.parentSpanContext?.traceId,
    traceFlags: span.spanContext().traceFlags,
    links: span.links,
  };
}

describe('one trace across the boundary, both ways', () => {
  it('OTel -> legacy -> OTel -> legacy -> OTel -> legacy, each the child of the one before', () => {
    // Nothing is active: every parent comes through an adapter, none from the active context.
    const root = otel.tracer.startSpan('otel-root', {}, ROOT_CONTEXT);
    const legacyChild = tracer.startSpan('legacy-child', { childOf: legacySpanFrom(root) });
    const otelGrandchild = otel.tracer.startSpan(
      'otel-grandchild',
      {},
      trace.setSpan(ROOT_CONTEXT, otelSpanFrom(legacyChild)),
    );
    const legacyFromContext = tracer.startSpan('legacy-from-context', {
      childOf: legacySpanContextFrom(trace.setSpan(ROOT_CONTEXT, otelGrandchild)),
    });
    const otelFromSpanContext = otel.tracer.startSpan(
      'otel-from-span-context',
      {},
      contextWithSpan(legacyFromContext.context(), ROOT_CONTEXT),
    );
    const legacyFromSpan = tracer.startSpan('legacy-from-span', {
      childOf: legacySpanContextFrom(otelFromSpanContext),
    });
    for (const span of [legacyFromSpan, legacyFromContext, legacyChild]) span.finish();
    for (const span of [otelFromSpanContext, otelGrandchild, root]) span.end();

    const traceId = otel.span('otel-root').spanContext().traceId;
    const chain = [
      'otel-root',
      'legacy-child',
      'otel-grandchild',
      'legacy-from-context',
      'otel-from-span-context',
      'legacy-from-span',
    ].map((name) => otel.span(name));
    expect(lineage(chain[0])).toEqual({
      traceId,
      parentSpanId: undefined,
      parentTraceId: undefined,
      traceFlags: TraceFlags.SAMPLED,
      links: [],
    });
    for (let i = 1; i < chain.length; i++) {
      expect(lineage(chain[i])).toEqual({
        traceId,
        parentSpanId: chain[i - 1].spanContext().spanId,
        parentTraceId: traceId,
        traceFlags: TraceFlags.SAMPLED,
        links: [],
      });
    }
    expect(otel.warnings).toEqual([]);
  });

  it('a stored legacy span context is a parent for OTel code, with its baggage (withActiveSpan)', async () => {
    const request = tracer.startSpan('legacy-request').setBaggageItem('user.id', 'u1');
    const stored: opentracing.SpanContext = request.context(); // `readonly spanContext: SpanContext`
    const seen = await withActiveSpan(stored, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      otel.tracer.startSpan('otel-work').end();
      return propagation.getBaggage(context.active())?.getEntry('user.id')?.value;
    });
    request.finish();
    expect(seen).toBe('u1');
    expect(otel.span('otel-work').parentSpanContext?.spanId).toBe(request.context().toSpanId());
    expect(otel.span('otel-work').spanContext().traceId).toBe(request.context().toTraceId());
  });

  it('a legacy callee that injects the span it was given writes the OTel span’s ids and baggage', () => {
    const span = otel.tracer.startSpan('otel-client', { kind: SpanKind.CLIENT });
    const headers: Record<string, string> = {};
    tracer.inject(
      legacySpanFrom(span, { context: withBaggage(ROOT_CONTEXT, { tenant: 't9' }) }),
      HTTP,
      headers,
    );
    span.end();
    const { traceId, spanId } = span.spanContext();
    expect(headers).toEqual({ traceparent: `00-${traceId}-${spanId}-01`, baggage: 'tenant=t9' });
  });

  it('a legacy callee starts children of the span through its tracer()', () => {
    installGlobalTracer({ tracerProvider: otel.provider });
    const span = otel.tracer.startSpan('otel-parent');
    const legacy = legacySpanFrom(span);
    legacy.tracer().startSpan('legacy-callee', { childOf: legacy }).finish();
    span.end();
    expect(otel.span('legacy-callee').parentSpanContext?.spanId).toBe(span.spanContext().spanId);
  });
});

describe('legacySpanFrom writes what the bridge writes', () => {
  const error = new Error('declined');
  const START = 1_700_000_000_000;

  /** What legacy code typically does with the span it is handed. */
  function legacyCallee(span: opentracing.Span): void {
    span.setOperationName('charge card');
    span.setTag('order.id', 'o-1');
    span.addTags({ retry: 2, 'peer.hostname': 'payments.internal', 'http.status_code': 503 });
    span.setTag('tags.list', [1, 2]);
    span.setTag(opentracing.Tags.ERROR, true);
    span.log({ event: 'authorized', amount: 12 }, 1_700_000_000_123);
    span.log({ event: 'error', 'error.object': error, message: 'declined' }, 1_700_000_000_456);
    span.logEvent('retrying', { attempt: 2 });
    span.finish(1_700_000_001_000);
  }

  /** The spans of one run, with the fields compareSpans leaves out that this test can repeat. */
  function exported(): unknown {
    const spans = otel.spans();
    return {
      comparable: comparableSpans(spans),
      startTimes: spans.map((span) => span.startTime),
      endTimes: spans.map((span) => span.endTime),
      // Times the callee gave (logEvent takes none).
      logTimes: spans.map((span) => span.events.slice(0, 2).map((event) => event.time)),
      scopes: spans.map((span) => span.instrumentationScope.name),
    };
  }

  it.each(['opentracing', 'both', 'otel'] as const)(
    'same attributes, status, events, name and end time as a span the bridge starts (%s names)',
    (semanticConventions) => {
      const bridge = new TracerShim(otel.tracer, { semanticConventions });
      legacyCallee(
        bridge.startSpan('charge', { tags: { 'span.kind': 'client' }, startTime: START }),
      );
      const fromBridge = exported();
      otel.exporter.reset();

      const span = otel.tracer.startSpan('charge', { kind: SpanKind.CLIENT, startTime: START });
      legacyCallee(legacySpanFrom(span, { tracer: bridge }));
      const fromOtel = exported();

      expect(fromOtel).toEqual(fromBridge);
      const [charged] = otel.spans();
      expect(charged.name).toBe('charge card');
      expect(charged.kind).toBe(SpanKind.CLIENT);
      expect(charged.status.code).toBe(SpanStatusCode.ERROR);
      expect(charged.events.map((event) => event.name)).toEqual([
        'authorized',
        'exception',
        'retrying',
      ]);
      if (semanticConventions === 'otel') {
        expect(charged.attributes).toMatchObject({
          'server.address': 'payments.internal',
          'http.response.status_code': 503,
        });
        expect(charged.attributes['peer.hostname']).toBeUndefined();
      } else {
        expect(charged.attributes['peer.hostname']).toBe('payments.internal');
      }
    },
  );

  it('names peer tags by the OTel span’s kind (a server span’s peer is its client)', () => {
    installGlobalTracer({ tracerProvider: otel.provider, semanticConventions: 'otel' });
    const span = otel.tracer.startSpan('handle', { kind: SpanKind.SERVER });
    legacySpanFrom(span).setTag('peer.hostname', 'caller.internal').finish();
    expect(otel.span('handle').attributes).toEqual({ 'client.address': 'caller.internal' });
  });

  it('finish ends the OTel span, once', () => {
    const span = otel.tracer.startSpan('ended-by-legacy');
    const legacy = legacySpanFrom(span);
    legacy.finish();
    expect(span.isRecording()).toBe(false);
    expect(otel.spans()).toHaveLength(1);
    legacy.finish();
    legacy.setTag('late', true);
    expect(otel.spans()).toHaveLength(1);
    expect(otel.span('ended-by-legacy').attributes).toEqual({});
    expect(otel.warnings).toHaveLength(1); // used after finish, reported once
  });

  it('a span that new code ended stays ended: legacy tags and finish do not reach it', () => {
    const span = otel.tracer.startSpan('ended-by-otel');
    span.end();
    legacySpanFrom(span).setTag('late', true).finish();
    expect(otel.spans()).toHaveLength(1);
    expect(otel.span('ended-by-otel').attributes).toEqual({});
  });

  it('a non-recording OTel span (an extracted parent) gives a legacy span with its ids that records nothing', () => {
    const remote = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const legacy = legacySpanFrom(remote);
    legacy.setTag('nowhere', true).finish();
    tracer.startSpan('child-of-remote', { childOf: legacy }).finish();
    expect(otel.spans().map((span) => span.name)).toEqual(['child-of-remote']);
    expect(otel.span('child-of-remote').parentSpanContext).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      isRemote: true,
    });
  });
});

describe('the tracer of a legacySpanFrom span', () => {
  it('is the tracer given', () => {
    const given = new TracerShim(otel.tracer);
    expect(legacySpanFrom(otel.tracer.startSpan('s'), { tracer: given }).tracer()).toBe(given);
  });

  it('else the one installGlobalTracer installed, also when given opentracing.globalTracer()', () => {
    const installed = installGlobalTracer({ tracerProvider: otel.provider });
    expect(legacySpanFrom(otel.tracer.startSpan('a')).tracer()).toBe(installed);
    const viaDelegate = legacySpanFrom(otel.tracer.startSpan('b'), {
      tracer: opentracing.globalTracer(),
    });
    expect(viaDelegate.tracer()).toBe(installed);
    expect(otel.warnings).toEqual([]);
  });

  it('else one over the global TracerProvider, the same for every span', () => {
    const first = legacySpanFrom(otel.tracer.startSpan('a')).tracer();
    const second = legacySpanFrom(otel.tracer.startSpan('b')).tracer();
    expect(first).toBeInstanceOf(TracerShim);
    expect(second).toBe(first);
    first.startSpan('from-default-tracer').finish();
    expect(otel.span('from-default-tracer').instrumentationScope.name).toBe(
      'opentracing-otel-bridge',
    );
  });

  it('another tracer (jaeger-client) is replaced by the bridge’s, with one warning', () => {
    const installed = installGlobalTracer({ tracerProvider: otel.provider });
    const legacy = legacySpanFrom(otel.tracer.startSpan('a'), { tracer: jaeger });
    legacySpanFrom(otel.tracer.startSpan('b'), { tracer: jaeger });
    expect(legacy.tracer()).toBe(installed);
    expect(otel.warnings).toHaveLength(1);
    expect(otel.warnings[0]).toContain('legacySpanFrom');
  });
});

describe('otelTracerFrom', () => {
  it('gives the OTel tracer a bridge tracer starts its spans with: one trace across the boundary', () => {
    const legacyParent = tracer.startSpan('legacy-parent');
    const otelTracer = otelTracerFrom(tracer);
    const child = otelTracer.startSpan('migrated', {}, contextWithSpan(legacyParent));
    child.end();
    legacyParent.finish();
    expect(otel.span('migrated').instrumentationScope).toEqual(
      otel.span('legacy-parent').instrumentationScope,
    );
    expect(otel.span('migrated').parentSpanContext?.spanId).toBe(
      otel.span('legacy-parent').spanContext().spanId,
    );
    expect(otel.warnings).toEqual([]);
  });

  it('sees through OpenTracing’s global tracer to the installed bridge', () => {
    installGlobalTracer({ tracerProvider: otel.provider, tracerName: 'installed-scope' });
    otelTracerFrom(opentracing.globalTracer()).startSpan('through-global').end();
    expect(otel.span('through-global').instrumentationScope.name).toBe('installed-scope');
    expect(otel.warnings).toEqual([]);
  });

  it('falls back to the bridge’s global tracer for another tracer or none, warning once for another', () => {
    installGlobalTracer({ tracerProvider: otel.provider, tracerName: 'installed-scope' });
    otelTracerFrom(jaeger).startSpan('from-jaeger').end();
    otelTracerFrom(jaeger).startSpan('from-jaeger-again').end();
    otelTracerFrom(undefined as unknown as opentracing.Tracer)
      .startSpan('from-nothing')
      .end();
    for (const name of ['from-jaeger', 'from-jaeger-again', 'from-nothing']) {
      expect(otel.span(name).instrumentationScope.name).toBe('installed-scope');
    }
    expect(otel.warnings).toHaveLength(1);
    expect(otel.warnings[0]).toContain('otelTracerFrom');
  });

  it('never throws on hostile input', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const value of [null, 42, 'tracer', {}, revoked.proxy, () => undefined]) {
      expect(() =>
        otelTracerFrom(value as unknown as opentracing.Tracer)
          .startSpan('hostile')
          .end(),
      ).not.toThrow();
    }
    expect(otel.spans().filter((span) => span.name === 'hostile')).toHaveLength(6);
  });
});

describe('legacyTracerFrom', () => {
  it('gives back the bridge tracer an OTel tracer came from: its spans in the caller’s trace', () => {
    const otelTracer = otelTracerFrom(tracer);
    expect(legacyTracerFrom(otelTracer)).toBe(tracer);
    const parent = otelTracer.startSpan('migrated');
    const legacyChild = legacyTracerFrom(otelTracer).startSpan('legacy', {
      childOf: legacySpanFrom(parent),
    });
    legacyChild.finish();
    parent.end();
    expect(otel.span('legacy').parentSpanContext?.spanId).toBe(
      otel.span('migrated').spanContext().spanId,
    );
    expect(otel.warnings).toEqual([]);
  });

  it('gives OpenTracing’s global tracer for any other OTel tracer: legacy spans go where they went', () => {
    installGlobalTracer({ tracerProvider: otel.provider, tracerName: 'installed-scope' });
    const migrated = otel.provider.getTracer('migrated-scope');
    expect(legacyTracerFrom(migrated)).toBe(opentracing.globalTracer());
    legacyTracerFrom(migrated).startSpan('legacy').finish();
    expect(otel.span('legacy').instrumentationScope.name).toBe('installed-scope');
    // An application that installed a shim of its own with initGlobalTracer: that one.
    uninstallGlobalTracer();
    opentracing.initGlobalTracer(new TracerShim(otel.provider.getTracer('own-shim')));
    legacyTracerFrom(migrated).startSpan('legacy-own').finish();
    expect(otel.span('legacy-own').instrumentationScope.name).toBe('own-shim');
    expect(otel.warnings).toEqual([]);
  });

  it('never throws on hostile input, and says so once', () => {
    installGlobalTracer({ tracerProvider: otel.provider });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const value of [null, 42, 'tracer', {}, revoked.proxy, () => undefined]) {
      expect(legacyTracerFrom(value as unknown as Tracer)).toBe(opentracing.globalTracer());
    }
    expect(otel.warnings).toHaveLength(1);
    expect(otel.warnings[0]).toContain('legacyTracerFrom');
  });
});

describe('identity', () => {
  it('the same OTel span gives the same legacy span, and back', () => {
    const span = otel.tracer.startSpan('s');
    const legacy = legacySpanFrom(span);
    expect(legacy).toBeInstanceOf(SpanShim);
    expect(legacySpanFrom(span)).toBe(legacy);
    expect(legacySpanFrom(span, { context: withBaggage(ROOT_CONTEXT, { k: 'other' }) })).toBe(
      legacy,
    );
    expect(legacy.getSpan()).toBe(span);
    expect(otelSpanFrom(legacy)).toBe(span);
    expect(legacySpanContextFrom(span)).toBe(legacy.context());
  });

  it('a bridge span crossing into OTel code and back is the same object, with its baggage and state', () => {
    const legacy = tracer.startSpan('legacy').setBaggageItem('user.id', 'u1');
    const span = otelSpanFrom(legacy);
    expect(span).toBe(legacy.getSpan());
    span.setAttribute('set.by.otel', true);
    expect(legacySpanFrom(span)).toBe(legacy);
    expect(legacySpanFrom(span).getBaggageItem('user.id')).toBe('u1');
    expect(legacySpanContextFrom(span)).toBe(legacy.context());
    span.end();
    expect(otel.span('legacy').attributes).toEqual({ 'set.by.otel': true });
  });

  it('a bridge span whose getSpan() new code called is given back for that span', () => {
    const legacy = tracer.startSpan('legacy');
    expect(legacySpanFrom(legacy.getSpan())).toBe(legacy);
    legacy.finish();
  });

  it('a span of @opentelemetry/shim-opentracing gives its own OTel span too', () => {
    const official = new OfficialTracerShim(otel.tracer).startSpan('official');
    const span = otelSpanFrom(official);
    expect(span).toBe((official as unknown as { getSpan(): Span }).getSpan());
    span.setAttribute('set.through.otel', true);
    official.finish();
    expect(otel.span('official').attributes).toEqual({ 'set.through.otel': true });
  });

  it('a bridge span made active is given back for OTel’s active span', () => {
    const legacy = tracer.startSpan('legacy');
    withActiveSpan(legacy, () => {
      expect(legacySpanFrom(trace.getActiveSpan()!)).toBe(legacy);
    });
    legacy.finish();
  });

  it('the first legacy span made for an OTel span stays its legacy span', () => {
    const span = otel.tracer.startSpan('s');
    const first = legacySpanFrom(span);
    // Another bridge span over the same OTel span, crossing the boundary afterwards.
    const another = context.with(trace.setSpan(ROOT_CONTEXT, span), () => tracer.activeSpan()!);
    expect(another).not.toBe(first);
    withActiveSpan(another, () => otelSpanFrom(another));
    expect(legacySpanFrom(span)).toBe(first);
    span.end();
  });

  it('a legacy span given to legacySpanFrom, or an OTel span to otelSpanFrom, comes back as it is', () => {
    const legacy = tracer.startSpan('legacy');
    const span = otel.tracer.startSpan('otel');
    expect(legacySpanFrom(legacy as unknown as Span)).toBe(legacy);
    expect(otelSpanFrom(span as unknown as opentracing.Span)).toBe(span);
    expect(otel.warnings).toEqual([]);
  });
});

describe('baggage across the boundary', () => {
  it('a legacy span over an OTel span carries the active baggage, or the given context’s', () => {
    const active = withBaggage(ROOT_CONTEXT, { 'user.id': 'u1' });
    const [fromActive, fromGiven] = context.with(active, () => [
      legacySpanFrom(otel.tracer.startSpan('a')),
      legacySpanFrom(otel.tracer.startSpan('b'), {
        context: withBaggage(ROOT_CONTEXT, { tenant: 't9' }),
      }),
    ]);
    expect(fromActive.getBaggageItem('user.id')).toBe('u1');
    expect(fromGiven.getBaggageItem('user.id')).toBeUndefined();
    expect(fromGiven.getBaggageItem('tenant')).toBe('t9');
    // Read when the legacy span is made: a later context does not change it.
    context.with(withBaggage(ROOT_CONTEXT, { 'user.id': 'later' }), () => {
      expect(fromActive.getBaggageItem('user.id')).toBe('u1');
    });
  });

  it('legacy children inherit it, and what legacy code adds reaches OTel code through contextWithSpan', () => {
    const span = otel.tracer.startSpan('otel');
    const legacy = legacySpanFrom(span, { context: withBaggage(ROOT_CONTEXT, { a: '1' }) });
    legacy.setBaggageItem('b', '2');
    const child = tracer.startSpan('legacy-child', { childOf: legacy });
    expect(child.getBaggageItem('a')).toBe('1');
    expect(child.getBaggageItem('b')).toBe('2');
    const otelContext = contextWithSpan(legacy, ROOT_CONTEXT);
    expect(trace.getSpan(otelContext)).toBe(span);
    expect(
      Object.fromEntries(
        propagation
          .getBaggage(otelContext)!
          .getAllEntries()
          .map(([key, entry]) => [key, entry.value]),
      ),
    ).toEqual({ a: '1', b: '2' });
    child.finish();
    span.end();
  });

  it('legacySpanContextFrom takes a context’s baggage, and the active baggage for a span', () => {
    const span = otel.tracer.startSpan('otel');
    const fromContext = legacySpanContextFrom(
      withBaggage(trace.setSpan(ROOT_CONTEXT, span), { tenant: 't9' }),
    );
    expect(fromContext.getBaggageItem('tenant')).toBe('t9');
    expect(fromContext.toSpanId()).toBe(span.spanContext().spanId);
    const fromSpan = context.with(withBaggage(ROOT_CONTEXT, { 'user.id': 'u1' }), () =>
      legacySpanContextFrom(span),
    );
    expect(fromSpan.getBaggageItem('user.id')).toBe('u1');
    expect(fromSpan.toTraceId()).toBe(span.spanContext().traceId);
    // Used as childOf, the baggage goes to the legacy child.
    const child = tracer.startSpan('legacy-child', { childOf: fromContext });
    expect(child.getBaggageItem('tenant')).toBe('t9');
    child.finish();
    span.end();
    expect(otel.span('legacy-child').parentSpanContext?.spanId).toBe(span.spanContext().spanId);
  });

  it('the debug flag of a context goes with its span context', () => {
    const debugKey = createContextKey('OpenTelemetry Context Key B3 Debug Flag');
    const span = otel.tracer.startSpan('otel');
    const debugContext = trace.setSpan(ROOT_CONTEXT, span).setValue(debugKey, '1');
    expect(legacySpanContextFrom(debugContext).isDebug()).toBe(true);
    expect(legacySpanContextFrom(trace.setSpan(ROOT_CONTEXT, span)).isDebug()).toBe(false);
    expect(legacySpanContextFrom(ROOT_CONTEXT.setValue(debugKey, '1')).isDebug()).toBe(false);
    span.end();
  });
});

describe('a context without a span', () => {
  it('gives a span context with invalid ids and the context’s baggage', () => {
    const empty = legacySpanContextFrom(ROOT_CONTEXT);
    expect(empty).toBeInstanceOf(SpanContextShim);
    expect(empty.toTraceId()).toBe(INVALID_TRACE_ID);
    expect(empty.isValid()).toBe(false);
    const baggageOnly = legacySpanContextFrom(withBaggage(ROOT_CONTEXT, { 'user.id': 'u1' }));
    expect(baggageOnly.getBaggageItem('user.id')).toBe('u1');
    expect(otel.warnings).toEqual([]);
  });

  it('used as childOf, starts a root span when nothing is active, with the baggage', () => {
    const child = tracer.startSpan('root-from-empty', {
      childOf: legacySpanContextFrom(withBaggage(ROOT_CONTEXT, { 'user.id': 'u1' })),
    });
    child.finish();
    const exported = otel.span('root-from-empty');
    expect(exported.parentSpanContext).toBeUndefined();
    expect(exported.links).toEqual([]);
    expect(exported.spanContext().traceId).not.toBe(INVALID_TRACE_ID);
    expect(child.getBaggageItem('user.id')).toBe('u1');
  });

  it('used as childOf, gives its own baggage, not the active baggage', () => {
    context.with(withBaggage(ROOT_CONTEXT, { 'user.id': 'active' }), () => {
      const none = tracer.startSpan('none', { childOf: legacySpanContextFrom(ROOT_CONTEXT) });
      const own = tracer.startSpan('own', {
        childOf: legacySpanContextFrom(withBaggage(ROOT_CONTEXT, { tenant: 't9' })),
      });
      expect(none.getBaggageItem('user.id')).toBeUndefined();
      expect(own.getBaggageItem('user.id')).toBeUndefined();
      expect(own.getBaggageItem('tenant')).toBe('t9');
    });
  });

  it('used as childOf under an active span, is no parent: the tracer’s implicitParent rule decides', () => {
    const strict = new TracerShim(otel.tracer, { implicitParent: false });
    otel.tracer.startActiveSpan('active', (active) => {
      const childOf = legacySpanContextFrom(ROOT_CONTEXT);
      tracer.startSpan('implicit', { childOf }).finish();
      strict.startSpan('strict', { childOf }).finish();
      // As with no childOf at all.
      tracer.startSpan('no-childOf').finish();
      strict.startSpan('strict-no-childOf').finish();
      active.end();
    });
    const activeId = otel.span('active').spanContext().spanId;
    expect(otel.span('implicit').parentSpanContext?.spanId).toBe(activeId);
    expect(otel.span('no-childOf').parentSpanContext?.spanId).toBe(activeId);
    expect(otel.span('strict').parentSpanContext).toBeUndefined();
    expect(otel.span('strict-no-childOf').parentSpanContext).toBeUndefined();
  });

  it('contextWithSpan of an invalid span context keeps the parent’s span, as the tracer does', () => {
    const extracted = tracer.extract(HTTP, { baggage: 'user.id=u1' })!;
    expect(extracted.isValid()).toBe(false);
    otel.tracer.startActiveSpan('active', (active) => {
      tracer.startSpan('legacy', { childOf: extracted }).finish();
      const otelContext = contextWithSpan(extracted);
      expect(propagation.getBaggage(otelContext)?.getEntry('user.id')?.value).toBe('u1');
      otel.tracer.startSpan('otel', {}, otelContext).end();
      active.end();
    });
    const activeId = otel.span('active').spanContext().spanId;
    expect(otel.span('legacy').parentSpanContext?.spanId).toBe(activeId);
    expect(otel.span('otel').parentSpanContext?.spanId).toBe(activeId);
  });
});

describe('spans and span contexts of another tracer (jaeger-client)', () => {
  it('a jaeger-client span is a non-recording OTel span with its ids, and a parent in its trace', () => {
    const legacy = jaeger.startSpan('jaeger-parent');
    legacy.setBaggageItem('user.id', 'u1');
    const span = otelSpanFrom(legacy);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext()).toMatchObject({
      traceId: legacy.context().toTraceId().padStart(32, '0'),
      spanId: legacy.context().toSpanId().padStart(16, '0'),
      isRemote: true,
    });
    span.setAttribute('goes', 'nowhere');
    otel.tracer.startSpan('otel-child', {}, trace.setSpan(ROOT_CONTEXT, span)).end();
    expect(otel.span('otel-child').parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    expect(otel.span('otel-child').spanContext().traceId).toBe(span.spanContext().traceId);
    legacy.finish();
  });

  it('contextWithSpan takes a jaeger-client span context, with its baggage', () => {
    const legacy = jaeger.startSpan('jaeger-parent');
    legacy.setBaggageItem('user.id', 'u1');
    const otelContext = contextWithSpan(legacy.context(), ROOT_CONTEXT);
    expect(trace.getSpanContext(otelContext)?.spanId).toBe(
      legacy.context().toSpanId().padStart(16, '0'),
    );
    expect(propagation.getBaggage(otelContext)?.getEntry('user.id')?.value).toBe('u1');
    expect(legacySpanContextFrom(legacy.context() as unknown as Context).toSpanId()).toBe(
      legacy.context().toSpanId().padStart(16, '0'),
    );
    legacy.finish();
  });
});

describe('contextWithSpan', () => {
  it('returns the parent as it is for null and undefined, silently (no parent is normal)', () => {
    const parent = withBaggage(ROOT_CONTEXT, { k: 'v' });
    expect(contextWithSpan(null, parent)).toBe(parent);
    expect(contextWithSpan(undefined, parent)).toBe(parent);
    context.with(parent, () => expect(contextWithSpan(undefined)).toBe(parent));
    expect(otel.warnings).toEqual([]);
  });

  it('takes a span context of the bridge as it takes its span', () => {
    const legacy = tracer.startSpan('legacy').setBaggageItem('k', 'v');
    const fromContext = contextWithSpan(legacy.context(), ROOT_CONTEXT);
    const fromSpan = contextWithSpan(legacy, ROOT_CONTEXT);
    expect(trace.getSpanContext(fromContext)).toEqual(trace.getSpanContext(fromSpan));
    expect(propagation.getBaggage(fromContext)).toBe(propagation.getBaggage(fromSpan));
    legacy.finish();
  });
});

/** Values that are not spans, contexts or span contexts, some of them fighting back. */
function hostileValues(): Array<[string, unknown]> {
  const throwing = (): never => {
    throw new Error('hostile');
  };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const allTrapsThrow = new Proxy(
    {},
    { get: throwing, getPrototypeOf: throwing, has: throwing, ownKeys: throwing },
  );
  const spanShaped = (spanContext: () => unknown): unknown => ({
    spanContext,
    setAttribute: () => undefined,
    setAttributes: () => undefined,
    addEvent: () => undefined,
    setStatus: () => undefined,
    updateName: () => undefined,
    end: () => undefined,
    isRecording: () => true,
    recordException: () => undefined,
  });
  return [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['NaN', Number.NaN],
    ['a string', 'span'],
    ['a symbol', Symbol('span')],
    ['a bigint', 10n],
    ['a function', () => 1],
    ['a plain object', {}],
    ['an array', []],
    ['a null-prototype object', Object.create(null)],
    ['a Date', new Date()],
    ['a promise', Promise.resolve()],
    ['a revoked proxy', revocable.proxy],
    ['a proxy whose traps throw', allTrapsThrow],
    ['throwing getters', Object.defineProperty({}, 'context', { get: throwing })],
    ['a context() that throws', { context: throwing }],
    ['a getSpan() that throws', { getSpan: throwing, context: throwing }],
    ['a foreign context without ids', { toTraceId: () => 'xyz', toSpanId: () => '' }],
    ['toTraceId that throws', { toTraceId: throwing, toSpanId: throwing }],
    ['a span-shaped object whose spanContext() throws', spanShaped(throwing)],
    ['a span-shaped object without ids', spanShaped(() => null)],
    [
      'a context-shaped object that throws',
      { getValue: throwing, setValue: throwing, deleteValue: throwing },
    ],
  ];
}

describe('hostile input never throws, and is reported once through diag', () => {
  const helpers: Array<[string, (value: unknown) => unknown]> = [
    ['otelSpanFrom', (value) => otelSpanFrom(value as opentracing.Span)],
    ['legacySpanFrom', (value) => legacySpanFrom(value as Span)],
    ['legacySpanContextFrom', (value) => legacySpanContextFrom(value as Context)],
    ['contextWithSpan', (value) => contextWithSpan(value as opentracing.Span, ROOT_CONTEXT)],
  ];

  describe.each(helpers)('%s', (name, helper) => {
    it.each(hostileValues())('given %s', (_description, value) => {
      expect(() => helper(value)).not.toThrow();
      const fromThisHelper = otel.warnings.filter((warning) => warning.includes(`\`${name}\``));
      const silent = name === 'contextWithSpan' && (value === null || value === undefined);
      expect(fromThisHelper).toHaveLength(silent ? 0 : 1);
      expect(new Set(otel.warnings).size).toBe(otel.warnings.length);
    });

    it('reports once for all of them', () => {
      for (const [, value] of hostileValues()) helper(value);
      for (const [, value] of hostileValues()) helper(value);
      const fromThisHelper = otel.warnings.filter((warning) => warning.includes(`\`${name}\``));
      expect(fromThisHelper).toHaveLength(1);
      expect(new Set(otel.warnings).size).toBe(otel.warnings.length);
    });
  });

  it('each gives a usable stand-in: an invalid span or span context, never a crash later', () => {
    for (const [, value] of hostileValues()) {
      const span = otelSpanFrom(value as opentracing.Span);
      expect(span.isRecording()).toBe(false);
      expect(span.spanContext().traceId).toBe(INVALID_TRACE_ID);
      span.setAttribute('k', 1);
      span.end();

      const legacy = legacySpanFrom(value as Span);
      expect(legacy).toBeInstanceOf(SpanShim);
      expect(legacy.context().toTraceId()).toBe(INVALID_TRACE_ID);
      expect(legacy.tracer()).toBeInstanceOf(TracerShim);
      legacy.setTag('k', 1).log({ event: 'e' }).setBaggageItem('b', '1');
      tracer.startSpan('child-of-stand-in', { childOf: legacy }).finish();
      legacy.finish();

      const spanContext = legacySpanContextFrom(value as Context);
      expect(spanContext.isValid()).toBe(false);
      tracer.inject(spanContext, HTTP, {});
    }
    // The stand-ins are no parents: each child is a root span.
    for (const span of otel.spans()) expect(span.parentSpanContext).toBeUndefined();
    expect(otel.spans().map((span) => span.name)).toEqual(
      hostileValues().map(() => 'child-of-stand-in'),
    );
  });

  it('legacySpanFrom with options it cannot use still wraps the span, with one warning', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const badOptions: unknown[] = [
      42,
      'options',
      revocable.proxy,
      { tracer: 42 },
      { tracer: revocable.proxy },
      { tracer: {} },
      { context: 42 },
      { context: revocable.proxy },
      { context: {} },
      Object.defineProperty({}, 'tracer', {
        get: () => {
          throw new Error('hostile');
        },
      }),
    ];
    for (const options of badOptions) {
      const span = otel.tracer.startSpan('wrapped');
      const legacy = legacySpanFrom(span, options as never);
      legacy.setTag('reached', true).finish();
      expect(legacy.getSpan()).toBe(span);
    }
    expect(otel.spans().map((span) => span.attributes)).toEqual(
      badOptions.map(() => ({ reached: true })),
    );
    expect(otel.warnings).toHaveLength(1);
    expect(otel.warnings[0]).toContain('`legacySpanFrom`');
  });

  it('a span-shaped object whose methods throw gives a legacy span whose methods do not', () => {
    const throwing = (): never => {
      throw new Error('hostile');
    };
    const real = otel.tracer.startSpan('real');
    const hostile = new Proxy(real, {
      get: (target, key) =>
        key === 'spanContext' || key === 'isRecording'
          ? (target[key as keyof Span] as () => unknown).bind(target)
          : typeof target[key as keyof Span] === 'function'
            ? throwing
            : undefined,
    });
    const legacy = legacySpanFrom(hostile);
    expect(() => {
      legacy.setTag('k', 1).setTag('error', true).log({ event: 'e' }).setOperationName('n');
      legacy.finish();
      tracer.startSpan('child', { childOf: legacy }).finish();
    }).not.toThrow();
    expect(otel.span('child').parentSpanContext?.spanId).toBe(real.spanContext().spanId);
    real.end();
  });

  it('any value at all (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true }), (value) => {
        otelSpanFrom(value as opentracing.Span);
        legacySpanFrom(value as Span, value as never)
          .setTag('k', value)
          .finish();
        legacySpanContextFrom(value as Context);
        contextWithSpan(value as opentracing.Span);
      }),
      { numRuns: 300 },
    );
    expect(new Set(otel.warnings).size).toBe(otel.warnings.length);
  });

  it('after all that, the boundary still works', () => {
    for (const [, value] of hostileValues()) {
      otelSpanFrom(value as opentracing.Span);
      legacySpanFrom(value as Span);
      legacySpanContextFrom(value as Context);
      contextWithSpan(value as opentracing.Span);
    }
    otel.exporter.reset();
    const root = otel.tracer.startSpan('root');
    const legacy = tracer.startSpan('legacy', { childOf: legacySpanFrom(root) });
    otel.tracer.startSpan('otel', {}, trace.setSpan(ROOT_CONTEXT, otelSpanFrom(legacy))).end();
    legacy.finish();
    root.end();
    expect(otel.span('legacy').parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(otel.span('otel').parentSpanContext?.spanId).toBe(legacy.context().toSpanId());
  });
});
