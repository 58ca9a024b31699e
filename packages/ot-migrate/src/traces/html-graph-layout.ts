import type { ServiceEdge } from './report-model';

// The layout of the service dependency graph of the HTML report, computed here so that the page
// needs no script and no graph library: services in columns (layers) from the roots of the graph,
// left to right, callers before callees, as in Mermaid's `flowchart LR`.
//  1. cycles are broken by a depth-first search from the roots (the edges that close a cycle are
//     drawn, but do not count for the layers);
//  2. each service goes one column right of its furthest caller (longest path), roots in column 0;
//  3. within a column, services are ordered by the mean position of their neighbours, a few sweeps
//     left to right and back (fewer crossings), ties kept in the order of discovery;
//  4. boxes are sized from their text, in a monospace font, so widths can be computed without a
//     browser; edges are cubic curves between ports spread along the sides of the boxes.

/** A box of the graph: a service. */
export interface GraphNodeInput {
  name: string;
  /** A second line under the name, e.g. the span count. */
  caption: string;
  /** The bridge share, 0 to 1, drawn as a bar under the caption; none for a service not in the catalog. */
  share?: number;
}

/** A service placed on the graph. */
export interface LayoutNode {
  name: string;
  caption: string;
  share?: number;
  /** The name as shown, wrapped into lines; the last ends with `…` if the name was cut. */
  lines: string[];
  truncated: boolean;
  /** Column, 0 for the roots. */
  layer: number;
  /** Position within the column, from the top. */
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge placed on the graph: one per {@link ServiceEdge}. */
export interface LayoutEdge extends ServiceEdge {
  /**
   * `forward` to a later column, `back` to an earlier column (closes a cycle), `same` to another
   * service of the same column, `self` a service calling itself.
   */
  route: 'forward' | 'back' | 'same' | 'self';
  /** The SVG path data of the curve, ending at the arrow's tip. */
  path: string;
  /** Where the call count goes (the middle of the curve). */
  labelX: number;
  labelY: number;
}

/** The whole graph, in SVG user units. */
export interface GraphLayout {
  width: number;
  height: number;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

/** Font size of the names, in SVG units; the SVG renderer uses the same figures. */
export const FONT_SIZE = 13;
/** Height of a line of text. */
export const LINE_HEIGHT = 17;
/** Inner padding of a box. */
export const PADDING = 10;
/** Height of the bar under the caption (drawn by the renderer). */
export const BAR_HEIGHT = 6;
// Width of one column of a monospace font, as a share of its size. DejaVu Sans Mono and Liberation
// Mono (Debian's) are 0.602, Menlo 0.602, Consolas 0.55; a little more leaves room for the rest.
const CHAR_WIDTH = FONT_SIZE * 0.62;
/** Name columns per line, and lines per name, before a name is cut (the full name stays in the tooltip). */
export const MAX_COLUMNS = 28;
export const MAX_LINES = 4;
const MARGIN = 48;
const COLUMN_GAP = 130;
const ROW_GAP = 36;
// An edge passing through a column takes a slot this high, this far from its neighbours.
const PASS_HEIGHT = 14;
const PASS_GAP = 12;
const SWEEPS = 4;

/** Columns a character takes in a monospace font: 2 for East Asian wide ones and emoji. */
function columnsOf(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Columns a text takes in a monospace font. */
export function textColumns(text: string): number {
  let columns = 0;
  for (const character of text) columns += columnsOf(character);
  return columns;
}

/**
 * A name cut into lines of at most {@link MAX_COLUMNS} columns, after a separator (`/ . - _ : `
 * space) where one falls in the second half of the line. Joined, the lines give the name back,
 * unless there were more than {@link MAX_LINES}: then the last line ends with `…`.
 */
export function wrapName(name: string): { lines: string[]; truncated: boolean } {
  const characters = [...name];
  const lines: string[] = [];
  let start = 0;
  while (start < characters.length && lines.length < MAX_LINES) {
    let end = start;
    let columns = 0;
    while (end < characters.length && columns + columnsOf(characters[end]) <= MAX_COLUMNS) {
      columns += columnsOf(characters[end]);
      end += 1;
    }
    if (end === start) end += 1;
    if (end < characters.length) {
      for (let cut = end; cut > start + (end - start) / 2; cut -= 1) {
        if ('/.-_: '.includes(characters[cut - 1])) {
          end = cut;
          break;
        }
      }
    }
    lines.push(characters.slice(start, end).join(''));
    start = end;
  }
  if (lines.length === 0) return { lines: [''], truncated: false };
  const truncated = start < characters.length;
  if (truncated) {
    const last = [...lines[lines.length - 1]];
    lines[lines.length - 1] = `${last.slice(0, Math.max(0, last.length - 1)).join('')}…`;
  }
  return { lines, truncated };
}

/** The services in the order given, then those only edges name, without repeats. */
function serviceList(
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
function assignLayers(
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
function orderColumns(columns: string[][], links: readonly [string, string][]): void {
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

const round = (value: number) => Math.round(value * 10) / 10;

/** What occupies a slot of a column: a service's box, or an edge passing through the column. */
interface Slot {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A path through points, each joined to the next by a curve that leaves and arrives horizontally,
 * or by a straight line where an edge passes through a column; and the middle of its middle curve,
 * for the label.
 */
function pathThrough(points: readonly { x: number; y: number; straight?: boolean }[]): {
  path: string;
  labelX: number;
  labelY: number;
} {
  let path = `M${round(points[0].x)} ${round(points[0].y)}`;
  const curves: [number, number, number, number][] = [];
  for (let index = 1; index < points.length; index += 1) {
    const a = points[index - 1];
    const b = points[index];
    if (b.straight) {
      path += `L${round(b.x)} ${round(b.y)}`;
      continue;
    }
    const bend = (b.x - a.x) / 2;
    path += `C${round(a.x + bend)} ${round(a.y)} ${round(b.x - bend)} ${round(b.y)} ${round(b.x)} ${round(b.y)}`;
    curves.push([a.x, a.y, b.x, b.y]);
  }
  // The middle of a horizontal-tangent cubic is the middle of its ends.
  const [x0, y0, x3, y3] = curves[Math.floor((curves.length - 1) / 2)];
  return { path, labelX: round((x0 + x3) / 2), labelY: round((y0 + y3) / 2) };
}

/**
 * Lays out the dependency graph: every service of `nodes` and every service an edge names (those
 * get the caption `not in the catalog`), and one curve per edge, in the order given. An edge that
 * spans several columns passes through each column in between in a slot of its own, so that it
 * does not cross the boxes there.
 */
export function layoutGraph(
  nodes: readonly GraphNodeInput[],
  edges: readonly ServiceEdge[],
): GraphLayout {
  const services = serviceList(nodes, edges);
  const names = services.map((service) => service.name);
  const { layer, discovery } = assignLayers(names, edges);

  const columnCount = names.length === 0 ? 0 : Math.max(...names.map((n) => layer.get(n) ?? 0)) + 1;
  const columns: string[][] = Array.from({ length: columnCount }, () => []);
  const byDiscovery = [...names].sort((a, b) => (discovery.get(a) ?? 0) - (discovery.get(b) ?? 0));
  for (const name of byDiscovery) columns[layer.get(name) ?? 0].push(name);

  // Each edge between columns as a chain from its left end to its right end, with a pass-through
  // slot in each column between (keys start with NUL, which no service name given here holds
  // alongside "edge"; they never leave this function).
  const routeOf = (edge: ServiceEdge): LayoutEdge['route'] => {
    if (edge.from === edge.to) return 'self';
    const from = layer.get(edge.from) ?? 0;
    const to = layer.get(edge.to) ?? 0;
    return to > from ? 'forward' : to < from ? 'back' : 'same';
  };
  const chains = edges.map((edge, index) => {
    const route = routeOf(edge);
    if (route === 'self' || route === 'same') return [edge.from, edge.to];
    const [left, right] = route === 'forward' ? [edge.from, edge.to] : [edge.to, edge.from];
    const chain = [left];
    for (let at = (layer.get(left) ?? 0) + 1; at < (layer.get(right) ?? 0); at += 1) {
      const key = `\0edge ${index} column ${at}`;
      columns[at].push(key);
      chain.push(key);
    }
    chain.push(right);
    return chain;
  });
  const links: [string, string][] = [];
  chains.forEach((chain, index) => {
    const route = routeOf(edges[index]);
    if (route === 'self' || route === 'same') return;
    for (let at = 1; at < chain.length; at += 1) links.push([chain[at - 1], chain[at]]);
  });
  orderColumns(columns, links);

  // Box sizes, then column widths and heights.
  const placed = new Map<string, LayoutNode>();
  for (const service of services) {
    const { lines, truncated } = wrapName(service.name);
    const columnsWide = Math.max(...lines.map(textColumns), textColumns(service.caption));
    placed.set(service.name, {
      name: service.name,
      caption: service.caption,
      share: service.share,
      lines,
      truncated,
      layer: layer.get(service.name) ?? 0,
      order: 0,
      x: 0,
      y: 0,
      width: Math.ceil(columnsWide * CHAR_WIDTH + 2 * PADDING),
      height: (lines.length + 1) * LINE_HEIGHT + 2 * PADDING + BAR_HEIGHT + 4,
    });
  }
  const slots = new Map<string, Slot>();
  const slot = (key: string): Slot =>
    placed.get(key) ?? slots.get(key) ?? { x: 0, y: 0, width: 0, height: PASS_HEIGHT };
  const gap = (a: string, b: string) => (placed.has(a) && placed.has(b) ? ROW_GAP : PASS_GAP);
  const columnHeight = (column: string[]) =>
    column.reduce(
      (sum, key, index) => sum + slot(key).height + (index > 0 ? gap(column[index - 1], key) : 0),
      0,
    );
  const tallest = Math.max(0, ...columns.map(columnHeight));
  let x = MARGIN;
  for (const column of columns) {
    const width = Math.max(0, ...column.map((key) => placed.get(key)?.width ?? 0));
    // Columns are centred on the tallest, so a lone callee sits level with its caller.
    let y = MARGIN + (tallest - columnHeight(column)) / 2;
    let order = 0;
    column.forEach((key, index) => {
      if (index > 0) y += gap(column[index - 1], key);
      const node = placed.get(key);
      if (node === undefined) {
        slots.set(key, { x, y, width, height: PASS_HEIGHT });
        y += PASS_HEIGHT;
        return;
      }
      node.order = order++;
      node.x = round(x + (width - node.width) / 2);
      node.y = round(y);
      y += node.height;
    });
    x += width + COLUMN_GAP;
  }

  // Ports: where each edge leaves and enters a box, spread along that side in the order of the
  // height of what is at the other end of that stretch, so that edges do not start on top of each
  // other. Edges run left to right, from a box's right side to the next box's left side, whatever
  // their direction; an edge back to an earlier column ends on its target's right side.
  type Side = 'left' | 'right';
  const ends: { key: string; side: Side; towards: string }[][] = chains.map((chain, index) => {
    const route = routeOf(edges[index]);
    if (route === 'self' || route === 'same') {
      return [
        { key: chain[0], side: 'right', towards: chain[1] },
        { key: chain[1], side: 'right', towards: chain[0] },
      ];
    }
    return [
      { key: chain[0], side: 'right', towards: chain[1] },
      { key: chain[chain.length - 1], side: 'left', towards: chain[chain.length - 2] },
    ];
  });
  const ports = new Map<string, { edge: number; end: number; towards: number }[]>();
  ends.forEach((pair, edge) =>
    pair.forEach((end, index) => {
      const id = `${end.key}\0${end.side}`;
      const list = ports.get(id) ?? [];
      const other = slot(end.towards);
      list.push({ edge, end: index, towards: other.y + other.height / 2 });
      ports.set(id, list);
    }),
  );
  const portY = new Map<string, number>();
  for (const [id, list] of ports) {
    const box = slot(id.slice(0, id.lastIndexOf('\0')));
    list.sort((a, b) => a.towards - b.towards || a.edge - b.edge || a.end - b.end);
    list.forEach((port, rank) =>
      portY.set(`${port.edge}:${port.end}`, box.y + (box.height * (rank + 1)) / (list.length + 1)),
    );
  }

  const laidEdges = edges.map((edge, index): LayoutEdge => {
    const route = routeOf(edge);
    const chain = chains[index];
    const first = slot(chain[0]);
    const last = slot(chain[chain.length - 1]);
    const y0 = portY.get(`${index}:0`) ?? first.y + first.height / 2;
    const y1 = portY.get(`${index}:1`) ?? last.y + last.height / 2;
    if (route === 'self') {
      const right = first.x + first.width;
      const top = first.y;
      return {
        ...edge,
        route,
        path: `M${round(right)} ${round(y0)}C${round(right + 50)} ${round(y0 - 10)} ${round(right + 10)} ${round(top - 40)} ${round(right - 24)} ${round(top)}`,
        labelX: round(right + 22),
        labelY: round(top - 22),
      };
    }
    if (route === 'same') {
      const x0 = first.x + first.width;
      const x3 = last.x + last.width;
      const reach = Math.max(x0, x3) + 60;
      return {
        ...edge,
        route,
        path: `M${round(x0)} ${round(y0)}C${round(reach)} ${round(y0)} ${round(reach)} ${round(y1)} ${round(x3)} ${round(y1)}`,
        labelX: round(reach - 15),
        labelY: round((y0 + y1) / 2),
      };
    }
    const points: { x: number; y: number; straight?: boolean }[] = [
      { x: first.x + first.width, y: y0 },
    ];
    for (const key of chain.slice(1, -1)) {
      const pass = slot(key);
      const y = pass.y + pass.height / 2;
      points.push({ x: pass.x, y }, { x: pass.x + pass.width, y, straight: true });
    }
    points.push({ x: last.x, y: y1 });
    // The arrow goes at the target: for an edge back to an earlier column, the left end.
    if (route === 'back') {
      points.reverse();
      // The straight stretches now start where they ended.
      for (let at = points.length - 1; at > 0; at -= 1)
        points[at].straight = points[at - 1].straight;
      points[0].straight = undefined;
    }
    return { ...edge, route, ...pathThrough(points) };
  });

  const nodesOut = names.map((name) => placed.get(name) as LayoutNode);
  const right = Math.max(0, ...nodesOut.map((node) => node.x + node.width));
  const bottom = Math.max(0, ...nodesOut.map((node) => node.y + node.height));
  return {
    // Room on the right for same-column and self edges.
    width: Math.ceil(right + MARGIN + 40),
    height: Math.ceil(Math.max(bottom, ...[...slots.values()].map((s) => s.y + s.height)) + MARGIN),
    nodes: nodesOut,
    edges: laidEdges,
  };
}
