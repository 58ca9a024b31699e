import { context, propagation, trace } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import { BaggageToAttributesProcessor, TracerShim, withActiveSpan } from '../../src';
import { get, listen } from '../support/http';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel({ spanProcessors: [new BaggageToAttributesProcessor(['user.id'])] });
const tracer = new TracerShim(otel.tracer);

beforeEach(() => otel.reset());

it('puts user.id on every OpenTracing and OTel span of a trace, across an HTTP hop', async () => {
  const server = await listen(async (req, res) => {
    const handler = tracer.startSpan('server handler', {
      childOf: tracer.extract(opentracing.FORMAT_HTTP_HEADERS, req.headers) ?? undefined,
      tags: { 'span.kind': 'server' },
    });
    await withActiveSpan(handler, async () => {
      const query = trace.getTracer('orders').startSpan('otel query');
      await new Promise((resolve) => setTimeout(resolve, 1));
      query.end();
    });
    handler.finish();
    res.end('ok');
  });
  try {
    const entry = propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ 'user.id': { value: 'u-5' }, 'session.secret': { value: 'x' } }),
    );
    await context.with(entry, async () => {
      await otel.tracer.startActiveSpan('otel entry', async (root) => {
        const legacy = tracer.startSpan('legacy client', { tags: { 'span.kind': 'client' } });
        const headers: Record<string, string> = {};
        tracer.inject(legacy, opentracing.FORMAT_HTTP_HEADERS, headers);
        await get(server.url, headers);
        legacy.finish();
        root.end();
      });
    });
  } finally {
    await server.close();
  }

  const spans = otel.spans();
  expect(spans.map((span) => span.name).sort()).toEqual([
    'legacy client',
    'otel entry',
    'otel query',
    'server handler',
  ]);
  expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
  for (const span of spans) {
    expect(span.attributes['user.id']).toBe('u-5');
    expect(span.attributes['session.secret']).toBeUndefined();
  }
});

it('accepts a predicate and copies nothing without baggage', () => {
  const processor = new BaggageToAttributesProcessor((key) => key.startsWith('user.'));
  const seen: Record<string, unknown> = {};
  const fakeSpan = { setAttribute: (key: string, value: unknown) => (seen[key] = value) } as never;
  processor.onStart(fakeSpan, context.active());
  expect(seen).toEqual({});
  processor.onStart(
    fakeSpan,
    propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ 'user.name': { value: 'ann' }, other: { value: '1' } }),
    ),
  );
  expect(seen).toEqual({ 'user.name': 'ann' });
});

it('never throws into span creation, even when the predicate does', () => {
  const processor = new BaggageToAttributesProcessor(() => {
    throw new Error('predicate');
  });
  const set: string[] = [];
  const fakeSpan = { setAttribute: (key: string) => set.push(key) } as never;
  const withBaggage = propagation.setBaggage(
    context.active(),
    propagation.createBaggage({ k: { value: 'v' } }),
  );
  expect(() => processor.onStart(fakeSpan, withBaggage)).not.toThrow();
  // Nothing copied, and the failure reported rather than lost.
  expect(set).toEqual([]);
  expect(otel.warnings.length).toBeGreaterThan(0);
});

it('sees only the trusted incoming baggage on a span started from an extracted context', () => {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'user.id=u-9',
  };
  const trusting = new TracerShim(otel.tracer);
  const distrusting = new TracerShim(otel.tracer, {
    incomingBaggageKeys: (key) => key !== 'user.id',
  });
  for (const [name, shim] of [
    ['trusted', trusting],
    ['untrusted', distrusting],
  ] as const) {
    const parent = shim.extract(opentracing.FORMAT_HTTP_HEADERS, headers) ?? undefined;
    shim.startSpan(name, { childOf: parent }).finish();
  }
  expect(otel.span('trusted').attributes['user.id']).toBe('u-9');
  expect(otel.span('trusted').parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  expect(otel.span('untrusted').attributes['user.id']).toBeUndefined();
  expect(otel.span('untrusted').parentSpanContext?.spanId).toBe('b7ad6b7169203331');
});
