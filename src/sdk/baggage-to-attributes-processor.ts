import type { Context, Span } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import type { BaggageKeyFilter } from '../propagation/incoming-baggage';
import { reportInternalError } from '../internal/report';
import { toKeyPredicate } from '../propagation/incoming-baggage';
import { baggageEntries } from '../internal/baggage';

/**
 * A span processor that copies chosen baggage entries onto every span as attributes when the span
 * starts — OpenTracing and OpenTelemetry spans alike, since the bridge starts its spans in a
 * context that holds their baggage. A backend can then find every span of, say, one `user.id`.
 *
 * Privacy: baggage travels to every downstream service and, through this processor, into your
 * tracing backend. Copy only keys you would be comfortable to see in a trace view, never secrets,
 * and combine it with `incomingBaggageKeys` so callers cannot choose what lands on your spans.
 *
 * Shaped like the SDK's `SpanProcessor`, so any SDK line accepts it:
 * ```ts
 * new BasicTracerProvider({ spanProcessors: [new BaggageToAttributesProcessor(['user.id']), exporting] });
 * ```
 *
 * We do not wrap `@opentelemetry/baggage-span-processor`: it depends on `sdk-trace-base` 2.x at run
 * time, which would tie the bridge to one SDK line.
 */
export class BaggageToAttributesProcessor {
  private readonly _isCopied: (key: string) => boolean;

  /**
   * @param baggageToAttributes - the keys to copy, or a predicate on the key.
   */
  constructor(baggageToAttributes: BaggageKeyFilter) {
    this._isCopied = toKeyPredicate(baggageToAttributes) ?? (() => false);
  }

  /** Copies the chosen entries of the parent context's baggage onto the starting span. */
  onStart(span: Span, parentContext: Context): void {
    // The SDK does not guard processors: nothing here may throw into span creation.
    try {
      const baggage = propagation.getBaggage(parentContext);
      if (baggage === undefined) return;
      for (const [key, entry] of baggageEntries(baggage)) {
        if (this._isCopied(key)) span.setAttribute(key, entry.value);
      }
    } catch (error) {
      reportInternalError('BaggageToAttributesProcessor', error);
    }
  }

  /** Nothing to do when a span ends. */
  onEnd(): void {}

  /** Nothing is buffered. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
