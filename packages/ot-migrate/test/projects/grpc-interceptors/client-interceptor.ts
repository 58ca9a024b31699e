// The client interceptor: a client span per call, injected into the call's metadata. A call made
// while serving another is a child of that call's server span.
import type { Span, Tracer } from 'opentracing';
import { Tags } from 'opentracing';
import type { CallOptions, ClientInterceptor, Invoker, Reply } from './grpc';
import { Status } from './grpc';
import { injectMetadata } from './metadata';
import { spanOf } from './server-interceptor';
import { finishWithStatus } from './status';

export class ClientTracingInterceptor implements ClientInterceptor {
  constructor(protected readonly tracer: Tracer) {}

  protected createSpan(options: CallOptions): Span {
    const parent = options.parent ? spanOf(options.parent) : undefined;
    return this.tracer.startSpan(options.method, {
      childOf: parent,
      tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT, [Tags.COMPONENT]: 'grpc' },
    });
  }

  async interceptCall(
    options: CallOptions,
    request: Record<string, unknown>,
    next: Invoker,
  ): Promise<Reply> {
    let span: Span | undefined = this.createSpan(options);
    try {
      injectMetadata(this.tracer, span, options.metadata);
      const reply = await next(options, request);
      finishWithStatus(span, reply.code, reply.details);
      span = undefined;
      return reply;
    } finally {
      // The transport threw: the call never got a status.
      if (span) finishWithStatus(span, Status.UNAVAILABLE, 'transport failure');
    }
  }
}
