import { assignLayers, orderColumns, serviceList, type GraphNodeInput } from './html-graph-layers';
import { textColumns, wrapName } from './html-name-wrap';
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
const MARGIN = 48;
const COLUMN_GAP = 130;
const ROW_GAP = 36;
// An edge passing through a column takes a slot this high, this far from its neighbours.
const PASS_HEIGHT = 14;
const PASS_GAP = 12;

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * The largest `value` of the items, `floor` if none is larger. A loop: `Math.max(...values)` passes
 * each value as an argument, and overflows the stack past ~125k of them (pass-through slots reach
 * that on a graph of a few thousand services).
 */
function maxOf<T>(items: Iterable<T>, value: (item: T) => number, floor = 0): number {
  let max = floor;
  for (const item of items) {
    const candidate = value(item);
    if (candidate > max) max = candidate;
  }
  return max;
}

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

  const columnCount = names.length === 0 ? 0 : maxOf(names, (n) => layer.get(n) ?? 0) + 1;
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
    const columnsWide = maxOf(lines, textColumns, textColumns(service.caption));
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
  const heights = columns.map(columnHeight);
  const tallest = maxOf(heights, (height) => height);
  let x = MARGIN;
  columns.forEach((column, columnIndex) => {
    const width = maxOf(column, (key) => placed.get(key)?.width ?? 0);
    // Columns are centred on the tallest, so a lone callee sits level with its caller.
    let y = MARGIN + (tallest - heights[columnIndex]) / 2;
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
  });

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
  const right = maxOf(nodesOut, (node) => node.x + node.width);
  const bottom = maxOf(
    slots.values(),
    (pass) => pass.y + pass.height,
    maxOf(nodesOut, (node) => node.y + node.height),
  );
  return {
    // Room on the right for same-column and self edges.
    width: Math.ceil(right + MARGIN + 40),
    height: Math.ceil(bottom + MARGIN),
    nodes: nodesOut,
    edges: laidEdges,
  };
}
