// A request crosses a fleet mid-migration over real HTTP on loopback: a jaeger-client service, a
// service on the bridge, and a service on @opentelemetry/api alone — and back the other way.
import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { ConstSampler, InMemoryReporter, Tracer as JaegerTracer } from 'jaeger-client';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import type { RunningServer } from '../support/http';
import { get, listen } from '../support/http';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const HTTP = opentracing.FORMAT_HTTP_HEADERS;
const bridge = new TracerShim(otel.provider.getTracer('bridge-service'), {
  propagators: ['tracecontext', 'baggage', 'jaeger'],
});
const jaegerReporter = new InMemoryReporter();
const jaeger = new JaegerTracer('jaeger-service', jaegerReporter, new ConstSampler(true));
const servers: RunningServer[] = [];

/** The pure OpenTelemetry service: global W3C propagation, no OpenTracing anywhere. */
async function startOtelService(): Promise<RunningServer> {
  const tracer = otel.provider.getTracer('otel-service');
  return listen((req, res) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan('otel GET', { kind: SpanKind.SERVER }, parent);
    span.setAttribute(
      'seen.user.id',
      propagation.getBaggage(parent)?.getEntry('user.id')?.value ?? 'none',
    );
    span.end();
    res.end('ok');
  });
}

/** The bridge service: legacy OpenTracing code on TracerShim, calling `downstream`. */
async function startBridgeService(downstream: string): Promise<RunningServer> {
  return listen(async (req, res) => {
    const server = bridge.startSpan('bridge GET', {
      childOf: bridge.extract(HTTP, req.headers) ?? undefined,
      tags: { 'span.kind': 'server' },
    });
    server.setTag('seen.user.id', server.getBaggageItem('user.id') ?? 'none');
    const client = bridge.startSpan('bridge call', {
      childOf: server,
      tags: { 'span.kind': 'client' },
    });
    const headers: Record<string, string> = {};
    bridge.inject(client, HTTP, headers);
    const reply = await get(downstream, headers);
    client.finish();
    server.finish();
    res.end(reply.body);
  });
}

/** A service still on jaeger-client that extracts what it receives. */
async function startJaegerService(): Promise<RunningServer> {
  return listen((req, res) => {
    const span = jaeger.startSpan('jaeger GET', {
      childOf: jaeger.extract(HTTP, req.headers) ?? undefined,
    });
    span.setTag('seen.user.id', span.getBaggageItem('user.id') ?? 'none');
    span.finish();
    res.end('ok');
  });
}

beforeEach(() => {
  otel.reset();
  jaegerReporter.clear();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('HTTP across a mixed fleet', () => {
  it('jaeger-client -> bridge -> OTel: one trace, each server the child of its caller, baggage at every hop', async () => {
    const otelService = await startOtelService();
    const bridgeService = await startBridgeService(otelService.url);
    servers.push(otelService, bridgeService);

    const root = jaeger.startSpan('jaeger call');
    root.setBaggageItem('user.id', 'u-42');
    const headers: Record<string, string> = {};
    jaeger.inject(root, HTTP, headers);
    expect((await get(bridgeService.url, headers)).body).toBe('ok');
    root.finish();

    const jaegerTraceId = root.context().toTraceId().padStart(32, '0');
    const bridgeServer = otel.span('bridge GET');
    const bridgeClient = otel.span('bridge call');
    const otelServer = otel.span('otel GET');
    for (const span of [bridgeServer, bridgeClient, otelServer]) {
      expect(span.spanContext().traceId).toBe(jaegerTraceId);
    }
    expect(bridgeServer.parentSpanContext?.spanId).toBe(
      root.context().toSpanId().padStart(16, '0'),
    );
    expect(bridgeServer.kind).toBe(SpanKind.SERVER);
    expect(bridgeClient.kind).toBe(SpanKind.CLIENT);
    expect(otelServer.parentSpanContext?.spanId).toBe(bridgeClient.spanContext().spanId);
    expect(bridgeServer.attributes['seen.user.id']).toBe('u-42');
    expect(otelServer.attributes['seen.user.id']).toBe('u-42');
  });

  it('bridge -> jaeger-client: the legacy service extracts the context and the baggage', async () => {
    const jaegerService = await startJaegerService();
    servers.push(jaegerService);

    const client = bridge.startSpan('bridge call', { tags: { 'span.kind': 'client' } });
    client.setBaggageItem('user.id', 'u-7');
    const headers: Record<string, string> = {};
    bridge.inject(client, HTTP, headers);
    expect((await get(jaegerService.url, headers)).body).toBe('ok');
    client.finish();

    const [received] = jaegerReporter.spans;
    expect(received.context().toTraceId().padStart(32, '0')).toBe(client.context().toTraceId());
    expect(received.context().parentIdStr.padStart(16, '0')).toBe(client.context().toSpanId());
    expect(received._tags).toContainEqual({
      key: 'seen.user.id',
      value: 'u-7',
    });
  });

  it('keeps OTel and bridge spans of one service in one trace when the OTel span is the server span', async () => {
    const otelService = await startOtelService();
    servers.push(otelService);
    await otel.tracer.startActiveSpan('otel handler', async (handler) => {
      // Legacy code inside new code: no childOf, so the active OTel span is the parent.
      const legacy = bridge.startSpan('legacy call');
      const headers: Record<string, string> = {};
      bridge.inject(legacy, HTTP, headers);
      await get(otelService.url, headers);
      legacy.finish();
      handler.end();
    });
    const handler = otel.span('otel handler');
    expect(otel.span('legacy call').parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
    expect(otel.span('otel GET').parentSpanContext?.spanId).toBe(
      otel.span('legacy call').spanContext().spanId,
    );
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
