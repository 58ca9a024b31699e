// A real OpenTelemetry SDK for tests: BasicTracerProvider + InMemorySpanExporter, the
// AsyncLocalStorage context manager and W3C propagators, installed as the OTel globals.
import type { DiagLogger, Tracer } from '@opentelemetry/api';
import { DiagLogLevel, context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { ReadableSpan, Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { resetReportedMisuse } from '../../src/internal/report';

export interface TestOtel {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  tracer: Tracer;
  /** Spans ended so far, in end order. */
  spans(): ReadableSpan[];
  /** The one ended span with this name; fails the test when there is not exactly one. */
  span(name: string): ReadableSpan;
  /** Warnings sent to `diag` since the last reset. */
  warnings: string[];
  reset(): void;
}

/** Extra SDK settings for a test file. */
export interface TestOtelOptions {
  /** Runs before the exporting processor. */
  spanProcessors?: SpanProcessor[];
  sampler?: Sampler;
  /**
   * Whether `diag` warnings are collected in `warnings` (default). Off for code that installs its
   * own `diag` logger (the migration guide's blocks).
   */
  collectDiag?: boolean;
}

/** Installs the SDK as the OTel globals for the current test file. */
export function setUpOtel(options: TestOtelOptions = {}): TestOtel {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...(options.spanProcessors ?? []), new SimpleSpanProcessor(exporter)],
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  const warnings: string[] = [];
  const logger: DiagLogger = {
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  if (options.collectDiag !== false) diag.setLogger(logger, DiagLogLevel.WARN);

  const otel: TestOtel = {
    provider,
    exporter,
    tracer: provider.getTracer('test'),
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter((span) => span.name === name);
      if (found.length !== 1)
        throw new Error(`expected one span named ${name}, got ${found.length}`);
      return found[0];
    },
    warnings,
    reset() {
      exporter.reset();
      warnings.length = 0;
      resetReportedMisuse();
    },
  };
  return otel;
}
