// A client interceptor that retries calls the server could not take, each attempt in a span of its
// own that says how many came before it.
import type { Span, Tracer } from 'opentracing';
import { ClientTracingInterceptor } from './client-interceptor';
import type { CallOptions, Invoker, Reply } from './grpc';
import { Status } from './grpc';

const PREVIOUS_ATTEMPTS = 'grpc-previous-rpc-attempts';

export class RetryingTracingInterceptor extends ClientTracingInterceptor {
  constructor(
    tracer: Tracer,
    private readonly maxAttempts: number,
  ) {
    super(tracer);
  }

  protected override createSpan(options: CallOptions): Span {
    const span = super.createSpan(options);
    span.setTag(
      'rpc.grpc.previous_attempts',
      Number(options.metadata.get(PREVIOUS_ATTEMPTS)[0] ?? 0),
    );
    return span;
  }

  override async interceptCall(
    options: CallOptions,
    request: Record<string, unknown>,
    next: Invoker,
  ): Promise<Reply> {
    let reply = await super.interceptCall(options, request, next);
    for (
      let attempt = 1;
      reply.code === Status.UNAVAILABLE && attempt < this.maxAttempts;
      attempt++
    ) {
      const metadata = options.metadata.clone();
      metadata.set(PREVIOUS_ATTEMPTS, String(attempt));
      reply = await super.interceptCall({ ...options, metadata }, request, next);
    }
    return reply;
  }
}
