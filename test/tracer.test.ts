import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { TracerShim } from '../src';
import { setUpOtel } from './support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);

beforeEach(() => otel.reset());

describe('startSpan', () => {
  it('creates an OTel span with the operation name and ends it on finish', () => {
    tracer.startSpan('checkout').finish();
    const span = otel.span('checkout');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.ended).toBe(true);
  });

  it('honours startTime and finishTime given in milliseconds since the epoch', () => {
    const start = Date.UTC(2024, 0, 2, 3, 4, 5) + 123.5;
    const span = tracer.startSpan('timed', { startTime: start });
    span.finish(start + 250);
    const exported = otel.span('timed');
    expect(exported.startTime).toEqual([Math.floor(start / 1000), 123_500_000]);
    expect(exported.duration).toEqual([0, 250_000_000]);
  });

  it('passes initial tags to the sampler as attributes at creation', () => {
    const seen: unknown[] = [];
    const sampling = new TracerShim({
      startSpan(name, options, ctx) {
        seen.push(options?.attributes);
        return otel.tracer.startSpan(name, options, ctx);
      },
      startActiveSpan: otel.tracer.startActiveSpan.bind(otel.tracer),
    });
    sampling.startSpan('tagged', { tags: { 'http.method': 'GET', retries: 2 } }).finish();
    expect(seen).toEqual([{ 'http.method': 'GET', retries: 2 }]);
    expect(otel.span('tagged').attributes).toEqual({ 'http.method': 'GET', retries: 2 });
  });

  it.each([
    ['server', SpanKind.SERVER],
    ['client', SpanKind.CLIENT],
    ['producer', SpanKind.PRODUCER],
    ['consumer', SpanKind.CONSUMER],
    ['SERVER', SpanKind.SERVER],
  ])('maps a span.kind tag %s at start to the OTel span kind', (value, kind) => {
    tracer.startSpan('kinded', { tags: { [opentracing.Tags.SPAN_KIND]: value } }).finish();
    const span = otel.span('kinded');
    expect(span.kind).toBe(kind);
    expect(span.attributes['span.kind']).toBeUndefined();
  });

  it('keeps an unknown span.kind value as an attribute and warns once', () => {
    tracer.startSpan('odd-kind', { tags: { 'span.kind': 'sideways' } }).finish();
    tracer.startSpan('odd-kind-2', { tags: { 'span.kind': 'upwards' } }).finish();
    expect(otel.span('odd-kind').kind).toBe(SpanKind.INTERNAL);
    expect(otel.span('odd-kind').attributes['span.kind']).toBe('sideways');
    expect(otel.warnings.filter((w) => w.includes('span.kind'))).toHaveLength(1);
  });

  it('turns an error tag at start into the span status', () => {
    tracer.startSpan('failed', { tags: { error: true } }).finish();
    tracer.startSpan('fine', { tags: { error: false } }).finish();
    expect(otel.span('failed').status.code).toBe(SpanStatusCode.ERROR);
    expect(otel.span('failed').attributes.error).toBeUndefined();
    expect(otel.span('fine').status.code).toBe(SpanStatusCode.OK);
  });

  it('does not modify the options object it is given', () => {
    const parent = tracer.startSpan('parent');
    const options = { childOf: parent, tags: { a: 1 } };
    tracer.startSpan('child', options).finish();
    expect(options).toEqual({ childOf: parent, tags: { a: 1 } });
  });

  it('takes every start option at once: a performance.now() start, tags and a FollowsFrom', () => {
    const producer = tracer.startSpan('producer');
    const reading = performance.now() / 2;
    const tags = { key: 'value', count: 1 };
    const span = tracer.startSpan('consumer', {
      startTime: reading,
      tags,
      references: [opentracing.followsFrom(producer.context())],
    });
    span.finish();
    const exported = otel.span('consumer');
    const startMs = exported.startTime[0] * 1000 + exported.startTime[1] / 1e6;
    expect(startMs).toBeCloseTo(reading + (Date.now() - performance.now()), -1);
    expect(exported.attributes).toEqual(tags);
    expect(exported.parentSpanContext?.spanId).toBe(producer.context().toSpanId());
    expect(exported.links).toHaveLength(1);
    expect(exported.links[0].attributes).toEqual({ 'opentracing.ref_type': 'follows_from' });
  });

  it.each(['opentracing', 'otel'] as const)(
    'leaves out start tags set to undefined or null, silently (%s names)',
    (semanticConventions) => {
      const shim = new TracerShim(otel.tracer, { semanticConventions });
      shim
        .startSpan('s', {
          tags: { kept: 1, gone: undefined, cleared: null, 'span.kind': undefined, error: null },
        })
        .finish();
      expect(otel.span('s').attributes).toEqual({ kept: 1 });
      expect(otel.span('s').kind).toBe(SpanKind.INTERNAL);
      expect(otel.span('s').status.code).toBe(SpanStatusCode.UNSET);
      expect(otel.warnings).toEqual([]);
    },
  );

  it.each([
    ['opentracing', { inherited: 'x', n: 2 }],
    ['otel', { inherited: 'x', n: 2 }],
    ['opentracing', { 'span.kind': 'server', error: true, 'peer.port': 80 }],
    ['otel', { 'span.kind': 'server', error: true, 'peer.port': 80 }],
  ] as const)(
    'reads only own start tags (%s names, inherited %j)',
    (semanticConventions, defaults) => {
      const seen: unknown[] = [];
      const recording = new TracerShim(
        {
          startSpan(name, options, ctx) {
            seen.push(options?.attributes);
            return otel.tracer.startSpan(name, options, ctx);
          },
          startActiveSpan: otel.tracer.startActiveSpan.bind(otel.tracer),
        },
        { semanticConventions },
      );
      const plain = Object.assign(Object.create(defaults) as Record<string, unknown>, {
        own: 'yes',
      });
      recording.startSpan('s', { tags: plain }).finish();
      const exported = otel.span('s');
      expect(exported.attributes).toEqual({ own: 'yes' });
      expect(exported.kind).toBe(SpanKind.INTERNAL);
      expect(exported.status.code).toBe(SpanStatusCode.UNSET);
      // The tracer is handed an object of own tags only, not one whose prototype holds more.
      expect(seen).toHaveLength(1);
      expect(Object.getPrototypeOf(seen[0])).toBe(Object.prototype);
      expect({ ...(seen[0] as object) }).toEqual({ own: 'yes' });
    },
  );

  it('converts a non-string operation name to text', () => {
    tracer.startSpan(42 as unknown as string).finish();
    expect(otel.spans()[0].name).toBe('42');
  });
});

describe('references', () => {
  it('makes childOf the parent, without a link repeating it', () => {
    const parent = tracer.startSpan('parent');
    tracer.startSpan('child', { childOf: parent }).finish();
    tracer.startSpan('child of context', { childOf: parent.context() }).finish();
    parent.finish();
    for (const name of ['child', 'child of context']) {
      const child = otel.span(name);
      expect(child.spanContext().traceId).toBe(parent.context().toTraceId());
      expect(child.parentSpanContext?.spanId).toBe(parent.context().toSpanId());
      expect(child.links).toEqual([]);
    }
  });

  it('accepts a span context as childOf', () => {
    const parent = tracer.startSpan('parent');
    tracer.startSpan('child', { childOf: parent.context() }).finish();
    expect(otel.span('child').parentSpanContext?.spanId).toBe(parent.context().toSpanId());
  });

  it('parents on the first ChildOf even after a FollowsFrom, and links every other reference in order', () => {
    const a = tracer.startSpan('a');
    const b = tracer.startSpan('b');
    const c = tracer.startSpan('c');
    tracer
      .startSpan('multi', {
        references: [
          opentracing.followsFrom(a.context()),
          opentracing.childOf(b.context()),
          opentracing.childOf(c.context()),
        ],
      })
      .finish();
    const multi = otel.span('multi');
    expect(multi.parentSpanContext?.spanId).toBe(b.context().toSpanId());
    expect(
      multi.links.map((l) => [l.context.spanId, l.attributes?.['opentracing.ref_type']]),
    ).toEqual([
      [a.context().toSpanId(), 'follows_from'],
      [c.context().toSpanId(), 'child_of'],
    ]);
  });

  it('drops only the ChildOf link of the parent when one context is referenced both ways', () => {
    const a = tracer.startSpan('a');
    tracer
      .startSpan('twice', {
        references: [opentracing.followsFrom(a.context()), opentracing.childOf(a.context())],
      })
      .finish();
    const twice = otel.span('twice');
    expect(twice.parentSpanContext?.spanId).toBe(a.context().toSpanId());
    expect(twice.links.map((l) => l.attributes?.['opentracing.ref_type'])).toEqual([
      'follows_from',
    ]);
  });

  it('parents a child of an extracted context on it, with its baggage, whatever is active', () => {
    const upstream = tracer.startSpan('upstream').setBaggageItem('user.id', 'u-1');
    const headers: Record<string, string> = {};
    tracer.inject(upstream, opentracing.FORMAT_HTTP_HEADERS, headers);
    const extracted = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, headers)!;
    const seen: (string | undefined)[] = [];
    const check = (name: string) => {
      const child = tracer.startSpan(name, { childOf: extracted });
      seen.push(child.getBaggageItem('user.id'));
      child.finish();
      expect(otel.span(name).parentSpanContext?.spanId).toBe(upstream.context().toSpanId());
    };
    check('nothing active');
    const activeBaggage = propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ 'user.id': { value: 'other' } }),
    );
    context.with(activeBaggage, () =>
      otel.tracer.startActiveSpan('otel', (span) => {
        check('under an OTel span');
        span.end();
      }),
    );
    check('nothing active again');
    expect(seen).toEqual(['u-1', 'u-1', 'u-1']);
  });

  it('treats a one-entry references list like childOf, or as a linked FollowsFrom parent', () => {
    const producer = tracer.startSpan('producer').setBaggageItem('order', 'o-7');
    tracer
      .startSpan('consumer', { references: [opentracing.followsFrom(producer.context())] })
      .finish();
    tracer.startSpan('child', { references: [opentracing.childOf(producer.context())] }).finish();
    const consumer = otel.span('consumer');
    expect(consumer.parentSpanContext?.spanId).toBe(producer.context().toSpanId());
    expect(consumer.links.map((l) => [l.context.spanId, l.attributes])).toEqual([
      [producer.context().toSpanId(), { 'opentracing.ref_type': 'follows_from' }],
    ]);
    const child = otel.span('child');
    expect(child.parentSpanContext?.spanId).toBe(producer.context().toSpanId());
    expect(child.links).toEqual([]);
    const fromList = tracer.startSpan('again', {
      references: [opentracing.followsFrom(producer.context())],
    });
    expect(fromList.getBaggageItem('order')).toBe('o-7');
  });

  it('parents on the first FollowsFrom when there is no ChildOf', () => {
    const producer = tracer.startSpan('producer');
    const other = tracer.startSpan('other');
    tracer
      .startSpan('consumer', {
        references: [opentracing.followsFrom(producer), opentracing.followsFrom(other)],
      })
      .finish();
    expect(otel.span('consumer').parentSpanContext?.spanId).toBe(producer.context().toSpanId());
    expect(otel.span('consumer').links).toHaveLength(2);
  });

  it('counts childOf after the references list, as the opentracing base class does', () => {
    const listed = tracer.startSpan('listed');
    const explicit = tracer.startSpan('explicit');
    tracer
      .startSpan('both', { references: [opentracing.childOf(listed)], childOf: explicit })
      .finish();
    const both = otel.span('both');
    expect(both.parentSpanContext?.spanId).toBe(listed.context().toSpanId());
    // The listed ChildOf is the parent (no link); `childOf` is the second ChildOf, so a link.
    expect(both.links.map((l) => l.context.spanId)).toEqual([explicit.context().toSpanId()]);
  });

  it('gives the new span the union of its references’ baggage, first value winning', () => {
    const a = tracer
      .startSpan('a')
      .setBaggageItem('user.id', 'u1')
      .setBaggageItem('shared', 'from-a');
    const b = tracer
      .startSpan('b')
      .setBaggageItem('tenant', 't9')
      .setBaggageItem('shared', 'from-b');
    const child = tracer.startSpan('child', {
      references: [opentracing.childOf(a), opentracing.followsFrom(b)],
    });
    expect(child.getBaggageItem('user.id')).toBe('u1');
    expect(child.getBaggageItem('tenant')).toBe('t9');
    expect(child.getBaggageItem('shared')).toBe('from-a');
  });

  it('treats a null childOf (an empty extract) as no reference', () => {
    const root = tracer.startSpan('root', { childOf: null as unknown as opentracing.SpanContext });
    root.finish();
    expect(otel.span('root').parentSpanContext).toBeUndefined();
  });

  it('takes baggage but not a parent from a baggage-only reference', () => {
    const extracted = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, { baggage: 'user.id=42' });
    expect(extracted).not.toBeNull();
    const span = tracer.startSpan('handler', { childOf: extracted! });
    span.finish();
    expect(otel.span('handler').parentSpanContext).toBeUndefined();
    expect(otel.span('handler').links).toEqual([]);
    expect(span.getBaggageItem('user.id')).toBe('42');
  });

  it('converts a span context from another tracer that exposes hex ids', () => {
    // jaeger-client prints ids without leading zeros and may carry 64-bit trace ids.
    const jaegerLike = {
      toTraceId: () => 'abc123',
      toSpanId: () => 'f00d',
      isSampled: () => true,
      baggage: { 'user.id': 'u7', ignored: 3 },
    };
    const span = tracer.startSpan('converted', {
      childOf: jaegerLike as unknown as opentracing.SpanContext,
    });
    span.finish();
    const exported = otel.span('converted');
    expect(exported.spanContext().traceId).toBe('00000000000000000000000000abc123');
    expect(exported.parentSpanContext).toMatchObject({
      spanId: '000000000000f00d',
      isRemote: true,
    });
    expect(span.getBaggageItem('user.id')).toBe('u7');
    expect(span.getBaggageItem('ignored')).toBeUndefined();
  });

  it('ignores a foreign context without usable ids, with one warning', () => {
    const bogus = { toTraceId: () => 'not hex', toSpanId: () => '' };
    tracer.startSpan('x', { childOf: bogus }).finish();
    tracer.startSpan('y', { childOf: bogus }).finish();
    expect(otel.span('x').parentSpanContext).toBeUndefined();
    expect(otel.warnings.filter((w) => w.includes('another tracer'))).toHaveLength(1);
  });

  it('accepts references built by another copy of opentracing (duck-typed)', () => {
    const parent = tracer.startSpan('parent');
    const foreignReference = { type: () => 'child_of', referencedContext: () => parent.context() };
    tracer
      .startSpan('child', { references: [foreignReference as unknown as opentracing.Reference] })
      .finish();
    expect(otel.span('child').parentSpanContext?.spanId).toBe(parent.context().toSpanId());
  });
});

describe('implicit parent (mixed mode)', () => {
  it('parents a span without references on the active OTel span and takes the active baggage', () => {
    const otelParent = otel.tracer.startSpan('otel-parent');
    const active = propagation.setBaggage(
      trace.setSpan(context.active(), otelParent),
      propagation.createBaggage({ 'user.id': { value: 'u1' } }),
    );
    const span = context.with(active, () => tracer.startSpan('legacy-child'));
    span.finish();
    otelParent.end();
    expect(otel.span('legacy-child').parentSpanContext?.spanId).toBe(
      otelParent.spanContext().spanId,
    );
    expect(span.getBaggageItem('user.id')).toBe('u1');
  });

  it('starts a root span with empty baggage when implicitParent is off', () => {
    const strict = new TracerShim(otel.tracer, { implicitParent: false });
    const otelParent = otel.tracer.startSpan('otel-parent');
    const active = propagation.setBaggage(
      trace.setSpan(context.active(), otelParent),
      propagation.createBaggage({ 'user.id': { value: 'u1' } }),
    );
    const span = context.with(active, () => strict.startSpan('strict-root'));
    span.finish();
    expect(otel.span('strict-root').parentSpanContext).toBeUndefined();
    expect(span.getBaggageItem('user.id')).toBeUndefined();
  });
});

describe('activeSpan', () => {
  it('returns null when there is neither an active span nor baggage', () => {
    expect(tracer.activeSpan()).toBeNull();
  });

  it('wraps the active OTel span so legacy code can tag it', () => {
    const otelSpan = otel.tracer.startSpan('otel');
    context.with(trace.setSpan(context.active(), otelSpan), () => {
      tracer.activeSpan()?.setTag('legacy.tag', 'yes');
    });
    otelSpan.end();
    expect(otel.span('otel').attributes['legacy.tag']).toBe('yes');
  });

  it('returns a non-recording span carrying the baggage when only baggage is active', () => {
    const active = propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ 'user.id': { value: 'u3' } }),
    );
    const span = context.with(active, () => tracer.activeSpan());
    expect(span).not.toBeNull();
    expect(span!.getBaggageItem('user.id')).toBe('u3');
    expect(span!.getSpan().isRecording()).toBe(false);
  });
});

describe('bad options and hostile tags', () => {
  it('never throws on bad options, keeps the defaults and reads a lone key as one key', () => {
    const bad = [
      { propagators: 'jaeger' },
      { propagators: null },
      { propagators: 42 },
      {
        propagators: [
          {
            toString: () => {
              throw new Error('x');
            },
          },
        ],
      },
      { incomingBaggageKeys: null },
      { semanticConventions: 'klingon' },
      { textMapPropagator: 'not a propagator' },
    ];
    for (const options of bad) {
      expect(() => new TracerShim(otel.tracer, options as never)).not.toThrow();
    }
    const lone = new TracerShim(otel.tracer, { incomingBaggageKeys: 'user.id' as never });
    const extracted = lone.extract(opentracing.FORMAT_HTTP_HEADERS, { baggage: 'user.id=42,u=1' });
    expect(
      extracted
        ?.getBaggage()
        .getAllEntries()
        .map(([key]) => key),
    ).toEqual(['user.id']);
    const fromString = new TracerShim(otel.tracer, { propagators: 'jaeger' as never });
    const headers: Record<string, string> = {};
    fromString.inject(fromString.startSpan('s'), opentracing.FORMAT_HTTP_HEADERS, headers);
    expect(Object.keys(headers)).toEqual(['uber-trace-id']);
  });

  it('drops only the tag whose getter throws, keeping the span in its trace', () => {
    const parent = tracer.startSpan('parent');
    const tags = { good: 1 };
    Object.defineProperty(tags, 'bad', {
      enumerable: true,
      get: () => {
        throw new Error('hostile');
      },
    });
    const child = tracer.startSpan('child', { childOf: parent, tags });
    child.finish();
    expect(otel.span('child').attributes).toEqual({ good: 1 });
    expect(otel.span('child').parentSpanContext?.spanId).toBe(parent.context().toSpanId());
  });

  it('knows the kind of the active OTel span, so tags translate as on a server span', () => {
    const translating = new TracerShim(otel.tracer, { semanticConventions: 'otel' });
    otel.tracer.startActiveSpan('server', { kind: SpanKind.SERVER }, (span) => {
      translating.activeSpan()?.setTag('peer.address', '10.0.0.1');
      span.end();
    });
    expect(otel.span('server').attributes).toEqual({ 'client.address': '10.0.0.1' });
  });
});

describe('linkParentReference: true (the letter of the specification)', () => {
  it('records every reference as a link, the ChildOf parent included', () => {
    const strict = new TracerShim(otel.tracer, { linkParentReference: true });
    const parent = strict.startSpan('parent');
    const other = strict.startSpan('other');
    strict.startSpan('child', { childOf: parent }).finish();
    strict
      .startSpan('both', {
        references: [opentracing.childOf(parent), opentracing.followsFrom(other)],
      })
      .finish();
    const child = otel.span('child');
    expect(child.parentSpanContext?.spanId).toBe(parent.context().toSpanId());
    expect(child.links).toHaveLength(1);
    expect(child.links[0]).toMatchObject({
      context: parent.getSpan().spanContext(),
      attributes: { 'opentracing.ref_type': 'child_of' },
    });
    expect(otel.span('both').parentSpanContext?.spanId).toBe(parent.context().toSpanId());
    expect(
      otel
        .span('both')
        .links.map((link) => [link.context.spanId, link.attributes?.['opentracing.ref_type']]),
    ).toEqual([
      [parent.context().toSpanId(), 'child_of'],
      [other.context().toSpanId(), 'follows_from'],
    ]);
  });
});

describe('a span with invalid ids (a faulty id generator)', () => {
  it('is ignored as a parent, through its context too: the child stays in the active trace', () => {
    const faulty = new BasicTracerProvider({
      idGenerator: { generateTraceId: () => 'xyz', generateSpanId: () => 'abc' },
      spanProcessors: [],
    });
    const bad = new TracerShim(faulty.getTracer('faulty')).startSpan('bad');
    otel.tracer.startActiveSpan('active', (active) => {
      tracer.startSpan('via context', { childOf: bad.context() }).finish();
      tracer.startSpan('via reference', { references: [opentracing.childOf(bad)] }).finish();
      active.end();
    });
    const active = otel.span('active');
    for (const name of ['via context', 'via reference']) {
      expect(otel.span(name).spanContext().traceId).toBe(active.spanContext().traceId);
      expect(otel.span(name).parentSpanContext?.spanId).toBe(active.spanContext().spanId);
    }
  });
});

describe('the caller’s tags', () => {
  it('stay unchanged even when the sampler adds attributes (the SDK copies them first)', () => {
    const provider = new BasicTracerProvider({
      sampler: {
        shouldSample: () => ({ decision: 2, attributes: { 'sampler.added': true } }),
        toString: () => 'adding',
      },
      spanProcessors: [],
    });
    const tags = { 'http.method': 'GET', retry: 1 };
    const span = new TracerShim(provider.getTracer('t')).startSpan('s', { tags });
    span.finish();
    expect(tags).toEqual({ 'http.method': 'GET', retry: 1 });
  });
});
