import type { ts } from '@ts-morph/common';

// The bridge's boundary adapters (issue #13, see adapters-plan.ts): their names, which one
// converts what in each direction, the comment that marks a call of one, and the crossings an
// adapter may stand in.

/** The comment that marks an adapter call. */
export const BOUNDARY_COMMENT = '// ot-migrate: boundary';
/** The comment that marks an adapter call, as found in a line (any spacing). */
export const BOUNDARY_MARK = /\/\/\s*ot-migrate:\s*boundary\b/;
/** The package the adapters are imported from. @internal */
export const BRIDGE = 'opentracing-otel-bridge';

/** The name of one of the bridge's adapters. @internal */
export type AdapterName =
  | 'otelTracerFrom'
  | 'otelSpanFrom'
  | 'legacySpanFrom'
  | 'legacySpanContextFrom'
  | 'legacyTracerFrom'
  | 'contextWithSpan';
/** The bridge's adapters, by name. */
export const ADAPTERS: ReadonlySet<string> = new Set<AdapterName>([
  'otelTracerFrom',
  'otelSpanFrom',
  'legacySpanFrom',
  'legacySpanContextFrom',
  'legacyTracerFrom',
  'contextWithSpan',
]);

/** What an OpenTracing object coming in is converted with. @internal */
export const INBOUND: Partial<Record<string, AdapterName>> = {
  tracer: 'otelTracerFrom',
  span: 'otelSpanFrom',
};
/** The adapters of what comes in. @internal */
export const INBOUND_NAMES: Readonly<Record<string, true>> = {
  otelTracerFrom: true,
  otelSpanFrom: true,
};
/** What an OTel object going out to legacy code is converted with. @internal */
export const OUTBOUND: Partial<Record<string, AdapterName>> = {
  tracer: 'legacyTracerFrom',
  span: 'legacySpanFrom',
  spanContext: 'legacySpanContextFrom',
};

// The crossings to legacy code an adapter may stand in: code the rewrite does not change.
/** A public API's legacy callers: its entry converts what they hand it. @internal */
export const PUBLIC_API =
  /is exported, and no other file among the paths uses it|is called only from files that stay OpenTracing/;
/** A callee that stays OpenTracing: what the call hands it is converted there. @internal */
export const LEGACY_CALLEE =
  /is a dependency's \(node_modules\)|is declared outside the paths given|, which stays OpenTracing$/;

/** Whether a file has adapter comments: a later run looks at it even without OpenTracing usages. */
export function hasBoundaryMarks(sourceFile: ts.SourceFile): boolean {
  return BOUNDARY_MARK.test(sourceFile.text);
}
