// The report of `ot-migrate traces`: what `--json` prints and what the text and HTML reports render.
// One model, three renderings; every figure is computed once, in the report builder.

/** The span fields the report works from, decoded from OTLP (protobuf or JSON) and stored. */
export interface CollectedSpan {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Nanoseconds since the epoch, as decimal text (64-bit values do not fit a JS number). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** The resource's `service.name` (`unknown_service` when absent). */
  service: string;
  /** The instrumentation scope's name and version. */
  scope: { name: string; version: string };
  /** Span attributes, resource attributes not included; values as JSON values (arrays kept). */
  attributes: Record<string, unknown>;
  /**
   * The spans this one links to (OpenTracing's FollowsFrom, a consumer linked to its producer), the
   * first {@link MAX_LINKS}; absent in collections stored before links were kept.
   */
  links?: SpanLink[];
  /** When the receiver accepted the span, ms since the epoch. */
  receivedAtMs: number;
}

/** A link's target. */
export interface SpanLink {
  traceId: string;
  spanId: string;
}

/** How many links of a span are kept: enough to find a producer, bounded for hostile payloads. */
export const MAX_LINKS = 32;

/** What the report covers: the filters given, and what the collection dropped. */
export interface ReportScope {
  filters: {
    service?: string[];
    operation?: string[];
    /** `key=value` pairs, all of which must match a span's attributes. */
    attributes?: Record<string, string>;
    minDurationMs?: number;
    maxDurationMs?: number;
    /** ISO 8601 times (span start). */
    from?: string;
    to?: string;
  };
  spansKept: number;
  /** Of the spans kept, copies of a span already kept (an exporter's retry): counted once. */
  spansDuplicated: number;
  /** Spans dropped because a cap on kept spans (count or size) was reached (oldest first). */
  spansDropped: number;
  /** Requests refused: bad payloads, too large, wrong content type, or the receiver failed. */
  requestsRefused: number;
}

/** One service of the catalog. */
export interface ServiceEntry {
  service: string;
  spans: number;
  /** Operation names with their span count, most frequent first. */
  operations: { name: string; spans: number; errors: number; p50Ms: number; maxMs: number }[];
  /**
   * Migration progress: spans whose instrumentation scope is the bridge's (a name starting with
   * `opentracing-otel-bridge`, or one given with `--bridge-scope`) vs native OpenTelemetry.
   */
  bridgeSpans: number;
  nativeSpans: number;
  /** bridgeSpans / spans, 0 to 1. */
  bridgeShare: number;
  /** Legacy wire formats that carried context into this service (`opentracing.propagation.format`), with counts. */
  legacyFormats: Record<string, number>;
}

/** A call from one service to another, seen as a parent span in one and its child in the other. */
export interface ServiceEdge {
  from: string;
  to: string;
  calls: number;
  errors: number;
}

/** A trace that is broken, and where. */
export interface BrokenTrace {
  traceId: string;
  kind: 'missing-parent' | 'several-roots' | 'hop-without-context';
  /** The services and operations involved, e.g. the span whose parent never arrived. */
  services: string[];
  operations: string[];
  /** For `hop-without-context`: the client/producer span and the new trace it started downstream. */
  hop?: {
    fromService: string;
    fromOperation: string;
    toService: string;
    toOperation: string;
    newTraceId: string;
  };
  detail: string;
}

/** Everything `ot-migrate traces` reports. */
export interface TracesReport {
  generatedAt: string;
  scope: ReportScope;
  traces: number;
  services: ServiceEntry[];
  edges: ServiceEdge[];
  broken: BrokenTrace[];
  /** The dependency graph, ready to paste. */
  graph: { mermaid: string; dot: string };
}
