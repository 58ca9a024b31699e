import type { FinishedSpan } from '../export/finished-span';

/**
 * Records every span that ends, in end order, for tests: register it on a tracer provider as a
 * span processor (`new TracerProvider({ spanProcessors: [recorder] })`, or
 * `new BasicTracerProvider({ spanProcessors: [recorder] })`), run the code, then pass
 * `recorder.spans()` to {@link renderTrace} or {@link compareTraces}. It has the shape of the SDK's
 * `SpanProcessor`, so it works with any SDK line.
 */
export class TraceRecorder {
  private _spans: FinishedSpan[] = [];

  /** The spans ended since the last {@link reset}, in end order. */
  spans(): FinishedSpan[] {
    return this._spans.slice();
  }

  /** Forgets the spans recorded so far. */
  reset(): void {
    this._spans = [];
  }

  /** Nothing to do when a span starts. */
  onStart(): void {}

  /** Keeps the ended span. */
  onEnd(span: FinishedSpan): void {
    this._spans.push(span);
  }

  /** Nothing is buffered. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release; the spans stay readable. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
