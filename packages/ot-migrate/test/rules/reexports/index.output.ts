// An index file that hands OpenTracing's types on to the rest of the codebase.
export type { Span, Tracer } from '@opentelemetry/api';
export type { SpanContext as TraceContext } from '@opentelemetry/api';
