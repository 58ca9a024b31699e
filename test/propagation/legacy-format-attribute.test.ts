// A span whose parent context arrived in a legacy wire format records which:
// `opentracing.propagation.format`, so a migration can see which callers still send legacy headers.
import * as opentracing from 'opentracing';
import { PROPAGATION_FORMAT_ATTRIBUTE, TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const HTTP = opentracing.FORMAT_HTTP_HEADERS;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const W3C = { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` };
const JAEGER = { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1` };
const B3 = { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' };

const otel = setUpOtel();
const bridge = new TracerShim(otel.tracer, {
  propagators: ['tracecontext', 'baggage', 'jaeger', 'b3multi'],
});

beforeAll(() => otel.install());
beforeEach(() => otel.reset());

function formatOfChild(carrier: Record<string, string>, tracer = bridge): unknown {
  const span = tracer.startSpan('server', { childOf: tracer.extract(HTTP, carrier)! });
  span.finish();
  return otel.span('server').attributes[PROPAGATION_FORMAT_ATTRIBUTE];
}

describe(PROPAGATION_FORMAT_ATTRIBUTE, () => {
  it.each([
    ['W3C alone', W3C, undefined],
    ['Jaeger alone', JAEGER, ['jaeger']],
    ['W3C and Jaeger', { ...W3C, ...JAEGER }, ['jaeger']],
    ['Jaeger and B3', { ...JAEGER, ...B3 }, ['jaeger', 'b3multi']],
  ])('names the legacy formats that carried the parent: %s', (_name, carrier, expected) => {
    expect(formatOfChild(carrier)).toEqual(expected);
  });

  it('is not written for a legacy header that does not parse', () => {
    expect(formatOfChild({ ...W3C, 'uber-trace-id': 'not:a:trace:id' })).toBeUndefined();
  });

  it('goes on the span started from the extracted context alone, also through `references`', () => {
    const parent = bridge.extract(HTTP, JAEGER)!;
    const server = bridge.startSpan('server', {
      references: [opentracing.childOf(parent), opentracing.followsFrom(parent)],
    });
    const child = bridge.startSpan('child', { childOf: server });
    child.finish();
    server.finish();
    expect(otel.span('server').attributes[PROPAGATION_FORMAT_ATTRIBUTE]).toEqual(['jaeger']);
    expect(otel.span('child').attributes[PROPAGATION_FORMAT_ATTRIBUTE]).toBeUndefined();
  });

  it('keeps the caller’s own tags, and does not change the object they came in', () => {
    const tags = { 'http.method': 'GET' };
    const span = bridge.startSpan('server', { childOf: bridge.extract(HTTP, JAEGER)!, tags });
    span.finish();
    expect(otel.span('server').attributes).toEqual({
      'http.method': 'GET',
      [PROPAGATION_FORMAT_ATTRIBUTE]: ['jaeger'],
    });
    expect(tags).toEqual({ 'http.method': 'GET' });
  });

  it('is not known with the global propagator, whose formats have no names', () => {
    const globalBridge = new TracerShim(otel.tracer);
    expect(formatOfChild(W3C, globalBridge)).toBeUndefined();
  });
});
