import type * as opentracing from 'opentracing';
import type { SemanticConventionsMode } from './conventions/tag-translation';

/**
 * What a span needs of the tracer that started it, and what its `tracer()` gives back: an
 * OpenTracing tracer with the bridge's semantic-conventions mode. `TracerShim` is one. Declared
 * apart from it so that the span module does not depend on the tracer module, which depends on it.
 */
export interface SpanTracer extends opentracing.Tracer {
  /** Which tag names the spans write (see `TracerShimOptions.semanticConventions`). */
  readonly semanticConventions: SemanticConventionsMode;
  /**
   * Whether baggage follows jaeger-client: keys lower-cased with `_` as `-`, and a `baggage` log
   * on sampled spans. Set by the jaeger-client drop-in alone.
   * @internal
   */
  readonly jaegerClientBaggage?: boolean;
}
