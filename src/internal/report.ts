import { diag } from './otel-api';

/**
 * The kinds of misuse the bridge reports. A fixed list keeps the "once per kind" memory bounded.
 * @internal
 */
export type MisuseKind =
  | 'tag-key'
  | 'tag-value'
  | 'error-tag'
  | 'span-kind-after-start'
  | 'sampling-priority-after-start'
  | 'span-kind-value'
  | 'log-fields'
  | 'timestamp'
  | 'future-start'
  | 'end-before-start'
  | 'operation-name'
  | 'baggage'
  | 'after-finish'
  | 'reference'
  | 'foreign-context'
  | 'inject-context'
  | 'carrier'
  | 'carrier-write'
  | 'propagator-name'
  | 'propagator-package-b3'
  | 'propagator-package-ot-trace'
  | 'conventions'
  | 'unreadable-field'
  | 'baggage-filter'
  | 'baggage-limit'
  | 'header-limit'
  | 'baggage-properties'
  | 'carrier-keys'
  | 'outgoing-baggage-limit'
  | 'grpc-key'
  | 'trace-id-width'
  | 'format'
  | 'binary-malformed'
  | 'binary-too-large'
  | 'active-span'
  | 'otel-span-from'
  | 'legacy-span-from'
  | 'legacy-span-context-from'
  | 'otel-tracer-from'
  | 'legacy-tracer-from'
  | 'opentracing-copy'
  | 'internal';

const reported = new Set<MisuseKind>();

/**
 * Tells the user about a misuse through OpenTelemetry's `diag` logger, once per kind for the life
 * of the process: a bad call in a request path would otherwise flood the log.
 * @internal
 */
export function reportMisuse(kind: MisuseKind, message: string): void {
  if (reported.has(kind)) return;
  reported.add(kind);
  diag.warn(`opentracing-otel-bridge: ${message} (reported once)`);
}

/**
 * Reports an exception the bridge caught at a public boundary, so it never reaches user code.
 * @internal
 */
export function reportInternalError(where: string, error: unknown): void {
  reportMisuse('internal', `${where} failed and was ignored: ${describeError(error)}`);
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'unprintable error';
  }
}

/**
 * Forgets what was reported, so each test sees its own first report.
 * @internal
 */
export function resetReportedMisuse(): void {
  reported.clear();
}
