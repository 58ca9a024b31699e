// A first look at the bridge: legacy OpenTracing code and new OpenTelemetry code serve one
// request as one trace. Run with `npm run demo`. (The full multi-service demo replaces this.)
import { SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import * as opentracing from 'opentracing';
import { installGlobalTracer, withActiveSpan } from '../src';

// 1. OpenTelemetry set-up, once per process (your SDK and exporter go here).
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(
  new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }),
);

// 2. One call replaces the OpenTracing global tracer.
installGlobalTracer();

// 3. Legacy code, untouched: it still talks to opentracing.globalTracer().
async function legacyHandler(headers: Record<string, string>): Promise<void> {
  const tracer = opentracing.globalTracer();
  const parent = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, headers) ?? undefined;
  const span = tracer.startSpan('GET /orders', {
    childOf: parent,
    tags: { [opentracing.Tags.SPAN_KIND]: 'server', 'http.method': 'GET' },
  });
  await withActiveSpan(span, () => newOrdersCode());
  span.log({ event: 'error', 'error.object': new Error('payment declined') });
  span.setTag(opentracing.Tags.ERROR, true);
  span.finish();
}

// 4. New code, written against @opentelemetry/api only, nests under the legacy span.
async function newOrdersCode(): Promise<void> {
  const tracer = trace.getTracer('orders');
  await tracer.startActiveSpan('load orders', async (span) => {
    const userId = propagation.getBaggage(context.active())?.getEntry('user.id')?.value;
    span.setAttribute('user.id', userId ?? 'unknown');
    await new Promise((resolve) => setTimeout(resolve, 5));
    span.end();
  });
}

async function main(): Promise<void> {
  // An upstream service already on OpenTelemetry sends W3C headers with baggage.
  const upstream = trace.getTracer('gateway').startSpan('gateway call');
  const headers: Record<string, string> = {};
  propagation.inject(
    propagation.setBaggage(
      trace.setSpan(context.active(), upstream),
      propagation.createBaggage({ 'user.id': { value: 'user-42' } }),
    ),
    headers,
  );
  await legacyHandler(headers);
  upstream.end();
  printTrace(exporter.getFinishedSpans());
}

function printTrace(spans: ReadableSpan[]): void {
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    children.set(parentId, [...(children.get(parentId) ?? []), span]);
  }
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const roots = spans.filter((span) => !ids.has(span.parentSpanContext?.spanId ?? ''));
  console.log(`trace ${spans[0]?.spanContext().traceId}`);
  const print = (span: ReadableSpan, depth: number): void => {
    const status = span.status.code === SpanStatusCode.ERROR ? '  ✗ error' : '';
    const events = span.events.map((event) => event.name).join(', ');
    console.log(
      `${'  '.repeat(depth + 1)}${span.name} [${span.instrumentationScope.name}]${status}${events ? `  events: ${events}` : ''}`,
    );
    for (const child of children.get(span.spanContext().spanId) ?? []) print(child, depth + 1);
  };
  roots.forEach((root) => print(root, 0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
