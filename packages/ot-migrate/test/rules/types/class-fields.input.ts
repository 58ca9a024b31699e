// A class holding a tracer, a list of spans and a span context in fields of OpenTracing types.
import { Span, SpanContext, Tracer, globalTracer } from 'opentracing';

class Worker {
  private readonly spans: Span[] = [];
  private last?: SpanContext;

  constructor(private readonly tracer: Tracer) {}

  start(id: string): void {
    const span = this.tracer.startSpan(id);
    this.spans.push(span);
    this.last = span.context();
  }

  finishAll(): number {
    this.spans.forEach((span) => span.finish());
    return this.last?.toTraceId().length ?? 0;
  }
}

export function run(): number {
  const worker = new Worker(globalTracer());
  worker.start('a');
  worker.start('b');
  return worker.finishAll();
}
