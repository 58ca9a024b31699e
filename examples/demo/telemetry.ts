// OpenTelemetry for the three demo services: one TracerProvider per service (each its own
// service.name), all feeding the terminal trace view, and an OTLP/HTTP exporter when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. Context, propagation and baggage set-up are shared.
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { BaggageToAttributesProcessor, createPropagator } from '../../src';
import { TraceTreeExporter } from '../../src/dev';

export type ServiceName = 'gateway' | 'orders' | 'billing';

const treeView = new TraceTreeExporter({ showAttributes: ['user.id'] });
const exporting: SpanProcessor[] = [new SimpleSpanProcessor(treeView)];
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  // The official exporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself and posts to <endpoint>/v1/traces.
  exporting.push(new BatchSpanProcessor(new OTLPTraceExporter()));
}
// Every span, OpenTracing or OpenTelemetry, carries the user it was started for.
const baggageToAttributes = new BaggageToAttributesProcessor(['user.id']);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(createPropagator(['tracecontext', 'baggage']));

const providers = new Map<ServiceName, BasicTracerProvider>();

/** The TracerProvider of one service. */
export function providerFor(service: ServiceName): BasicTracerProvider {
  let provider = providers.get(service);
  if (provider === undefined) {
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [baggageToAttributes, ...exporting],
    });
    providers.set(service, provider);
  }
  return provider;
}

const propagationOffIn = new Set(
  (process.env.DEMO_PROPAGATION_OFF ?? '').split(',').map((name) => name.trim()),
);

/**
 * Whether DEMO_PROPAGATION_OFF names this service: it then neither reads nor writes trace context,
 * like a service whose instrumentation forgot to, so `npm run demo:report` shows the broken hop.
 */
export function propagationOff(service: ServiceName): boolean {
  return propagationOffIn.has(service);
}

/** Flushes every exporter: the trace view prints here. */
export async function shutdownTelemetry(): Promise<void> {
  await Promise.all([...providers.values()].map((provider) => provider.forceFlush()));
  await Promise.all([...providers.values()].map((provider) => provider.shutdown()));
}
