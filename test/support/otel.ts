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
  /** Installs this SDK as the OTel globals again, in place of another one of the test file. */
  install(): void;
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

/** The SDK whose globals are installed in this module registry (this test file). */
let installed: TestOtel | undefined;

/**
 * Creates an SDK and installs it as the OTel globals for the current test file. A suite that shares
 * its test file with others (packages/ot-migrate/test/rules.test.ts) calls `install()` again in its
 * `beforeAll`, since the suites defined after it installed theirs.
 */
export function setUpOtel(options: TestOtelOptions = {}): TestOtel {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...(options.spanProcessors ?? []), new SimpleSpanProcessor(exporter)],
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  const warnings: string[] = [];
  const logger: DiagLogger = {
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  const install = (): void => {
    if (installed === otel) return;
    // The globals can be set once only: those of another SDK of this file go first.
    trace.disable();
    context.disable();
    propagation.disable();
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    );
    if (options.collectDiag !== false) diag.setLogger(logger, DiagLogLevel.WARN);
    installed = otel;
  };

  const otel: TestOtel = {
    install,
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
  install();
  return otel;
}
