// Property-based checks: whatever reaches a public method, nothing throws into the caller, a later
// well-formed span is unaffected, and each kind of misuse reaches diag at most once.
import fc from 'fast-check';
import { OutgoingMessage } from 'node:http';
import * as opentracing from 'opentracing';
import { TracerShim, contextWithSpan } from '../src';
import { setUpOtel } from './support/otel';
import { quickExpect } from './support/quick-expect';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);
const numRuns = Number(process.env.FC_RUNS ?? 1000);

/** Values that fight back: throwing getters, throwing conversions, throwing proxies. */
function hostileValues(): fc.Arbitrary<unknown> {
  const throwing = (): never => {
    throw new Error('hostile');
  };
  const makers: Array<() => unknown> = [
    () => Object.defineProperty({}, 'boom', { get: throwing, enumerable: true }),
    () => ({ toString: throwing, valueOf: throwing }),
    () => ({ toJSON: throwing }),
    () => ({ [Symbol.toPrimitive]: throwing }),
    // Every trap throws, except the symbol-keyed `in` check that fast-check itself performs.
    () =>
      new Proxy(
        {},
        {
          get: throwing,
          ownKeys: throwing,
          getPrototypeOf: throwing,
          getOwnPropertyDescriptor: throwing,
          set: throwing,
          has: (_target, key) => (typeof key === 'symbol' ? false : throwing()),
        },
      ),
    () => Object.create(null) as object,
    () => Symbol('sym'),
    () => 10n ** 30n,
    () => () => 1,
    () => new Date(Number.NaN),
    () => Number.NaN,
    () => -Infinity,
  ];
  return fc.integer({ min: 0, max: makers.length - 1 }).map((index) => makers[index]());
}

const anyValue = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
  }),
  hostileValues(),
);
const anyFields = fc.oneof(fc.dictionary(fc.string(), anyValue), anyValue);

/** Timestamps as callers get them wrong: negative, NaN, seconds instead of ms, Dates, far future. */
const anyTimestamp = fc.oneof(
  fc.integer({ min: -1e13, max: 1e13 }),
  fc.double(),
  fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), // seconds since the epoch
  fc.date({ noInvalidDate: false }),
  fc.constantFrom<unknown>(Number.NaN, Infinity, -0, '2024-01-01', null, undefined),
  anyValue,
);

const realContext = fc.constant(null).map(() => tracer.startSpan('ref').context());
const finishedSpan = fc.constant(null).map(() => {
  const span = tracer.startSpan('finished-ref');
  span.finish();
  return span;
});
/** A span context of another tracer, with ids of any shape. */
const foreignContext = fc
  .record({
    traceId: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-fA-F]{1,40}$/)),
    spanId: fc.string(),
    sampled: fc.boolean(),
  })
  .map(({ traceId, spanId, sampled }) => ({
    toTraceId: () => traceId,
    toSpanId: () => spanId,
    isSampled: () => sampled,
    baggage: { 'user.id': traceId },
  }));
const referenceTarget = fc.oneof(
  anyValue,
  realContext,
  finishedSpan,
  foreignContext,
  fc.constant(null).map(() => tracer.startSpan('ref')),
);
const anyReference = fc.oneof(
  referenceTarget.map((target) => ({ type: () => 'child_of', referencedContext: () => target })),
  fc
    .tuple(
      fc.constantFrom(opentracing.REFERENCE_CHILD_OF, opentracing.REFERENCE_FOLLOWS_FROM),
      realContext,
    )
    .map(([type, ctx]) => new opentracing.Reference(type, ctx)),
  anyValue,
);
const anyOptions = fc.oneof(
  fc.record(
    {
      childOf: referenceTarget,
      references: fc.oneof(fc.array(anyReference, { maxLength: 4 }), anyValue),
      tags: anyFields,
      startTime: anyTimestamp,
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const anyFormat = fc.oneof(
  fc.constantFrom(
    opentracing.FORMAT_TEXT_MAP,
    opentracing.FORMAT_HTTP_HEADERS,
    opentracing.FORMAT_BINARY,
  ),
  anyValue,
);
/** Header entries in every supported carrier shape. */
const headerEntries = fc.dictionary(
  fc.constantFrom(
    'traceparent',
    'tracestate',
    'baggage',
    'uber-trace-id',
    'uberctx-k',
    'b3',
    'ot-baggage-k',
    'x',
  ),
  fc.string(),
  { maxKeys: 5 },
);
const shapedCarrier = fc
  .tuple(headerEntries, fc.constantFrom('map', 'headers', 'outgoing', 'amqp'))
  .map(([entries, shape]): unknown => {
    const valid = Object.entries(entries).filter(([, value]) => /^[\t\x20-\x7e]*$/.test(value));
    if (shape === 'map') return new Map(Object.entries(entries));
    if (shape === 'headers') return new Headers(valid);
    if (shape === 'outgoing') {
      const message = new OutgoingMessage();
      for (const [name, value] of valid) message.setHeader(name, value);
      return message;
    }
    return { content: Buffer.from('x'), properties: { headers: entries } };
  });
const anyCarrier = fc.oneof(
  anyValue,
  shapedCarrier,
  fc.dictionary(
    fc.constantFrom('traceparent', 'tracestate', 'baggage', 'x'),
    fc.oneof(fc.string(), anyValue),
  ),
  fc.record({ buffer: fc.oneof(fc.uint8Array(), fc.array(fc.integer()), anyValue) }),
);

/** After any abuse, an ordinary span still comes out exactly right. */
function expectHealthyBridge(): void {
  otel.exporter.reset();
  const parent = tracer.startSpan('healthy-parent');
  tracer
    .startSpan('healthy', { childOf: parent, tags: { ok: true } })
    .setTag('n', 1)
    .finish();
  parent.finish();
  const healthy = otel.span('healthy');
  expect(healthy.attributes).toEqual({ ok: true, n: 1 });
  expect(healthy.parentSpanContext?.spanId).toBe(parent.context().toSpanId());
}

function expectEachWarningOnce(): void {
  expect(new Set(otel.warnings).size).toBe(otel.warnings.length);
}

beforeEach(() => otel.reset());

describe('no input throws into the caller', () => {
  it('startSpan with any name and options', () => {
    fc.assert(
      fc.property(anyValue, anyOptions, (name, options) => {
        const span = tracer.startSpan(name as string, options as opentracing.SpanOptions);
        span.finish();
        quickExpect(span).toBeInstanceOf(opentracing.Span);
      }),
      { numRuns },
    );
    expectHealthyBridge();
    expectEachWarningOnce();
  });

  it('setTag, addTags, log, logEvent, setOperationName, baggage and finish with any arguments', () => {
    fc.assert(
      fc.property(
        anyValue,
        anyValue,
        anyFields,
        anyFields,
        anyTimestamp,
        anyValue,
        (key, value, tags, fields, timestamp, name) => {
          const span = tracer.startSpan('s');
          span.setTag(key as string, value);
          span.addTags(tags as Record<string, unknown>);
          span.log(fields as Record<string, unknown>, timestamp as number);
          span.logEvent(name as string, value);
          span.setOperationName(name as string);
          span.setBaggageItem(key as string, value as string);
          span.getBaggageItem(key as string);
          contextWithSpan(span);
          span.finish(timestamp as number);
          span.setTag(key as string, value).log(fields as Record<string, unknown>);
          span.finish();
        },
      ),
      { numRuns },
    );
    expectHealthyBridge();
    expectEachWarningOnce();
  });

  it('inject and extract with any context, format and carrier', () => {
    fc.assert(
      fc.property(
        fc.oneof(realContext, referenceTarget),
        anyFormat,
        anyCarrier,
        (spanContext, format, carrier) => {
          tracer.inject(spanContext as opentracing.SpanContext, format as string, carrier);
          const extracted = tracer.extract(format as string, carrier);
          quickExpect(extracted === null || typeof extracted.toTraceId() === 'string').toBe(true);
        },
      ),
      { numRuns },
    );
    expectHealthyBridge();
    expectEachWarningOnce();
  });

  it('binary extract of any bytes returns null or a usable context', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const extracted = tracer.extract(opentracing.FORMAT_BINARY, { buffer: bytes });
        if (extracted !== null) tracer.startSpan('from-binary', { childOf: extracted }).finish();
      }),
      { numRuns },
    );
    expectHealthyBridge();
  });
});
