// jaeger-client ships no types of its own; these cover what the integration tests use.
declare module 'jaeger-client' {
  import type * as opentracing from 'opentracing';

  export class SpanContext extends opentracing.SpanContext {
    /** Hex without leading zeros (16 or 32 digits at most). */
    readonly traceIdStr: string;
    readonly spanIdStr: string;
    readonly parentIdStr: string;
    /** False for what extract returns from a carrier without a trace context. */
    readonly isValid: boolean;
    readonly baggage: Record<string, string>;
    isSampled(): boolean;
    isDebug(): boolean;
  }

  export class Span extends opentracing.Span {
    override context(): SpanContext;
    readonly operationName: string;
    readonly _tags: { key: string; value: unknown }[];
    /** The span's logs, each a list of fields. */
    readonly _logs: { timestamp: number; fields: { key: string; value: unknown }[] }[];
  }

  export interface Reporter {
    report(span: Span): void;
  }

  export class InMemoryReporter implements Reporter {
    readonly spans: Span[];
    report(span: Span): void;
    clear(): void;
  }

  export class NoopReporter implements Reporter {
    report(span: Span): void;
  }

  export class ConstSampler {
    constructor(decision: boolean);
  }

  export interface TracingConfig {
    serviceName: string;
    sampler?: { type: string; param: number };
    reporter?: Record<string, unknown>;
  }

  /** The options the tests name; any other of jaeger-client's options is allowed too. */
  export interface TracingOptions {
    [option: string]: unknown;
    reporter?: Reporter;
    traceId128bit?: boolean;
    contextKey?: string;
    baggagePrefix?: string;
  }

  export function initTracer(config: TracingConfig, options: TracingOptions): Tracer;
  export function initTracerFromEnv(
    config: Partial<TracingConfig>,
    options: TracingOptions,
  ): Tracer;

  export class Tracer extends opentracing.Tracer {
    constructor(
      serviceName: string,
      reporter: Reporter,
      sampler: ConstSampler,
      options?: { traceId128bit?: boolean; contextKey?: string; baggagePrefix?: string },
    );
    override startSpan(name: string, options?: opentracing.SpanOptions): Span;
    override extract(format: string, carrier: unknown): SpanContext | null;
    close(callback?: () => void): void;
  }
}
