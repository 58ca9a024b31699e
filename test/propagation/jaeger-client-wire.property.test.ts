// The Jaeger wire format against the real jaeger-client, both ways, in both carrier formats: ids
// (64- and 128-bit), the sampled and debug flags and the baggage come through as jaeger-client
// itself would read them. FC_RUNS sets the number of runs (CI: 10,000).
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { TraceFlags } from '@opentelemetry/api';
import fc from 'fast-check';
import { ConstSampler, NoopReporter, Tracer as JaegerTracer } from 'jaeger-client';
import type { SpanContext as JaegerSpanContext } from 'jaeger-client';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import type { SpanContextShim } from '../../src';
import { setUpOtel } from '../support/otel';
import { quickExpect } from '../support/quick-expect';

const numRuns = Number(process.env.FC_RUNS ?? 1000);
const otel = setUpOtel();
const bridge = new TracerShim(otel.tracer, { propagators: ['jaeger'] });
const FORMATS = [opentracing.FORMAT_HTTP_HEADERS, opentracing.FORMAT_TEXT_MAP];

function jaegerTracer(sampled: boolean, traceId128bit: boolean): JaegerTracer {
  return new JaegerTracer('legacy', new NoopReporter(), new ConstSampler(sampled), {
    traceId128bit,
  });
}

// Keys as services use them (lower case: HTTP headers arrive so). Values: any text in HTTP headers,
// which carry them percent-encoded; in text maps, the text jaeger-client and the bridge both write
// as it is (printable ASCII without `%`: the bridge encodes the rest, see the tests below).
const keyArbitrary = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/);
const baggageFor = (format: string) =>
  fc.dictionary(
    keyArbitrary,
    format === opentracing.FORMAT_HTTP_HEADERS
      ? fc.string({ unit: 'grapheme', maxLength: 20 })
      : fc.stringMatching(/^[\x20-\x24\x26-\x7e]{0,20}$/),
    { maxKeys: 5 },
  );

const caseArbitrary = fc.constantFrom(...FORMATS).chain((format) =>
  fc.record({
    format: fc.constant(format),
    sampled: fc.boolean(),
    debug: fc.boolean(),
    traceId128bit: fc.boolean(),
    baggage: baggageFor(format),
  }),
);

/** What jaeger-client reads from a carrier, in terms both sides can be compared in. */
function readByJaeger(
  jaeger: JaegerTracer,
  format: string,
  carrier: Record<string, string>,
): { traceId: string; spanId: string; sampled: boolean; debug: boolean; baggage: object } {
  const context = jaeger.extract(format, carrier) as JaegerSpanContext;
  return {
    traceId: context.toTraceId().padStart(32, '0'),
    spanId: context.toSpanId().padStart(16, '0'),
    sampled: context.isSampled(),
    debug: context.isDebug(),
    baggage: { ...context.baggage },
  };
}

it('reads what jaeger-client writes, and writes it back as jaeger-client reads it', () => {
  fc.assert(
    fc.property(caseArbitrary, ({ format, sampled, debug, traceId128bit, baggage }) => {
      const jaeger = jaegerTracer(sampled, traceId128bit);
      const span = jaeger.startSpan('legacy');
      if (debug) span.setTag(opentracing.Tags.SAMPLING_PRIORITY, 1);
      for (const [key, value] of Object.entries(baggage)) span.setBaggageItem(key, value);
      const sent: Record<string, string> = {};
      jaeger.inject(span, format, sent);
      const expected = readByJaeger(jaeger, format, sent);

      const extracted = bridge.extract(format, sent) as SpanContextShim;
      quickExpect(extracted.toTraceId()).toBe(expected.traceId);
      quickExpect(extracted.toSpanId()).toBe(expected.spanId);
      const flags = extracted.getSpanContext().traceFlags;
      quickExpect((flags & TraceFlags.SAMPLED) !== 0).toBe(expected.sampled);
      // jaeger-client's own view of the baggage (it normalises keys: `_` becomes `-`).
      const read = extracted.getBaggage().getAllEntries();
      quickExpect(Object.fromEntries(read.map(([key, entry]) => [key, entry.value]))).toEqual(
        expected.baggage,
      );

      // And back: the next hop, still on jaeger-client, reads the same context.
      const forwarded: Record<string, string> = {};
      bridge.inject(extracted, format, forwarded);
      quickExpect(readByJaeger(jaeger, format, forwarded)).toEqual(expected);
    }),
    { numRuns },
  );
});

it('writes what jaeger-client reads from a span of the bridge', () => {
  fc.assert(
    fc.property(caseArbitrary, ({ format, baggage }) => {
      const span = bridge.startSpan('bridge');
      for (const [key, value] of Object.entries(baggage)) span.setBaggageItem(key, value);
      const carrier: Record<string, string> = {};
      bridge.inject(span, format, carrier);
      const read = readByJaeger(jaegerTracer(true, true), format, carrier);
      quickExpect(read).toEqual({
        traceId: span.context().toTraceId(),
        spanId: span.context().toSpanId(),
        sampled: true,
        debug: false,
        baggage,
      });
      span.finish();
    }),
    { numRuns },
  );
});

describe('text maps, where the bridge differs from jaeger-client', () => {
  it('percent-encodes what a header could not hold, and `%`, and reads it back the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (value) => {
        const span = bridge.startSpan('bridge').setBaggageItem('item', value);
        const carrier: Record<string, string> = {};
        bridge.inject(span, opentracing.FORMAT_TEXT_MAP, carrier);
        // What a text map often becomes: HTTP headers, which Node must accept.
        for (const [name, written] of Object.entries(carrier)) {
          quickExpect(() => validateHeaderName(name)).not.toThrow();
          quickExpect(() => validateHeaderValue(name, written)).not.toThrow();
        }
        const read = bridge.extract(opentracing.FORMAT_TEXT_MAP, carrier)!;
        quickExpect(read.getBaggage().getEntry('item')?.value).toBe(value);
      }),
      { numRuns },
    );
  });
});

describe('what only extract reads', () => {
  it('reads the jaeger-baggage header as jaeger-client does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,8}$/), fc.stringMatching(/^\w{0,8}$/)),
          {
            maxLength: 5,
          },
        ),
        fc.constantFrom(...FORMATS),
        (pairs, format) => {
          const carrier = {
            'uber-trace-id': 'abc:def:0:1',
            'jaeger-baggage': pairs.map(([key, value]) => `${key}=${value}`).join(', '),
          };
          const expected = readByJaeger(jaegerTracer(true, false), format, carrier).baggage;
          const extracted = bridge.extract(format, carrier)!;
          const read = Object.fromEntries(
            extracted
              .getBaggage()
              .getAllEntries()
              .map(([key, entry]) => [key, entry.value]),
          );
          quickExpect(read).toEqual(expected);
        },
      ),
      { numRuns },
    );
  });

  it('reads an uber-trace-id whose colons are percent-encoded, in HTTP headers', () => {
    const carrier = { 'uber-trace-id': 'abc%3Adef%3A0%3A3' };
    const expected = readByJaeger(
      jaegerTracer(true, false),
      opentracing.FORMAT_HTTP_HEADERS,
      carrier,
    );
    const extracted = bridge.extract(opentracing.FORMAT_HTTP_HEADERS, carrier)!;
    expect([extracted.toTraceId(), extracted.toSpanId()]).toEqual([
      expected.traceId,
      expected.spanId,
    ]);
    const forwarded: Record<string, string> = {};
    bridge.inject(extracted, opentracing.FORMAT_HTTP_HEADERS, forwarded);
    expect(forwarded['uber-trace-id']).toBe(`0000000000000abc:0000000000000def:0:3`);
  });

  it.each([
    ['too few parts', 'abc:def:1'],
    ['a zero trace id', '0:def:0:1'],
    ['a trace id longer than 128 bits', `${'a'.repeat(33)}:def:0:1`],
    ['text that is not hex', 'xyz:def:0:1'],
    ['a 100 KB value', `${'a'.repeat(100_000)}:def:0:1`],
  ])('reads no context from %s', (_, header) => {
    expect(bridge.extract(opentracing.FORMAT_HTTP_HEADERS, { 'uber-trace-id': header })).toBeNull();
  });
});
