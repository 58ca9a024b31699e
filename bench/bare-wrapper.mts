// Not a usable tracer: the least any OpenTracing-over-OTel bridge can do for the span-life
// workload, as a floor to read the bridge's figures against. One wrapper object per span, each
// call handed straight to the OTel span: no checks, no conversions, log fields passed through
// (so `event` stays an attribute), no baggage, no references, no error handling.
import type { Attributes, AttributeValue, Span } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';

class BareSpan {
  constructor(private readonly span: Span) {}
  setTag(key: string, value: AttributeValue): this {
    this.span.setAttribute(key, value);
    return this;
  }
  log(fields: Attributes & { event: string }): this {
    this.span.addEvent(fields.event, fields);
    return this;
  }
  finish(): void {
    this.span.end();
  }
}

/** A tracer with just the `startSpan` the span-life workload calls. */
export function bareWrapperTracer(): {
  startSpan(name: string, options: { tags: Attributes }): BareSpan;
} {
  const tracer = trace.getTracer('bench-bare');
  return {
    startSpan: (name, options) =>
      new BareSpan(tracer.startSpan(name, { attributes: options.tags }, context.active())),
  };
}
