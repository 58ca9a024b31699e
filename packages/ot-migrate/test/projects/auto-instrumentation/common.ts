// What the instrumentations share: the span of the request in progress (kept in async local
// storage, so that queries made while serving a request become its children), client spans, and
// the error log.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span, Tracer } from 'opentracing';
import { Tags } from 'opentracing';

const active = new AsyncLocalStorage<Span>();

/** The span of the request being served, if any. */
export function currentSpan(): Span | undefined {
  return active.getStore();
}

export function runInSpan<T>(span: Span, work: () => T): T {
  return active.run(span, work);
}

/** A client span, child of the request being served. */
export function startClientSpan(tracer: Tracer, name: string, tags: Record<string, unknown>): Span {
  return tracer.startSpan(name, {
    childOf: currentSpan(),
    tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT, ...tags },
  });
}

export function markError(span: Span, err: Error): void {
  span.setTag(Tags.ERROR, true);
  span.log({ event: 'error', 'error.object': err, message: err.message, stack: err.stack });
}
