// The report builder: every figure of a TracesReport, computed once from the spans kept, so the
// text, JSON and HTML renderings cannot disagree. One pass groups the spans by trace; the catalog,
// the edges and the broken traces are read from those groups.
import { durationMs, spanFilter, type ReportFilters } from './filters';
// The bridge's own names: its package (the prefix of its scopes, `opentracing-otel-bridge`,
// `.../jaeger`) and the attribute it sets on a span whose parent came in a legacy wire format.
import { PROPAGATION_FORMAT_ATTRIBUTE } from '../../../../src/internal/wire-format';
import { BRIDGE } from '../boundary-adapters';
import { hopsWithoutContext } from './broken-hops';
import { brokenHopEdges, renderGraph } from './graph';
import { SPAN_KIND, STATUS_ERROR, compareText } from './otlp-codes';
import type {
  BrokenTrace,
  CollectedSpan,
  ServiceEdge,
  ServiceEntry,
  TracesReport,
} from './report-model';

const { CLIENT, PRODUCER } = SPAN_KIND;

/** What the report is built with besides the spans. */
export interface ReportOptions {
  filters?: ReportFilters;
  /** More instrumentation scope names that count as the bridge (`--bridge-scope`). */
  bridgeScopes?: readonly string[];
  /** What the collection dropped and refused, for the report's scope. */
  spansDropped?: number;
  requestsRefused?: number;
  /** The report's time; default now. */
  now?: Date;
}

/** Builds the report of `spans` (the spans kept by the collection, oldest first). */
export function buildReport(
  spans: readonly CollectedSpan[],
  options: ReportOptions = {},
): TracesReport {
  const filters = options.filters ?? {};
  const { traces: allTraces, duplicates } = groupByTrace(spans);
  const unique = [...allTraces.values()].flatMap((trace) => trace.spans);
  const matches = spanFilter(filters);
  const kept = matches
    ? [...allTraces.values()].filter((trace) => trace.spans.some(matches))
    : [...allTraces.values()];
  const isBridge = bridgeScopeTest(options.bridgeScopes ?? []);

  const services = catalog(kept, isBridge);
  const edges = serviceEdges(kept);
  const keptIds = new Set(kept.map((trace) => trace.traceId));
  const broken = [
    ...kept.flatMap(missingParents),
    ...kept.flatMap(severalRoots),
    // A broken hop joins two traces: it is reported when the filters keep either of them.
    ...hopsWithoutContext(unique).filter(
      (hop) => keptIds.has(hop.traceId) || keptIds.has(hop.hop?.newTraceId ?? ''),
    ),
  ].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      compareText(a.traceId, b.traceId) ||
      compareText(a.detail, b.detail),
  );
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    scope: {
      filters,
      spansKept: spans.length,
      spansDuplicated: duplicates,
      spansDropped: options.spansDropped ?? 0,
      requestsRefused: options.requestsRefused ?? 0,
    },
    traces: kept.length,
    services,
    edges,
    broken,
    graph: renderGraph(
      services.map((entry) => entry.service),
      edges,
      brokenHopEdges(broken),
    ),
  };
}

/** Whether a scope name is the bridge's: its own names, or one given with `--bridge-scope`. */
export function bridgeScopeTest(extra: readonly string[]): (scopeName: string) => boolean {
  const named = new Set(extra);
  return (name) => name.startsWith(BRIDGE) || named.has(name);
}

const KIND_ORDER: Record<BrokenTrace['kind'], number> = {
  'missing-parent': 0,
  'several-roots': 1,
  'hop-without-context': 2,
};

/** One trace's spans, indexed by span id. */
interface Trace {
  traceId: string;
  spans: CollectedSpan[];
  byId: Map<string, CollectedSpan>;
}

/**
 * The spans grouped by trace, each span once: an exporter that retries sends a span again, and the
 * copy that arrived last is kept.
 */
function groupByTrace(spans: readonly CollectedSpan[]): {
  traces: Map<string, Trace>;
  duplicates: number;
} {
  const traces = new Map<string, Trace>();
  let duplicates = 0;
  for (const span of spans) {
    let trace = traces.get(span.traceId);
    if (!trace) {
      trace = { traceId: span.traceId, spans: [], byId: new Map() };
      traces.set(span.traceId, trace);
    }
    if (trace.byId.has(span.spanId)) duplicates += 1;
    trace.byId.set(span.spanId, span);
  }
  for (const trace of traces.values()) trace.spans = [...trace.byId.values()];
  return { traces, duplicates };
}

function catalog(traces: readonly Trace[], isBridge: (name: string) => boolean): ServiceEntry[] {
  interface Tally {
    spans: number;
    bridge: number;
    formats: Map<string, number>;
    operations: Map<string, { spans: number; errors: number; durations: number[] }>;
  }
  const tallies = new Map<string, Tally>();
  for (const trace of traces) {
    for (const span of trace.spans) {
      let tally = tallies.get(span.service);
      if (!tally) {
        tally = { spans: 0, bridge: 0, formats: new Map(), operations: new Map() };
        tallies.set(span.service, tally);
      }
      tally.spans += 1;
      if (isBridge(span.scope.name)) tally.bridge += 1;
      for (const format of legacyFormatsOf(span)) {
        tally.formats.set(format, (tally.formats.get(format) ?? 0) + 1);
      }
      let operation = tally.operations.get(span.name);
      if (!operation) {
        operation = { spans: 0, errors: 0, durations: [] };
        tally.operations.set(span.name, operation);
      }
      operation.spans += 1;
      if (span.statusCode === STATUS_ERROR) operation.errors += 1;
      operation.durations.push(durationMs(span));
    }
  }
  return [...tallies]
    .sort(([a], [b]) => compareText(a, b))
    .map(([service, tally]) => ({
      service,
      spans: tally.spans,
      operations: [...tally.operations]
        .map(([name, operation]) => {
          const sorted = Float64Array.from(operation.durations).sort();
          return {
            name,
            spans: operation.spans,
            errors: operation.errors,
            // The nearest-rank median: a duration that was measured, not an average of two.
            p50Ms: sorted[Math.ceil(sorted.length / 2) - 1],
            maxMs: sorted[sorted.length - 1],
          };
        })
        .sort((a, b) => b.spans - a.spans || compareText(a.name, b.name)),
      bridgeSpans: tally.bridge,
      nativeSpans: tally.spans - tally.bridge,
      bridgeShare: tally.bridge / tally.spans,
      legacyFormats: Object.fromEntries([...tally.formats].sort(([a], [b]) => compareText(a, b))),
    }));
}

/** The legacy formats a span's parent context came in: the attribute is a name, a list, or `a,b`. */
function legacyFormatsOf(span: CollectedSpan): string[] {
  const value = span.attributes[PROPAGATION_FORMAT_ATTRIBUTE];
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return names
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * Calls between services: a span whose parent is in another service. A call is an error when the
 * called span, or the calling span if it is the client or producer side, has an error status.
 */
function serviceEdges(traces: readonly Trace[]): ServiceEdge[] {
  const edges = new Map<string, ServiceEdge>();
  for (const trace of traces) {
    for (const span of trace.spans) {
      const parent = span.parentSpanId === '' ? undefined : trace.byId.get(span.parentSpanId);
      if (!parent || parent.service === span.service) continue;
      const key = JSON.stringify([parent.service, span.service]);
      let edge = edges.get(key);
      if (!edge) {
        edge = { from: parent.service, to: span.service, calls: 0, errors: 0 };
        edges.set(key, edge);
      }
      edge.calls += 1;
      const callerFailed =
        (parent.kind === CLIENT || parent.kind === PRODUCER) && parent.statusCode === STATUS_ERROR;
      if (span.statusCode === STATUS_ERROR || callerFailed) edge.errors += 1;
    }
  }
  return [...edges.values()].sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
}

/** A trace with spans whose parent never arrived (dropped, not exported, or never sampled). */
function missingParents(trace: Trace): BrokenTrace[] {
  const orphans = trace.spans.filter(
    (span) => span.parentSpanId !== '' && !trace.byId.has(span.parentSpanId),
  );
  if (orphans.length === 0) {
    // Every parent arrived, yet no span is a root: the parents name each other in a loop, so the
    // trace's real root is missing all the same.
    if (trace.spans.some((span) => span.parentSpanId === '')) return [];
    return [
      {
        traceId: trace.traceId,
        kind: 'missing-parent',
        services: sortedUnique(trace.spans.map((span) => span.service)),
        operations: sortedUnique(trace.spans.map((span) => span.name)),
        detail: `no root span: the parents of its ${trace.spans.length} span(s) form a loop`,
      },
    ];
  }
  const named = orphans
    .map((span) => `${span.service}/${span.name} (parent ${span.parentSpanId})`)
    .sort();
  return [
    {
      traceId: trace.traceId,
      kind: 'missing-parent',
      services: sortedUnique(orphans.map((span) => span.service)),
      operations: sortedUnique(orphans.map((span) => span.name)),
      detail: `${orphans.length} span(s) whose parent never arrived: ${named.join(', ')}`,
    },
  ];
}

/** A trace with more than one root span. */
function severalRoots(trace: Trace): BrokenTrace[] {
  const roots = trace.spans.filter((span) => span.parentSpanId === '');
  if (roots.length < 2) return [];
  const named = roots.map((span) => `${span.service}/${span.name}`).sort();
  return [
    {
      traceId: trace.traceId,
      kind: 'several-roots',
      services: sortedUnique(roots.map((span) => span.service)),
      operations: sortedUnique(roots.map((span) => span.name)),
      detail: `${roots.length} root spans: ${named.join(', ')}`,
    },
  ];
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}
