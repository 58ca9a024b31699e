// The server interceptor: a server span per call, continuing the caller's trace from the metadata.
// Handlers find the span of their call with `spanOf(call)`.
import type { Span, Tracer } from 'opentracing';
import { Tags } from 'opentracing';
import type { Reply, ServerCall, ServerInterceptor } from './grpc';
import { extractMetadata } from './metadata';
import { finishWithStatus } from './status';

const spans = new WeakMap<ServerCall, Span>();

/** The span of a call the server is handling. */
export function spanOf(call: ServerCall): Span | undefined {
  return spans.get(call);
}

export class ServerTracingInterceptor implements ServerInterceptor {
  constructor(private readonly tracer: Tracer) {}

  async interceptCall(call: ServerCall, next: (call: ServerCall) => Promise<Reply>) {
    const span = this.spanFromCall(call);
    spans.set(call, span);
    const reply = await next(call);
    finishWithStatus(span, reply.code, reply.details);
    return reply;
  }

  private spanFromCall(call: ServerCall): Span {
    const parent = extractMetadata(this.tracer, call.metadata);
    const span = this.tracer.startSpan(call.method, {
      childOf: parent ?? undefined,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER,
        [Tags.COMPONENT]: 'grpc',
        [Tags.PEER_HOST_IPV4]: call.peer,
      },
    });
    const tenant = span.getBaggageItem('tenant');
    if (tenant) span.setTag('tenant.id', tenant);
    return span;
  }
}
