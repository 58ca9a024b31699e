// The public API of opentracing-otel-bridge. Everything a user may import is listed here by name.

// The bridge
export { TracerShim } from './tracer';
export type { TracerShimOptions } from './tracer-options';
export { SpanShim } from './span';
export type { SpanShimOptions } from './span';
export type { SpanTracer } from './span-tracer';
export { SpanContextShim } from './span-context';

// Mixed mode: legacy and OpenTelemetry code in one trace
export { contextWithSpan, withActiveSpan } from './context/active-span';
export {
  legacySpanContextFrom,
  legacySpanFrom,
  legacyTracerFrom,
  otelSpanFrom,
  otelTracerFrom,
} from './context/adapters';
export type { LegacySpanFromOptions } from './context/adapters';
export { installGlobalTracer, uninstallGlobalTracer } from './context/global-tracer';
export type { InstallGlobalTracerOptions } from './context/global-tracer';

// Propagation
export { createPropagator } from './propagation/propagators';
export { JaegerFormat } from './propagation/jaeger-format';
export type { JaegerFormatOptions } from './propagation/jaeger-format';
export type { PropagatorName } from './propagation/propagators';
export type { BaggageKeyFilter } from './propagation/incoming-baggage';
export {
  MAX_INCOMING_BAGGAGE_BYTES,
  MAX_INCOMING_BAGGAGE_ENTRIES,
} from './propagation/incoming-baggage';
export { BINARY_FORMAT_VERSION } from './propagation/binary';
export { REF_TYPE_ATTRIBUTE } from './references';
export { PROPAGATION_FORMAT_ATTRIBUTE } from './internal/wire-format';

// Semantic conventions
export { TAG_TRANSLATIONS } from './conventions/tag-translation';
export type {
  OpenTracingTagName,
  SemanticConventionsMode,
  TagTranslation,
} from './conventions/tag-translation';
export { SamplingPrioritySampler } from './sdk/sampling-priority-sampler';
export type { SamplerLike, SamplingResultLike } from './sdk/sampling-priority-sampler';
export { BaggageToAttributesProcessor } from './sdk/baggage-to-attributes-processor';

// Development tools (the trace-tree exporter) are in the `opentracing-otel-bridge/dev` subpath: src/dev.ts.

export { VERSION } from './version';
