// Which services and edges the HTML report's graph draws. A drawing of thousands of boxes is a
// page nobody can read, tens of megabytes of SVG, and seconds of layout; so past a bound the graph
// draws the busiest services (and those of a broken hop, what a reader comes to the page for), and
// the page says what was left out. The tables and the Mermaid and DOT sources keep everything.
import type { ServiceEdge, TracesReport } from './report-model';

/** How much of the graph is drawn at most. */
export interface DrawLimits {
  /** Services drawn for their span count, most spans first. */
  busiest: number;
  /** Services of a broken hop drawn besides those, most broken hops first. */
  brokenHops: number;
  /** Edges drawn between the services drawn, those with errors first, then the most calls. */
  edges: number;
}

/**
 * The limits of the report's graph: 150 services fill a wide screen in a dozen columns and stay
 * legible; 50 more for broken hops, and 450 edges, keep the layout well under a second.
 */
export const DRAW_LIMITS: DrawLimits = { busiest: 150, brokenHops: 50, edges: 450 };

/** What the graph draws, out of the whole. */
export interface DrawnGraph {
  /** The services drawn: those of the catalog and those only an edge names. */
  services: Set<string>;
  /** The edges drawn, in the report's order, each between two services drawn. */
  edges: ServiceEdge[];
  /** Services in the whole graph: the catalog, and those only an edge names. */
  totalServices: number;
  /** Edges in the whole graph. */
  totalEdges: number;
  /** How many services drawn are there for a broken hop, not for their spans. */
  brokenHopServices: number;
  /** Whether some edges between services drawn were left out, for the limit on edges. */
  edgesCapped: boolean;
}

/**
 * Chooses what the graph draws: everything when the whole fits `limits`; otherwise the services
 * with the most spans (ties in the catalog's order), the services of the broken hops, and the
 * edges between those, failing and busiest first. Linear but for sorts.
 */
export function chooseDrawn(
  report: Pick<TracesReport, 'services' | 'edges' | 'broken'>,
  limits: DrawLimits = DRAW_LIMITS,
): DrawnGraph {
  // The catalog, then the services only an edge names (they have no spans here).
  const spans = new Map<string, number>();
  for (const service of report.services) spans.set(service.service, service.spans);
  const all = [...spans.keys()];
  const named = new Set(all);
  for (const edge of report.edges) {
    for (const name of [edge.from, edge.to]) {
      if (named.has(name)) continue;
      named.add(name);
      all.push(name);
    }
  }
  const whole = { totalServices: all.length, totalEdges: report.edges.length };
  if (all.length <= limits.busiest && report.edges.length <= limits.edges) {
    return {
      ...whole,
      services: named,
      edges: [...report.edges],
      brokenHopServices: 0,
      edgesCapped: false,
    };
  }

  // Array.prototype.sort is stable: equal counts keep the catalog's order.
  const busiest = all
    .map((name, at) => ({ name, at, spans: spans.get(name) ?? 0 }))
    .sort((a, b) => b.spans - a.spans || a.at - b.at)
    .slice(0, limits.busiest);
  const services = new Set(busiest.map((entry) => entry.name));

  const hops = new Map<string, number>();
  for (const { hop } of report.broken) {
    if (hop === undefined) continue;
    for (const name of [hop.fromService, hop.toService]) {
      // Only a service the graph has: one a filter left out of the catalog has no box to draw.
      if (!services.has(name) && named.has(name)) hops.set(name, (hops.get(name) ?? 0) + 1);
    }
  }
  const extra = [...hops]
    .map(([name, count], at) => ({ name, count, at }))
    .sort((a, b) => b.count - a.count || a.at - b.at)
    .slice(0, limits.brokenHops);
  for (const { name } of extra) services.add(name);

  const between = report.edges
    .map((edge, at) => ({ edge, at }))
    .filter(({ edge }) => services.has(edge.from) && services.has(edge.to));
  const kept =
    between.length <= limits.edges
      ? between
      : [...between]
          .sort(
            (a, b) =>
              Number(b.edge.errors > 0) - Number(a.edge.errors > 0) ||
              b.edge.calls - a.edge.calls ||
              a.at - b.at,
          )
          .slice(0, limits.edges)
          .sort((a, b) => a.at - b.at);
  return {
    ...whole,
    services,
    edges: kept.map(({ edge }) => edge),
    brokenHopServices: extra.length,
    edgesCapped: kept.length < between.length,
  };
}
