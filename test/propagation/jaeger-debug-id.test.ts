// `jaeger-debug-id`: a request that carries only that header (`curl -H 'jaeger-debug-id: ticket-42'`)
// starts a new trace that is sampled and debug, its root tagged with the id, as jaeger-client does.
import { AlwaysOffSampler, ParentBasedSampler } from '@opentelemetry/sdk-trace-base';
import { ConstSampler, InMemoryReporter, Tracer as JaegerTracer } from 'jaeger-client';
import type { Span as JaegerSpan } from 'jaeger-client';
import * as opentracing from 'opentracing';
import { SamplingPrioritySampler, TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const HTTP = opentracing.FORMAT_HTTP_HEADERS;
// Nothing is sampled unless something forces it: the debug id must.
const otel = setUpOtel({
  sampler: new SamplingPrioritySampler(new ParentBasedSampler({ root: new AlwaysOffSampler() })),
});
const bridge = new TracerShim(otel.tracer, { propagators: ['tracecontext', 'jaeger'] });

beforeAll(() => otel.install());
beforeEach(() => otel.reset());

/** What jaeger-client makes of the same carrier: the root's tags and flags. */
function jaegerClientRoot(carrier: Record<string, string>): JaegerSpan {
  const reporter = new InMemoryReporter();
  const jaeger = new JaegerTracer('legacy', reporter, new ConstSampler(false));
  const span = jaeger.startSpan('handle', { childOf: jaeger.extract(HTTP, carrier) ?? undefined });
  span.finish();
  return span;
}

describe('jaeger-debug-id', () => {
  it('starts a sampled debug trace tagged with the id, as jaeger-client does', () => {
    const carrier = { 'jaeger-debug-id': 'ticket-42' };
    const parent = bridge.extract(HTTP, carrier);
    expect(parent).not.toBeNull();
    const span = bridge.startSpan('handle', { childOf: parent! });
    const outgoing: Record<string, string> = {};
    bridge.inject(span.context(), HTTP, outgoing);
    span.finish();

    const exported = otel.span('handle');
    expect(exported.attributes['jaeger-debug-id']).toBe('ticket-42');
    expect(exported.parentSpanContext).toBeUndefined();
    expect(span.context().isDebug()).toBe(true);
    // Sampled and debug on the wire (flags 3), readable by jaeger-client.
    expect(outgoing['uber-trace-id']).toMatch(/^[0-9a-f]{32}:[0-9a-f]{16}:0:3$/);

    const jaegerRoot = jaegerClientRoot(carrier);
    const jaegerTags = Object.fromEntries(jaegerRoot._tags.map(({ key, value }) => [key, value]));
    expect(jaegerTags['jaeger-debug-id']).toBe(exported.attributes['jaeger-debug-id']);
    expect(jaegerRoot.context().isDebug()).toBe(span.context().isDebug());
    expect(jaegerRoot.context().isSampled()).toBe(true);
  });

  it('is percent-decoded in HTTP headers and trimmed', () => {
    const span = bridge.startSpan('handle', {
      childOf: bridge.extract(HTTP, { 'jaeger-debug-id': ' ticket%2042 ' })!,
    });
    span.finish();
    expect(otel.span('handle').attributes['jaeger-debug-id']).toBe('ticket 42');
  });

  it('is ignored beside a trace context: the trace goes on as it was', () => {
    const upstream = bridge.startSpan('upstream', { tags: { 'sampling.priority': 1 } });
    const carrier: Record<string, string> = { 'jaeger-debug-id': 'ticket-42' };
    bridge.inject(upstream.context(), HTTP, carrier);
    const span = bridge.startSpan('handle', { childOf: bridge.extract(HTTP, carrier)! });
    span.finish();
    upstream.finish();
    const exported = otel.span('handle');
    expect(exported.attributes['jaeger-debug-id']).toBeUndefined();
    expect(exported.spanContext().traceId).toBe(upstream.context().toTraceId());
  });

  it('reads nothing from an empty or oversized id', () => {
    expect(bridge.extract(HTTP, { 'jaeger-debug-id': '  ' })).toBeNull();
    expect(bridge.extract(HTTP, { 'jaeger-debug-id': 'x'.repeat(257) })).toBeNull();
    expect(bridge.extract(HTTP, { 'jaeger-debug-id': 'x'.repeat(100_000) })).toBeNull();
  });

  it('leaves an unsampled request unsampled without the header', () => {
    const span = bridge.startSpan('handle', { childOf: bridge.extract(HTTP, {}) ?? undefined });
    span.finish();
    expect(otel.spans()).toHaveLength(0);
  });
});

describe('sampling.priority at start', () => {
  it('marks the trace debug on the wire, as jaeger-client does', () => {
    const jaeger = new JaegerTracer('legacy', new InMemoryReporter(), new ConstSampler(false));
    const span = bridge.startSpan('checkout', { tags: { 'sampling.priority': 1 } });
    const carrier: Record<string, string> = {};
    bridge.inject(span.context(), HTTP, carrier);
    const jaegerSpan = jaeger.startSpan('checkout', { tags: { 'sampling.priority': 1 } });
    const jaegerCarrier: Record<string, string> = {};
    jaeger.inject(jaegerSpan.context(), HTTP, jaegerCarrier);
    span.finish();
    jaegerSpan.finish();

    const flags = (header: string | undefined) => header?.split(':')[3];
    expect(flags(carrier['uber-trace-id'])).toBe('3');
    expect(flags(carrier['uber-trace-id'])).toBe(flags(jaegerCarrier['uber-trace-id']));
    expect(otel.spans()).toHaveLength(1);
  });

  it('leaves a priority of 0, or one given as a word, without the debug flag', () => {
    for (const priority of [0, 'high']) {
      const span = bridge.startSpan('checkout', { tags: { 'sampling.priority': priority } });
      const carrier: Record<string, string> = {};
      bridge.inject(span.context(), HTTP, carrier);
      span.finish();
      expect(span.context().isDebug()).toBe(false);
      expect(carrier['uber-trace-id']?.endsWith(':3')).not.toBe(true);
    }
  });
});
