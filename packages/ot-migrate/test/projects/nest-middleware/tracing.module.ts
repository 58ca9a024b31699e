// The tracing module: binds the middleware to every route, with the process's global tracer.
import type { Span, Tracer } from 'opentracing';
import { globalTracer } from 'opentracing';
import { Keys } from './keys';
import type { MiddlewareConsumer, NestModule } from './nest';
import { TracingMiddleware } from './tracing.middleware';

export class TracingModule implements NestModule {
  readonly tracer: Tracer = globalTracer();
  private readonly middleware = new TracingMiddleware(this.tracer);

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.middleware).forRoutes('*');
  }

  /** Runs `work` in a warm-up span: requests without a trace of their own become its children. */
  async warmUp(work: () => Promise<unknown>): Promise<void> {
    const span: Span = this.tracer.startSpan('warm-up', { tags: { [Keys.EventType]: 'startup' } });
    this.middleware.current = span;
    try {
      await work();
    } finally {
      this.middleware.current = undefined;
      span.finish();
    }
  }
}
