// The OpenTelemetry set-up every benchmarked path shares: BasicTracerProvider, always-on sampler,
// one span processor over an exporter that does nothing, W3C propagators; with or without the
// AsyncLocalStorage context manager.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

/** Accepts spans and drops them. */
export class NoopExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Hands each ended span to the exporter at once. The SDK's SimpleSpanProcessor does the same
 * through a promise per span; in a benchmark loop that never yields, those promises pile up until
 * the heap, not the code under test, sets the pace.
 */
export class ExportingProcessor implements SpanProcessor {
  constructor(private readonly exporter: SpanExporter) {}
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.exporter.export([span], () => undefined);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }
}

/** Installs the shared set-up as the OpenTelemetry globals; returns the provider. */
export function installOtel(withContextManager: boolean): BasicTracerProvider {
  trace.disable();
  context.disable();
  propagation.disable();
  const provider = new BasicTracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new ExportingProcessor(new NoopExporter())],
  });
  trace.setGlobalTracerProvider(provider);
  if (withContextManager)
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  return provider;
}
