import { TraceFlags } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import type * as Bridge from '../../src';
import { TracerShim, createPropagator } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const ALL = ['tracecontext', 'baggage', 'jaeger', 'b3', 'b3multi', 'ottrace'] as const;
const HTTP = opentracing.FORMAT_HTTP_HEADERS;

beforeEach(() => otel.reset());

function injected(
  tracer: TracerShim,
  context: opentracing.SpanContext | opentracing.Span,
): Record<string, string> {
  const headers: Record<string, string> = {};
  tracer.inject(context, HTTP, headers);
  return headers;
}

describe('formats by name', () => {
  it('writes every configured format on inject', () => {
    const tracer = new TracerShim(otel.tracer, { propagators: [...ALL] });
    const span = tracer.startSpan('s').setBaggageItem('user.id', '42');
    const traceId = span.context().toTraceId();
    const spanId = span.context().toSpanId();
    expect(injected(tracer, span)).toEqual({
      traceparent: `00-${traceId}-${spanId}-01`,
      baggage: 'user.id=42',
      'uber-trace-id': `${traceId}:${spanId}:0:1`,
      'uberctx-user.id': '42',
      b3: `${traceId}-${spanId}-1`,
      'x-b3-traceid': traceId,
      'x-b3-spanid': spanId,
      'x-b3-sampled': '1',
      'ot-tracer-traceid': traceId.slice(16),
      'ot-tracer-spanid': spanId,
      'ot-tracer-sampled': 'true',
      'ot-baggage-user.id': '42',
    });
  });

  it.each([
    [
      'tracecontext + baggage',
      {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        baggage: 'user.id=42',
      },
    ],
    [
      'jaeger',
      {
        'uber-trace-id': '0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331:0:1',
        'uberctx-user.id': '42',
      },
    ],
    ['b3 single', { b3: '0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1' }],
    [
      'b3 multi',
      {
        'x-b3-traceid': '0af7651916cd43dd8448eb211c80319c',
        'x-b3-spanid': 'b7ad6b7169203331',
        'x-b3-sampled': '1',
      },
    ],
    [
      'ottrace',
      {
        'ot-tracer-traceid': '8448eb211c80319c',
        'ot-tracer-spanid': 'b7ad6b7169203331',
        'ot-tracer-sampled': 'true',
        'ot-baggage-user.id': '42',
      },
    ],
  ])('extracts %s', (format, headers) => {
    const tracer = new TracerShim(otel.tracer, { propagators: [...ALL] });
    const extracted = tracer.extract(HTTP, headers)!;
    expect(extracted.toSpanId()).toBe('b7ad6b7169203331');
    expect(extracted.toTraceId()).toBe(
      format === 'ottrace'
        ? '00000000000000008448eb211c80319c'
        : '0af7651916cd43dd8448eb211c80319c',
    );
    expect(extracted.getSpanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    if (!format.startsWith('b3')) expect(extracted.getBaggageItem('user.id')).toBe('42');
  });

  it('keeps the sampled flag off when the caller did not sample', () => {
    const tracer = new TracerShim(otel.tracer, { propagators: ['jaeger', 'b3multi'] });
    const extracted = tracer.extract(HTTP, { 'uber-trace-id': 'abc:def:0:0' })!;
    expect(extracted.getSpanContext().traceFlags).toBe(TraceFlags.NONE);
    expect(injected(tracer, extracted)).toMatchObject({
      'uber-trace-id': 'abc'.padStart(16, '0') + ':0000000000000def:0:0',
      'x-b3-sampled': '0',
    });
  });

  it('writes a 64-bit Jaeger trace id back in 64-bit form, through a child span', () => {
    const tracer = new TracerShim(otel.tracer, { propagators: ['jaeger'] });
    const parent = tracer.extract(HTTP, {
      'uber-trace-id': '1234abcd5678ef90:00000000000000aa:0:1',
    })!;
    expect(parent.toTraceId()).toBe('00000000000000001234abcd5678ef90');
    const child = tracer.startSpan('child', { childOf: parent });
    expect(injected(tracer, child)['uber-trace-id']).toBe(
      `1234abcd5678ef90:${child.context().toSpanId()}:0:1`,
    );
  });

  it('carries the Jaeger debug bit to children and across to B3, and back', () => {
    const tracer = new TracerShim(otel.tracer, { propagators: ['jaeger', 'b3multi'] });
    const parent = tracer.extract(HTTP, {
      'uber-trace-id': '0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331:0:3',
    })!;
    expect(parent.isDebug()).toBe(true);
    const child = tracer.startSpan('child', { childOf: parent });
    const headers = injected(tracer, child);
    expect(headers['uber-trace-id']).toMatch(/:0:3$/);
    expect(headers['x-b3-flags']).toBe('1');

    const b3Only = new TracerShim(otel.tracer, { propagators: ['b3multi'] });
    const fromB3 = b3Only.extract(HTTP, {
      'x-b3-traceid': '0af7651916cd43dd8448eb211c80319c',
      'x-b3-spanid': 'b7ad6b7169203331',
      'x-b3-flags': '1',
    })!;
    expect(fromB3.isDebug()).toBe(true);
    expect(injected(tracer, fromB3)['uber-trace-id']).toMatch(/:0:3$/);
    const plain = tracer.extract(HTTP, {
      'uber-trace-id': '0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331:0:1',
    })!;
    expect(plain.isDebug()).toBe(false);
    expect(injected(tracer, plain)['x-b3-flags']).toBeUndefined();
  });

  it('maps Jaeger and OT baggage to OTel baggage and W3C baggage back', () => {
    const tracer = new TracerShim(otel.tracer, {
      propagators: ['tracecontext', 'baggage', 'jaeger', 'ottrace'],
    });
    const fromJaeger = tracer.extract(HTTP, {
      'uber-trace-id': '0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331:0:1',
      'uberctx-user.id': 'a%20b',
      'ot-baggage-tenant': 't1',
      'ot-tracer-traceid': '8448eb211c80319c',
      'ot-tracer-spanid': 'b7ad6b7169203331',
    })!;
    expect(fromJaeger.getBaggageItem('user.id')).toBe('a b');
    expect(fromJaeger.getBaggageItem('tenant')).toBe('t1');
    expect(injected(tracer, fromJaeger).baggage).toBe('user.id=a%20b,tenant=t1');
  });

  it('honours OTEL_PROPAGATORS when no option is given', () => {
    process.env.OTEL_PROPAGATORS = 'b3, jaeger';
    try {
      const tracer = new TracerShim(otel.tracer);
      expect(Object.keys(injected(tracer, tracer.startSpan('s'))).sort()).toEqual([
        'b3',
        'uber-trace-id',
      ]);
    } finally {
      delete process.env.OTEL_PROPAGATORS;
    }
  });

  it('lets an explicit propagator win over the names for its format', () => {
    const tracer = new TracerShim(otel.tracer, {
      propagators: ['jaeger'],
      textMapPropagator: createPropagator(['b3']),
    });
    const span = tracer.startSpan('s');
    const textMap: Record<string, string> = {};
    tracer.inject(span, opentracing.FORMAT_TEXT_MAP, textMap);
    expect(Object.keys(textMap)).toEqual(['b3']);
    expect(Object.keys(injected(tracer, span))).toEqual(['uber-trace-id']);
  });

  it('skips unknown names with one warning, and propagates nothing for none', () => {
    const tracer = new TracerShim(otel.tracer, {
      propagators: ['tracecontext', 'carrier-pigeon' as 'b3'],
    });
    expect(Object.keys(injected(tracer, tracer.startSpan('s')))).toEqual(['traceparent']);
    expect(otel.warnings).toEqual([expect.stringContaining('carrier-pigeon')]);
    const none = new TracerShim(otel.tracer, { propagators: ['none'] });
    expect(injected(none, none.startSpan('s'))).toEqual({});
  });
});

describe('upper-case ids (ottrace passes them through)', () => {
  it('are lower-cased by extract, and a child span continues the lower-case trace', () => {
    const tracer = new TracerShim(otel.tracer, { propagators: ['ottrace'] });
    const extracted = tracer.extract(HTTP, {
      'ot-tracer-traceid': '0AF7651916CD43DD',
      'ot-tracer-spanid': 'B7AD6B7169203331',
      'ot-tracer-sampled': 'true',
    })!;
    expect(extracted.toSpanId()).toBe('b7ad6b7169203331');
    tracer.startSpan('child', { childOf: extracted }).finish();
    const child = otel.span('child');
    expect(child.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(child.spanContext().traceId).toBe(extracted.toTraceId());
    expect(child.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('ottrace without a valid span context', () => {
  it('writes and reads baggage-only contexts, as the other formats do', () => {
    const tracer = new TracerShim(otel.tracer, { propagators: ['ottrace'] });
    const baggageOnly = new TracerShim(otel.tracer).extract(HTTP, { baggage: 'user.id=u1' })!;
    const headers = injected(tracer, baggageOnly);
    expect(headers).toEqual({ 'ot-baggage-user.id': 'u1' });
    expect(tracer.extract(HTTP, headers)?.getBaggageItem('user.id')).toBe('u1');
    expect(tracer.extract(HTTP, { 'OT-Baggage-Tenant': 't' })?.getBaggageItem('tenant')).toBe('t');
  });
});

describe('optional propagator packages', () => {
  it('skips a legacy format whose package is not installed, saying how to install it', () => {
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/propagator-b3', () => {
        throw new Error("Cannot find module '@opentelemetry/propagator-b3'");
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../../src') as typeof Bridge;
      const tracer = new isolated.TracerShim(otel.tracer, {
        propagators: ['tracecontext', 'b3'],
      });
      expect(Object.keys(injected(tracer, tracer.startSpan('s')))).toEqual(['traceparent']);
    });
    expect(otel.warnings).toEqual([
      expect.stringContaining('npm install @opentelemetry/propagator-b3'),
    ]);
  });

  it('names every missing package, not only the first', () => {
    otel.reset();
    jest.isolateModules(() => {
      for (const name of ['@opentelemetry/propagator-b3', '@opentelemetry/propagator-ot-trace']) {
        jest.doMock(name, () => {
          throw new Error(`Cannot find module '${name}'`);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../../src') as typeof Bridge;
      // The Jaeger format is the bridge's own: it needs no package.
      isolated.createPropagator(['b3', 'ottrace', 'jaeger']);
    });
    expect(otel.warnings).toEqual([
      expect.stringContaining('npm install @opentelemetry/propagator-b3'),
      expect.stringContaining('npm install @opentelemetry/propagator-ot-trace'),
    ]);
  });
});
