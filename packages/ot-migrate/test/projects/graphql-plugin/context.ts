// What every resolver receives as its context: the request's span rides along, so resolvers can
// tag it without knowing about the plugin. Types only: nothing here exists at run time.
import type { Span } from 'opentracing';
import type { GraphQLRequest } from '@app/apollo';

export interface TracingContext {
  /** The request's span, set by the tracing plugin when the request starts. */
  span?: Span;
  /** The caller, from the `x-user` header. */
  user?: string;
}

/** Builds a request's context, as an Apollo `context` function does. */
export type ContextFactory = (request: GraphQLRequest) => TracingContext;
