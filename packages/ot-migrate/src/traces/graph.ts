// The service dependency graph as text to paste: Mermaid (`graph LR`) and Graphviz DOT. Service
// names come from the traffic, so any text: each node gets a generated id (`s0`, `s1`, ...) and
// the name only ever appears as an escaped label, never as syntax.
import type { BrokenTrace, ServiceEdge } from './report-model';
import { compareText } from './otlp-codes';

/** A hop that did not carry context, drawn dashed: the call was made, the trace broke there. */
export interface BrokenHopEdge {
  from: string;
  to: string;
  hops: number;
}

/** The broken hops of a report, counted per pair of services. */
export function brokenHopEdges(broken: readonly BrokenTrace[]): BrokenHopEdge[] {
  const counts = new Map<string, BrokenHopEdge>();
  for (const { hop } of broken) {
    if (!hop) continue;
    const key = JSON.stringify([hop.fromService, hop.toService]);
    const edge = counts.get(key) ?? { from: hop.fromService, to: hop.toService, hops: 0 };
    edge.hops += 1;
    counts.set(key, edge);
  }
  return [...counts.values()].sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to),
  );
}

/** Both renderings of the graph of `services` (every one is a node, called or not). */
export function renderGraph(
  services: readonly string[],
  edges: readonly ServiceEdge[],
  brokenHops: readonly BrokenHopEdge[],
): { mermaid: string; dot: string } {
  const ids = new Map<string, string>();
  const idOf = (service: string): string => {
    let id = ids.get(service);
    if (id === undefined) {
      id = `s${ids.size}`;
      ids.set(service, id);
    }
    return id;
  };
  const names = [...new Set([...services, ...edges.flatMap((edge) => [edge.from, edge.to])])];
  names.forEach(idOf);
  for (const hop of brokenHops) [hop.from, hop.to].forEach(idOf);
  const nodes = [...ids];
  const callLabel = (edge: ServiceEdge) =>
    `${edge.calls} ${edge.calls === 1 ? 'call' : 'calls'}` +
    (edge.errors > 0 ? `, ${edge.errors} ${edge.errors === 1 ? 'error' : 'errors'}` : '');
  const hopLabel = (hop: BrokenHopEdge) => `${hop.hops} broken ${hop.hops === 1 ? 'hop' : 'hops'}`;

  const mermaid = [
    'graph LR',
    ...nodes.map(([name, id]) => `  ${id}["${mermaidText(name)}"]`),
    ...edges.map((edge) => `  ${idOf(edge.from)} -->|${callLabel(edge)}| ${idOf(edge.to)}`),
    ...brokenHops.map((hop) => `  ${idOf(hop.from)} -.->|${hopLabel(hop)}| ${idOf(hop.to)}`),
  ].join('\n');

  const dot = [
    'digraph services {',
    '  rankdir=LR;',
    '  node [shape=box];',
    ...nodes.map(([name, id]) => `  ${id} [label="${dotText(name)}"];`),
    ...edges.map(
      (edge) => `  ${idOf(edge.from)} -> ${idOf(edge.to)} [label="${callLabel(edge)}"];`,
    ),
    ...brokenHops.map(
      (hop) =>
        `  ${idOf(hop.from)} -> ${idOf(hop.to)} [label="${hopLabel(hop)}", style=dashed, color=red];`,
    ),
    '}',
  ].join('\n');
  return { mermaid, dot };
}

/**
 * Text inside a quoted Mermaid label: every character that is not plainly safe becomes an entity
 * code (`#34;`), which Mermaid decodes; quotes, brackets, pipes, `#`, `;`, newlines and markup
 * cannot end the label or inject syntax.
 */
export function mermaidText(text: string): string {
  return [...text]
    .map((char) => (/^[\p{L}\p{N} ._\-/:@]$/u.test(char) ? char : `#${char.codePointAt(0)};`))
    .join('');
}

/** Text inside a quoted DOT string: backslashes and quotes escaped, line breaks as `\n`. */
export function dotText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n');
}
