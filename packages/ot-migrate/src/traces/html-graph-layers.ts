// The graph's columns and their order: which column each service goes in (callers left of their
// callees, cycles broken), and the order within each column that crosses fewest edges.
import type { ServiceEdge } from './report-model';

/** A box of the graph: a service. */
export interface GraphNodeInput {
  name: string;
  /** A second line under the name, e.g. the span count. */
  caption: string;
  /** The bridge share, 0 to 1, drawn as a bar under the caption; none for a service not in the catalog. */
  share?: number;
}

/** Sweeps of the ordering, left to right and back: a few are enough for a service graph. */
const SWEEPS = 4;

/** The services in the order given, then those only edges name, without repeats. */
export function serviceList(
  nodes: readonly GraphNodeInput[],
  edges: readonly ServiceEdge[],
): GraphNodeInput[] {
  const seen = new Map<string, GraphNodeInput>();
  for (const node of nodes) if (!seen.has(node.name)) seen.set(node.name, node);
  const extra = new Set<string>();
  for (const edge of edges) {
    for (const name of [edge.from, edge.to]) if (!seen.has(name)) extra.add(name);
  }
  for (const name of [...extra].sort()) seen.set(name, { name, caption: 'not in the catalog' });
  return [...seen.values()];
}

/**
 * The columns: a depth-first search from the roots (services nobody calls, in the order given, then
 * any left, which sit on cycles) marks the edges that close a cycle; on what remains, a service goes
 * one column right of its furthest caller. Returns each service's column and the order the search
 * found them in.
 */
export function assignLayers(
  names: readonly string[],
  edges: readonly ServiceEdge[],
): { layer: Map<string, number>; discovery: Map<string, number> } {
  const callees = new Map<string, string[]>(names.map((name) => [name, []]));
  const hasCaller = new Set<string>();
  for (const edge of edges) {
    if (edge.from === edge.to) continue;
    const list = callees.get(edge.from) ?? [];
    if (!list.includes(edge.to)) list.push(edge.to);
    hasCaller.add(edge.to);
  }
  const state = new Map<string, 'open' | 'done'>();
  const discovery = new Map<string, number>();
  // "from\0to" of the edges kept for the layers: those that do not close a cycle.
  const acyclic = new Set<string>();
  const visit = (start: string) => {
    // Iterative, so that a long chain of services cannot overflow the stack.
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 'open');
    discovery.set(start, discovery.size);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const list = callees.get(top.name) ?? [];
      if (top.next >= list.length) {
        state.set(top.name, 'done');
        stack.pop();
        continue;
      }
      const callee = list[top.next++];
      const seen = state.get(callee);
      if (seen === 'open') continue; // closes a cycle
      acyclic.add(`${top.name}\0${callee}`);
      if (seen === undefined) {
        state.set(callee, 'open');
        discovery.set(callee, discovery.size);
        stack.push({ name: callee, next: 0 });
      }
    }
  };
  for (const name of names) if (!hasCaller.has(name) && !state.has(name)) visit(name);
  for (const name of names) if (!state.has(name)) visit(name);

  // Longest path over the acyclic edges, in topological order (Kahn).
  const indegree = new Map<string, number>(names.map((name) => [name, 0]));
  for (const key of acyclic) {
    const to = key.split('\0')[1];
    indegree.set(to, (indegree.get(to) ?? 0) + 1);
  }
  const layer = new Map<string, number>(names.map((name) => [name, 0]));
  const ready = names.filter((name) => indegree.get(name) === 0);
  while (ready.length > 0) {
    const name = ready.shift() as string;
    for (const callee of callees.get(name) ?? []) {
      if (!acyclic.has(`${name}\0${callee}`)) continue;
      layer.set(callee, Math.max(layer.get(callee) ?? 0, (layer.get(name) ?? 0) + 1));
      const left = (indegree.get(callee) ?? 0) - 1;
      indegree.set(callee, left);
      if (left === 0) ready.push(callee);
    }
  }
  return { layer, discovery };
}

/** Orders each column by the mean position of its neighbours in the column before (then after). */
export function orderColumns(columns: string[][], links: readonly [string, string][]): void {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a) ?? [];
    list.push(b);
    neighbours.set(a, list);
  };
  for (const [a, b] of links) {
    link(a, b);
    link(b, a);
  }
  const column = new Map<string, number>();
  const position = new Map<string, number>();
  columns.forEach((names, index) => names.forEach((name) => column.set(name, index)));
  const remember = () =>
    columns.forEach((names) => names.forEach((name, index) => position.set(name, index)));
  remember();
  const sortColumn = (index: number, towards: number) => {
    const key = new Map<string, number>();
    for (const name of columns[index]) {
      const near = (neighbours.get(name) ?? []).filter((other) => column.get(other) === towards);
      key.set(
        name,
        near.length === 0
          ? (position.get(name) ?? 0)
          : near.reduce((sum, other) => sum + (position.get(other) ?? 0), 0) / near.length,
      );
    }
    // Array.prototype.sort is stable: ties keep their current order.
    columns[index].sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0));
    remember();
  };
  for (let sweep = 0; sweep < SWEEPS; sweep += 1) {
    for (let index = 1; index < columns.length; index += 1) sortColumn(index, index - 1);
    for (let index = columns.length - 2; index >= 0; index -= 1) sortColumn(index, index + 1);
  }
}
