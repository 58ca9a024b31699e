import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);

beforeEach(() => otel.reset());

describe.each([opentracing.FORMAT_HTTP_HEADERS, opentracing.FORMAT_TEXT_MAP])('%s', (format) => {
  it('injects W3C traceparent and baggage from a span or its context, and extracts them back', () => {
    const span = tracer.startSpan('client').setBaggageItem('user.id', '42');
    const fromSpan: Record<string, string> = {};
    const fromContext: Record<string, string> = {};
    tracer.inject(span, format, fromSpan);
    tracer.inject(span.context(), format, fromContext);
    expect(fromSpan).toEqual(fromContext);
    expect(fromSpan.traceparent).toBe(
      `00-${span.context().toTraceId()}-${span.context().toSpanId()}-01`,
    );
    expect(fromSpan.baggage).toBe('user.id=42');

    const extracted = tracer.extract(format, fromSpan);
    expect(extracted?.toTraceId()).toBe(span.context().toTraceId());
    expect(extracted?.toSpanId()).toBe(span.context().toSpanId());
    expect(extracted?.getSpanContext().isRemote).toBe(true);
    expect(extracted?.getBaggageItem('user.id')).toBe('42');
  });

  it('continues the trace on the server side of an extract', () => {
    const client = tracer.startSpan('client');
    const headers: Record<string, string> = {};
    tracer.inject(client, format, headers);
    const server = tracer.startSpan('server', { childOf: tracer.extract(format, headers)! });
    server.finish();
    expect(otel.span('server').parentSpanContext?.spanId).toBe(client.context().toSpanId());
    expect(otel.span('server').spanContext().traceId).toBe(client.context().toTraceId());
  });

  it('returns null from a carrier with neither trace context nor baggage', () => {
    expect(tracer.extract(format, {})).toBeNull();
    expect(tracer.extract(format, { traceparent: 'garbage' })).toBeNull();
  });

  it('returns a baggage-only context when only baggage arrives', () => {
    const extracted = tracer.extract(format, { baggage: 'user.id=7' });
    expect(extracted?.getBaggageItem('user.id')).toBe('7');
    expect(extracted?.toTraceId()).toBe('00000000000000000000000000000000');
  });

  it('writes baggage even from a context without a valid span context', () => {
    const extracted = tracer.extract(format, { baggage: 'user.id=7' })!;
    const carrier: Record<string, string> = {};
    tracer.inject(extracted, format, carrier);
    expect(carrier).toEqual({ baggage: 'user.id=7' });
  });
});

describe('configured propagators', () => {
  function recordingPropagator(label: string, calls: string[]): TextMapPropagator {
    return {
      inject(ctx: Context, carrier: unknown) {
        calls.push(`${label}:inject`);
        (carrier as Record<string, string>)[`x-${label}`] = trace.getSpanContext(ctx)?.spanId ?? '';
      },
      extract(ctx: Context) {
        calls.push(`${label}:extract`);
        return ctx;
      },
      fields: () => [`x-${label}`],
    };
  }

  it('uses textMapPropagator for TEXT_MAP and httpHeadersPropagator for HTTP_HEADERS', () => {
    const calls: string[] = [];
    const custom = new TracerShim(otel.tracer, {
      textMapPropagator: recordingPropagator('text', calls),
      httpHeadersPropagator: recordingPropagator('http', calls),
    });
    const span = custom.startSpan('s');
    const text: Record<string, string> = {};
    const http: Record<string, string> = {};
    custom.inject(span, opentracing.FORMAT_TEXT_MAP, text);
    custom.inject(span, opentracing.FORMAT_HTTP_HEADERS, http);
    custom.extract(opentracing.FORMAT_TEXT_MAP, text);
    custom.extract(opentracing.FORMAT_HTTP_HEADERS, http);
    expect(calls).toEqual(['text:inject', 'http:inject', 'text:extract', 'http:extract']);
    expect(text).toEqual({ 'x-text': span.context().toSpanId() });
    expect(http).toEqual({ 'x-http': span.context().toSpanId() });
  });
});

describe('misuse', () => {
  it('ignores unknown formats, non-object carriers and missing contexts, warning once per kind', () => {
    const span = tracer.startSpan('s');
    tracer.inject(span, 'smoke-signals', {});
    tracer.inject(span, 'smoke-signals', {});
    expect(tracer.extract('smoke-signals', {})).toBeNull();
    tracer.inject(span, opentracing.FORMAT_TEXT_MAP, 'not an object');
    expect(tracer.extract(opentracing.FORMAT_TEXT_MAP, null)).toBeNull();
    tracer.inject(null as unknown as opentracing.SpanContext, opentracing.FORMAT_TEXT_MAP, {});
    expect(otel.warnings).toHaveLength(3);
  });

  it('survives a frozen carrier: nothing thrown, nothing written, the misuse reported', () => {
    const span = tracer.startSpan('s');
    const frozen: Record<string, string> = Object.freeze({});
    expect(() => tracer.inject(span, opentracing.FORMAT_HTTP_HEADERS, frozen)).not.toThrow();
    expect(frozen).toEqual({});
    expect(otel.warnings.length).toBeGreaterThan(0);
  });
});
