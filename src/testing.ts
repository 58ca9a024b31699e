// opentracing-otel-bridge/testing: prove a migration kept the traces. Record the spans of a test,
// snapshot them as text, and compare two recordings field by field, aware of the bridge's tag
// translation. Everything a user may import from this subpath is listed here by name.

export { TraceRecorder } from './testing/trace-recorder';
export { renderTrace } from './testing/render-trace';
export type { RenderTraceOptions } from './testing/render-trace';
export { compareTraces } from './testing/compare-traces';
export type { CompareTracesOptions, TraceDifference } from './testing/compare-traces';
export type { FinishedSpan } from './export/finished-span';
