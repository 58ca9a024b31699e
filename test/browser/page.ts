// The page of the browser test (browser.test.ts bundles it with esbuild and loads it in Chromium):
// legacy OpenTracing code on the bridge over OpenTelemetry's web SDK, calling its own server with
// fetch. It leaves what it saw in `globalThis.bridgeResult`, as plain JSON for the test to check.
import type { DiagLogger } from '@opentelemetry/api';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  WebTracerProvider,
} from '@opentelemetry/sdk-trace-web';
import * as opentracing from 'opentracing';
import { TracerShim, installGlobalTracer } from '../../src';

/** What the page reports; every field is plain JSON. */
export interface PageResult {
  /** Whether the page had Node's globals (it must not). */
  nodeGlobals: string[];
  /** Warnings the bridge or the SDK sent to `diag`. */
  warnings: string[];
  /** The request headers the server received from the page's fetch. */
  sentHeaders: Record<string, string>;
  /** The headers written by a tracer given `propagators: ['tracecontext', 'b3']`. */
  namedFormats: string[];
  /** What extract read from the fetch response's `Headers`. */
  fromResponse: { traceId: string; spanId: string; baggage: string | undefined } | null;
  binary: {
    isUint8Array: boolean;
    constructorName: string;
    length: number;
    roundTrip: { traceId: string; spanId: string; baggage: string | undefined } | null;
  };
  spans: Array<{
    name: string;
    traceId: string;
    spanId: string;
    parentSpanId: string | undefined;
    kind: number;
    attributes: Record<string, unknown>;
    status: number;
    events: string[];
  }>;
}

async function run(): Promise<PageResult> {
  const warnings: string[] = [];
  const logger: DiagLogger = {
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(logger, DiagLogLevel.WARN);

  const exporter = new InMemorySpanExporter();
  const provider = new WebTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register({
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  // No propagator options: the tracer looks for OTEL_PROPAGATORS, which a browser does not have,
  // and uses the global propagator. Legacy code reaches it through OpenTracing's global tracer.
  installGlobalTracer({ tracerProvider: provider });
  const tracer = opentracing.globalTracer();
  const { origin } = (globalThis as unknown as { location: { origin: string } }).location;

  // Outgoing: a client span whose context and baggage go into a fetch `Headers`.
  const page = tracer.startSpan('page load', { tags: { component: 'app' } });
  const call = tracer.startSpan('GET /api/echo', {
    childOf: page,
    tags: {
      [opentracing.Tags.SPAN_KIND]: opentracing.Tags.SPAN_KIND_RPC_CLIENT,
      [opentracing.Tags.HTTP_METHOD]: 'GET',
      [opentracing.Tags.HTTP_URL]: `${origin}/api/echo`,
    },
  });
  call.setBaggageItem('user.id', 'ü42');
  const requestHeaders = new Headers();
  tracer.inject(call, opentracing.FORMAT_HTTP_HEADERS, requestHeaders);
  const response = await fetch('/api/echo', { headers: requestHeaders });
  const sentHeaders = (await response.json()) as Record<string, string>;
  call.setTag(opentracing.Tags.HTTP_STATUS_CODE, response.status);
  call.log({ event: 'response', size: JSON.stringify(sentHeaders).length });
  call.finish();

  // Incoming: the response's `Headers` carry the server's context and baggage.
  const incoming = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, response.headers);
  const handle = tracer.startSpan('handle response', incoming ? { childOf: incoming } : {});
  handle.setTag(opentracing.Tags.ERROR, true);
  handle.log({ event: 'error', message: 'the server said no', 'error.kind': 'Refused' });
  handle.finish();

  // FORMAT_BINARY: a Uint8Array, read back with non-ASCII baggage.
  page.setBaggageItem('session', 'ßession ✓ 😀');
  const binaryCarrier: { buffer?: unknown } = {};
  tracer.inject(page, opentracing.FORMAT_BINARY, binaryCarrier);
  const bytes = binaryCarrier.buffer as Uint8Array;
  const roundTrip = tracer.extract(opentracing.FORMAT_BINARY, { buffer: bytes });
  // A legacy format by name: a bundle cannot load its propagator package, so the format is skipped
  // with one warning, and the others still work.
  const named = new TracerShim(provider.getTracer('named'), {
    propagators: ['tracecontext', 'b3'],
  });
  const namedHeaders = new Headers();
  named.inject(page, opentracing.FORMAT_HTTP_HEADERS, namedHeaders);
  page.finish();

  const ids = (context: opentracing.SpanContext | null, key: string) =>
    context === null
      ? null
      : {
          traceId: context.toTraceId(),
          spanId: context.toSpanId(),
          baggage: (
            context as unknown as { getBaggageItem(key: string): string | undefined }
          ).getBaggageItem(key),
        };

  await provider.forceFlush();
  return {
    nodeGlobals: ['Buffer', 'process', 'require'].filter((name) => name in globalThis),
    warnings,
    sentHeaders,
    namedFormats: [...namedHeaders.keys()],
    fromResponse: ids(incoming, 'tenant'),
    binary: {
      isUint8Array: bytes instanceof Uint8Array,
      constructorName: bytes.constructor.name,
      length: bytes.length,
      roundTrip: ids(roundTrip, 'session'),
    },
    spans: exporter.getFinishedSpans().map((span) => ({
      name: span.name,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      kind: span.kind,
      attributes: { ...span.attributes },
      status: span.status.code,
      events: span.events.map((event) => event.name),
    })),
  };
}

(globalThis as { bridgeResult?: Promise<PageResult> }).bridgeResult = run();
