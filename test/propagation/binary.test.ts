import { INVALID_SPAN_CONTEXT, TraceFlags, createTraceState, trace } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import { BINARY_FORMAT_VERSION, SpanContextShim, TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);

beforeEach(() => otel.reset());

function injectBinary(spanOrContext: opentracing.Span | opentracing.SpanContext): Buffer {
  const carrier = new opentracing.BinaryCarrier([]);
  tracer.inject(spanOrContext, opentracing.FORMAT_BINARY, carrier);
  return carrier.buffer as Buffer;
}

describe('FORMAT_BINARY', () => {
  it('round-trips trace id, span id, flags and baggage', () => {
    const span = tracer
      .startSpan('s')
      .setBaggageItem('user.id', '42')
      .setBaggageItem('ünï', 'cødé');
    const buffer = injectBinary(span);
    expect(buffer[0]).toBe(BINARY_FORMAT_VERSION);
    const extracted = tracer.extract(opentracing.FORMAT_BINARY, { buffer });
    expect(extracted?.toTraceId()).toBe(span.context().toTraceId());
    expect(extracted?.toSpanId()).toBe(span.context().toSpanId());
    expect(extracted?.getSpanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    expect(extracted?.getBaggageItem('user.id')).toBe('42');
    expect(extracted?.getBaggageItem('ünï')).toBe('cødé');
  });

  it('round-trips the trace state and baggage metadata', () => {
    const otelSpan = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.NONE,
      traceState: createTraceState('vendor=abc,other=1'),
    });
    const extractedFromHeaders = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      traceparent: `00-${otelSpan.spanContext().traceId}-${otelSpan.spanContext().spanId}-00`,
      tracestate: 'vendor=abc,other=1',
      baggage: 'user.id=42;owner=support',
    })!;
    const buffer = injectBinary(extractedFromHeaders);
    const extracted = tracer.extract(opentracing.FORMAT_BINARY, { buffer })!;
    expect(extracted.getSpanContext().traceState?.serialize()).toBe('vendor=abc,other=1');
    expect(extracted.getSpanContext().traceFlags).toBe(TraceFlags.NONE);
    expect(extracted.getBaggage().getEntry('user.id')?.metadata?.toString()).toBe('owner=support');
  });

  it('carries baggage alone when there is no valid span context', () => {
    const baggageOnly = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, { baggage: 'user.id=9' })!;
    const buffer = injectBinary(baggageOnly);
    const extracted = tracer.extract(opentracing.FORMAT_BINARY, { buffer });
    expect(extracted?.getBaggageItem('user.id')).toBe('9');
    expect(extracted?.toSpanId()).toBe('0000000000000000');
  });

  it('reads a plain array of bytes and a Uint8Array', () => {
    const span = tracer.startSpan('s');
    const buffer = injectBinary(span);
    expect(tracer.extract(opentracing.FORMAT_BINARY, { buffer: [...buffer] })?.toSpanId()).toBe(
      span.context().toSpanId(),
    );
    expect(
      tracer.extract(opentracing.FORMAT_BINARY, { buffer: new Uint8Array(buffer) })?.toSpanId(),
    ).toBe(span.context().toSpanId());
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['null', null],
    ['too short', [1, 2, 3]],
    ['wrong version', [9, ...new Array<number>(29).fill(0)]],
    ['bytes out of range', [1, 300, -1]],
    ['a string', 'hello'],
  ])('returns null for a %s buffer', (_label, buffer) => {
    expect(tracer.extract(opentracing.FORMAT_BINARY, { buffer })).toBeNull();
  });

  it('returns null for a truncated or extended buffer', () => {
    const buffer = injectBinary(tracer.startSpan('s').setBaggageItem('k', 'v'));
    expect(
      tracer.extract(opentracing.FORMAT_BINARY, { buffer: buffer.subarray(0, buffer.length - 1) }),
    ).toBeNull();
    expect(
      tracer.extract(opentracing.FORMAT_BINARY, {
        buffer: Buffer.concat([buffer, Buffer.from([0])]),
      }),
    ).toBeNull();
  });

  it('writes nothing when there is neither a valid span context nor baggage', () => {
    const carrier: { buffer?: unknown } = {};
    tracer.inject(new SpanContextShim(INVALID_SPAN_CONTEXT), opentracing.FORMAT_BINARY, carrier);
    expect(carrier).toEqual({});
  });
});
