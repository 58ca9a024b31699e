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
  // Each service's distinct callees, in the order of the edges; a set beside each list, so that a
  // service calling thousands of others is not checked against its whole list per edge.
  const callees = new Map<string, string[]>(names.map((name) => [name, []]));
  const calleeSets = new Map<string, Set<string>>();
  const hasCaller = new Set<string>();
  for (const edge of edges) {
    if (edge.from === edge.to) continue;
    const list = callees.get(edge.from);
    if (list !== undefined) {
      let set = calleeSets.get(edge.from);
      if (set === undefined) {
        set = new Set();
        calleeSets.set(edge.from, set);
      }
      if (!set.has(edge.to)) {
        set.add(edge.to);
        list.push(edge.to);
      }
    }
    hasCaller.add(edge.to);
  }
  const state = new Map<string, 'open' | 'done'>();
  const discovery = new Map<string, number>();
  // The edges kept for the layers (those that do not close a cycle), as each caller's callees: a
  // map of sets rather than "from\0to" keys, which two names holding a NUL could make collide.
  const acyclic = new Map<string, Set<string>>();
  const keep = (from: string, to: string) => {
    let set = acyclic.get(from);
    if (set === undefined) {
      set = new Set();
      acyclic.set(from, set);
    }
    set.add(to);
  };
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
      keep(top.name, callee);
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
  for (const set of acyclic.values()) {
    for (const to of set) indegree.set(to, (indegree.get(to) ?? 0) + 1);
  }
  const layer = new Map<string, number>(names.map((name) => [name, 0]));
  // A queue read by index: Array.prototype.shift moves every element, quadratic over thousands.
  const ready = names.filter((name) => indegree.get(name) === 0);
  for (let head = 0; head < ready.length; head += 1) {
    const name = ready[head];
    const kept = acyclic.get(name);
    if (kept === undefined) continue;
    for (const callee of callees.get(name) ?? []) {
      if (!kept.has(callee)) continue;
      layer.set(callee, Math.max(layer.get(callee) ?? 0, (layer.get(name) ?? 0) + 1));
      const left = (indegree.get(callee) ?? 0) - 1;
      indegree.set(callee, left);
      if (left === 0) ready.push(callee);
    }
  }
  return { layer, discovery };
}

/**
 * Orders each column by the mean position of its neighbours in the column before (then after).
 * `links` join keys of adjacent columns only (an edge across several columns is a chain through
 * one slot per column). Each sweep costs the links plus one sort per column, so the whole is
 * near-linear in keys and links.
 */
export function orderColumns(columns: string[][], links: readonly [string, string][]): void {
  // Keys as numbers, and positions and sort keys in typed arrays: on a graph with 100k pass-through
  // slots the sorts are most of the layout's time, and comparing two numbers of an array is several
  // times faster than looking two strings up in a map.
  const id = new Map<string, number>();
  const columnOf: number[] = [];
  const ids = columns.map((names, index) =>
    names.map((name) => {
      const known = id.get(name);
      if (known !== undefined) return known;
      id.set(name, columnOf.length);
      columnOf.push(index);
      return columnOf.length - 1;
    }),
  );
  const names: string[] = [];
  for (const [name, at] of id) names[at] = name;
  const position = new Float64Array(names.length);
  const key = new Float64Array(names.length);
  const remember = (column: number[]) => column.forEach((at, index) => (position[at] = index));
  ids.forEach(remember);
  // Each key's neighbours in the column on its left and on its right, found once rather than
  // filtered out of all its neighbours at every sort.
  const before: number[][] = names.map(() => []);
  const after: number[][] = names.map(() => []);
  const link = (a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined) return;
    if (columnOf[b] === columnOf[a] - 1) before[a].push(b);
    else if (columnOf[b] === columnOf[a] + 1) after[a].push(b);
  };
  for (const [a, b] of links) {
    link(id.get(a), id.get(b));
    link(id.get(b), id.get(a));
  }
  const sortColumn = (index: number, side: number[][]) => {
    const column = ids[index];
    for (const at of column) {
      const near = side[at];
      if (near.length === 0) {
        key[at] = position[at];
        continue;
      }
      let sum = 0;
      for (const other of near) sum += position[other];
      key[at] = sum / near.length;
    }
    // Array.prototype.sort is stable: ties keep their current order.
    column.sort((a, b) => key[a] - key[b]);
    // Only this column moved: the positions of the others still hold.
    remember(column);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep += 1) {
    for (let index = 1; index < ids.length; index += 1) sortColumn(index, before);
    for (let index = ids.length - 2; index >= 0; index -= 1) sortColumn(index, after);
  }
  ids.forEach((column, index) => {
    columns[index] = column.map((at) => names[at]);
  });
}
