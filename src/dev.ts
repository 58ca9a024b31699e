// opentracing-otel-bridge/dev: tools for development, kept out of the main entry so they stay out
// of production bundles. Everything a user may import from this subpath is listed here by name.

export { TraceTreeExporter } from './export/trace-tree-exporter';
export type { TraceTreeExporterOptions } from './export/trace-tree-exporter';
export type { ExportResultLike, FinishedSpan } from './export/finished-span';
