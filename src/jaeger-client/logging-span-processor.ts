import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { diag } from '../internal/otel-api';
import type { JaegerLogger } from './config';

/**
 * jaeger-client's `logSpans`: each finished span logged as `Reporting span
 * {trace-id}:{span-id}:{parent-span-id}:{flags}`, with leading zeros left out of the ids, as
 * jaeger-client writes it. Through OpenTelemetry's `diag` when no logger is given.
 * @internal
 */
export class LoggingSpanProcessor implements SpanProcessor {
  /** @param _logger - jaeger-client's `options.logger`, if any. */
  constructor(private readonly _logger: JaegerLogger | undefined) {}

  /** Nothing to do at start. */
  onStart(): void {}

  /** Logs the span. A logger that throws is not the application's problem. */
  onEnd(span: ReadableSpan): void {
    const { traceId, spanId, traceFlags } = span.spanContext();
    const parent = span.parentSpanContext?.spanId;
    const line = `Reporting span ${trimZeros(traceId)}:${trimZeros(spanId)}:${parent === undefined ? '0' : trimZeros(parent)}:${traceFlags.toString(16)}`;
    try {
      if (this._logger === undefined) diag.info(line);
      else this._logger.info(line);
    } catch {
      // The logger is the user's.
    }
  }

  /** Nothing is buffered. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function trimZeros(id: string): string {
  return id.replace(/^0+(?=.)/, '');
}
