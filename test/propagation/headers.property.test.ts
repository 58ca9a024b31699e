// Property checks for extract: random header names, values and array shapes never throw, and a
// malformed header in any format gives null or a well-formed context, never a corrupt one.
import { isSpanContextValid } from '@opentelemetry/api';
import fc from 'fast-check';
import * as opentracing from 'opentracing';
import type { SpanContextShim } from '../../src';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';
import { quickExpect } from '../support/quick-expect';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer, {
  propagators: ['tracecontext', 'baggage', 'jaeger', 'b3', 'b3multi', 'ottrace'],
});
const numRuns = Number(process.env.FC_RUNS ?? 1000);
const HEADER_NAMES = [
  'traceparent',
  'tracestate',
  'baggage',
  'uber-trace-id',
  'uberctx-user.id',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-sampled',
  'x-b3-flags',
  'ot-tracer-traceid',
  'ot-tracer-spanid',
  'ot-tracer-sampled',
  'ot-baggage-user.id',
];

function validHeaders(): Record<string, string> {
  const span = tracer.startSpan('source').setBaggageItem('user.id', '42');
  const headers: Record<string, string> = {};
  tracer.inject(span, opentracing.FORMAT_HTTP_HEADERS, headers);
  return headers;
}

const headerName = fc.oneof(
  fc.constantFrom(...HEADER_NAMES),
  fc.string(),
  fc.constantFrom(...HEADER_NAMES).map((n) => n.toUpperCase()),
);
const headerValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[0-9a-f:-]{0,80}$/),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom<unknown>(null, undefined, 0, true, {}, []),
);

/** Well-formed means: null, or ids of the right shape, and usable as a parent. */
function expectWellFormed(extracted: SpanContextShim | null): void {
  if (extracted === null) return;
  const spanContext = extracted.getSpanContext();
  quickExpect(spanContext.traceId).toMatch(/^[0-9a-f]{32}$/);
  quickExpect(spanContext.spanId).toMatch(/^[0-9a-f]{16}$/);
  const child = tracer.startSpan('child', { childOf: extracted });
  const childContext = child.getSpan().spanContext();
  quickExpect(isSpanContextValid(childContext)).toBe(true);
  if (isSpanContextValid(spanContext)) quickExpect(childContext.traceId).toBe(spanContext.traceId);
  child.finish();
}

/** The entries fetch `Headers` accepts at all (it throws on invalid names and values). */
function toFetchHeaders(headers: Record<string, unknown>): Headers {
  const fetchHeaders = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) continue;
    if (/^[\t\x20-\x7e]*$/.test(value)) fetchHeaders.set(name, value);
  }
  return fetchHeaders;
}

beforeEach(() => otel.reset());

it('reads intact headers of each format alone as the context injected', () => {
  const valid = validHeaders();
  const source = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, valid)!.toTraceId();
  for (const name of ['traceparent', 'uber-trace-id', 'b3', 'x-b3-traceid', 'ot-tracer-traceid']) {
    const alone = Object.fromEntries(
      Object.entries(valid).filter(([key]) => key === name || key.startsWith(name.split('-')[0])),
    );
    const traceId = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, alone)?.toTraceId();
    // The OT format carries 64 bits of the trace id: the lower half, zero-padded when read back.
    expect(traceId).toBe(name.startsWith('ot-') ? `${'0'.repeat(16)}${source.slice(16)}` : source);
  }
});

it('never throws on random headers in any supported shape', () => {
  fc.assert(
    fc.property(fc.dictionary(headerName, headerValue, { maxKeys: 8 }), (headers) => {
      expectWellFormed(tracer.extract(opentracing.FORMAT_HTTP_HEADERS, headers));
      expectWellFormed(tracer.extract(opentracing.FORMAT_TEXT_MAP, toFetchHeaders(headers)));
    }),
    { numRuns },
  );
});

it('reads a malformed header in any format as null or a well-formed context', () => {
  const valid = validHeaders();
  const names = Object.keys(valid);
  fc.assert(
    fc.property(
      fc.constantFrom(...names),
      fc.nat(),
      fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), fc.constant('')),
      (name, position, replacement) => {
        const value = valid[name];
        const at = position % (value.length + 1);
        const broken = { ...valid, [name]: value.slice(0, at) + replacement + value.slice(at + 1) };
        // One format at a time, so another intact format cannot hide the broken one.
        const single: Record<string, string> = {};
        for (const key of Object.keys(broken)) if (key === name) single[key] = broken[key];
        expectWellFormed(tracer.extract(opentracing.FORMAT_HTTP_HEADERS, single));
        // The other formats are intact: one of them still gives the context (null would be a bug).
        const rest = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, broken);
        quickExpect(rest).not.toBeNull();
        expectWellFormed(rest);
      },
    ),
    { numRuns },
  );
});
