// An index file that hands OpenTracing's types on to the rest of the codebase.
export { Span, Tracer } from 'opentracing';
export type { SpanContext as TraceContext } from 'opentracing';
