// A class holding a tracer, a list of spans and a span context in fields of OpenTracing types.
import { trace, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';

class Worker {
  private readonly spans: Span[] = [];
  private last?: SpanContext;

  constructor(private readonly tracer: Tracer) {}

  start(id: string): void {
    const span = this.tracer.startSpan(id);
    this.spans.push(span);
    this.last = span.spanContext();
  }

  finishAll(): number {
    this.spans.forEach((span) => span.end());
    return this.last?.traceId.length ?? 0;
  }
}

export function run(): number {
  const worker = new Worker(trace.getTracer('svc'));
  worker.start('a');
  worker.start('b');
  return worker.finishAll();
}
