// Run by traces-fleet.test.ts, bundled for plain node (test/support/node-bundle.ts), as
// `node <bundle> '<plan>'`: one service of a small fleet, in a process of its own, exporting to
// `ot-migrate traces` with the official OTLP exporter (http/protobuf or http/json, as the plan
// says). (Inside Jest the exporter cannot send: it loads `http` with a dynamic import(), which
// Jest's module sandbox refuses.)
// The plan fixes every id and time, so the report's figures are known in advance: span ids come
// from the plan through the SDK's IdGenerator hook, times are given to startSpan and end. Spans
// are made through the bridge (TracerShim from the repository's src/, scope
// `opentracing-otel-bridge`) or natively; remote parents arrive through a W3C `traceparent` or a
// Jaeger `uber-trace-id` header, extracted as a service would.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  trace,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { FORMAT_HTTP_HEADERS, type Span as OpenTracingSpan } from 'opentracing';
import { TracerShim } from '../../../src';

/** One span of the plan, in creation order (parents first). */
export interface PlannedSpan {
  /** 16 hex digits. */
  id: string;
  /** For a root span: its trace id (32 hex digits). Children take their parent's. */
  traceId?: string;
  name: string;
  kind: 'server' | 'client' | 'producer' | 'consumer' | 'internal';
  api: 'bridge' | 'native';
  /** A span of this plan (same API), or a context arriving on the wire from another service. */
  parent?:
    | { local: string }
    | { remote: { traceId: string; spanId: string }; format: 'tracecontext' | 'jaeger' };
  /** Offsets from the plan's base time, ms. */
  startMs: number;
  endMs: number;
  attributes?: Record<string, string | number | boolean>;
  error?: boolean;
}

/** What the test asks of this service. */
export interface ServicePlan {
  service: string;
  protocol: 'http/protobuf' | 'http/json';
  /** The receiver's base URL; spans go to `<url>/v1/traces`. */
  url: string;
  /** Epoch ms the offsets count from. */
  baseMs: number;
  /** The native spans' instrumentation scope. */
  nativeScope: string;
  spans: PlannedSpan[];
}

const KINDS = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as ServicePlan;
  // The SDK asks for an id as it starts each span: the one the plan gives that span.
  let next: PlannedSpan | undefined;
  const exporterConfig = { url: `${plan.url}/v1/traces` };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': plan.service }),
    idGenerator: {
      generateSpanId: () => next?.id ?? fail('span id asked for outside a planned span'),
      generateTraceId: () => next?.traceId ?? fail(`no trace id planned for root ${next?.name}`),
    },
    spanProcessors: [
      new BatchSpanProcessor(
        plan.protocol === 'http/json'
          ? new JsonExporter(exporterConfig)
          : new ProtoExporter(exporterConfig),
      ),
    ],
  });
  const native = provider.getTracer(plan.nativeScope);
  const shim = new TracerShim(provider.getTracer('opentracing-otel-bridge'), {
    propagators: ['tracecontext', 'jaeger'],
  });
  const bridgeSpans = new Map<string, OpenTracingSpan>();
  const ended: { end(): void }[] = [];
  for (const planned of plan.spans) {
    next = planned;
    const startTime = plan.baseMs + planned.startMs;
    const endTime = plan.baseMs + planned.endMs;
    if (planned.api === 'bridge') {
      const span = shim.startSpan(planned.name, {
        childOf: bridgeParent(shim, planned, bridgeSpans),
        startTime,
        tags: {
          ...(planned.kind === 'internal' ? {} : { 'span.kind': planned.kind }),
          ...planned.attributes,
          ...(planned.error ? { error: true } : {}),
        },
      });
      bridgeSpans.set(planned.id, span);
      ended.push({ end: () => span.finish(endTime) });
    } else {
      const span: Span = native.startSpan(
        planned.name,
        { kind: KINDS[planned.kind], startTime, attributes: planned.attributes },
        nativeParent(planned, plan.spans),
      );
      if (planned.error) span.setStatus({ code: SpanStatusCode.ERROR });
      ended.push({ end: () => span.end(endTime) });
    }
  }
  next = undefined;
  for (const span of ended.reverse()) span.end();
  // Flushes the batch to the receiver and waits for its answer.
  await provider.shutdown();
}

/** The bridge span's parent: a span of this service, or a context extracted from headers. */
function bridgeParent(shim: TracerShim, planned: PlannedSpan, spans: Map<string, OpenTracingSpan>) {
  const parent = planned.parent;
  if (parent === undefined) return undefined;
  if ('local' in parent) return spans.get(parent.local) ?? fail(`no span ${parent.local}`);
  const { traceId, spanId } = parent.remote;
  const headers =
    parent.format === 'jaeger'
      ? { 'uber-trace-id': `${traceId}:${spanId}:0:1` }
      : { traceparent: `00-${traceId}-${spanId}-01` };
  return shim.extract(FORMAT_HTTP_HEADERS, headers) ?? fail('extract found no context');
}

/** The native span's parent context: this service's span, or one that came over the wire. */
function nativeParent(planned: PlannedSpan, all: PlannedSpan[]) {
  const parent = planned.parent;
  if (parent === undefined) return ROOT_CONTEXT;
  if ('local' in parent) {
    const local = all.find((span) => span.id === parent.local) ?? fail(`no span ${parent.local}`);
    const traceId = traceIdOf(local, all);
    return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: local.id, traceFlags: 1 });
  }
  // Native code extracts with OpenTelemetry's own W3C propagator.
  const { traceId, spanId } = parent.remote;
  return new W3CTraceContextPropagator().extract(
    ROOT_CONTEXT,
    { traceparent: `00-${traceId}-${spanId}-01` },
    defaultTextMapGetter,
  );
}

function traceIdOf(span: PlannedSpan, all: PlannedSpan[]): string {
  if (span.traceId) return span.traceId;
  const parent = span.parent;
  if (parent === undefined) return fail(`root ${span.name} has no trace id`);
  if ('remote' in parent) return parent.remote.traceId;
  return traceIdOf(all.find((other) => other.id === parent.local) ?? fail('no parent'), all);
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
