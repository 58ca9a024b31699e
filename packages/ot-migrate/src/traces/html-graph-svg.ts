import type { SafeHtml } from './html-escape';
import { markup } from './html-escape';
import { formatCount, formatPercent, plural } from './format-figures';
import type { GraphLayout, LayoutEdge, LayoutNode } from './html-graph-layout';
import { BAR_HEIGHT, FONT_SIZE, LINE_HEIGHT, PADDING } from './html-graph-layout';

// The dependency graph as inline SVG, from a layout computed by html-graph-layout.ts. Drawn in three
// layers: the edges' curves, the services' boxes over them, and the call counts over both, so a
// count is never hidden under a box. Colours and fonts come from the page's style sheet (classes),
// so the graph prints with the page; every name goes through the `markup` template (escaped).

const r = (value: number) => Math.round(value * 10) / 10;

function edgeTitle(edge: LayoutEdge): string {
  const errors = edge.errors > 0 ? `, ${plural(edge.errors, 'error', 'errors')}` : '';
  return `${edge.from} → ${edge.to}: ${plural(edge.calls, 'call', 'calls')}${errors}`;
}

function drawEdge(edge: LayoutEdge, index: number): SafeHtml {
  // Wider for busier edges, within reason: 1.2 for one call, 4.2 from a thousand.
  const width = r(1.2 + Math.min(3, Math.log10(Math.max(1, edge.calls))));
  const failing = edge.errors > 0;
  return markup`<g class="edge${failing ? ' failing' : ''} ${edge.route}" data-edge="${index}" data-from="${edge.from}" data-to="${edge.to}"><title>${edgeTitle(edge)}</title><path d="${edge.path}" stroke-width="${width}" marker-end="url(#${failing ? 'arrow-failing' : 'arrow'})"/></g>`;
}

function drawLabel(edge: LayoutEdge, index: number): SafeHtml {
  const errors =
    edge.errors > 0
      ? markup`<tspan class="errors" x="${edge.labelX}" dy="13">${plural(edge.errors, 'error', 'errors')}</tspan>`
      : undefined;
  return markup`<text class="edge-label" data-edge="${index}" x="${edge.labelX}" y="${edge.labelY - 3}">${plural(edge.calls, 'call', 'calls')}${errors}</text>`;
}

function drawNode(node: LayoutNode): SafeHtml {
  const textX = node.x + PADDING;
  const names = node.lines.map(
    (line, index) =>
      markup`<tspan x="${textX}" y="${r(node.y + PADDING + FONT_SIZE + index * LINE_HEIGHT)}">${line}</tspan>`,
  );
  const captionY = r(node.y + PADDING + FONT_SIZE + node.lines.length * LINE_HEIGHT);
  const barY = r(captionY + 6);
  const barWidth = node.width - 2 * PADDING;
  const bar =
    node.share === undefined
      ? undefined
      : markup`<rect class="share-track" x="${textX}" y="${barY}" width="${barWidth}" height="${BAR_HEIGHT}"/><rect class="share-fill" x="${textX}" y="${barY}" width="${r(barWidth * Math.min(1, Math.max(0, node.share || 0)))}" height="${BAR_HEIGHT}"/>`;
  const tooltip =
    node.share === undefined
      ? `${node.name}\n${node.caption}`
      : `${node.name}\n${node.caption}\nbridge share ${formatPercent(node.share)}`;
  return markup`<g class="node${node.share === undefined ? ' outside' : ''}" data-service="${node.name}"><title>${tooltip}</title><rect class="box" x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="4"/><text class="name">${names}</text><text class="caption" x="${textX}" y="${captionY}">${node.caption}</text>${bar}</g>`;
}

/** `12 services`, or `12 of 3,400 services` when only part of them is drawn. */
function counted(drawn: number, whole: number | undefined, one: string, many: string): string {
  return whole === undefined || whole === drawn
    ? plural(drawn, one, many)
    : `${formatCount(drawn)} of ${plural(whole, one, many)}`;
}

/**
 * The graph as an `<svg>` element, sized to its layout (it scales down to the page's width).
 * `whole` gives the size of the whole graph when the layout draws only part of it, for the title.
 */
export function renderGraphSvg(
  layout: GraphLayout,
  whole?: { services: number; edges: number },
): SafeHtml {
  const summary = `Service dependency graph: ${counted(layout.nodes.length, whole?.services, 'service', 'services')}, ${counted(layout.edges.length, whole?.edges, 'edge', 'edges')}`;
  const arrow = (id: string) =>
    markup`<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z"/></marker>`;
  return markup`<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" aria-labelledby="graph-title" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}"><title id="graph-title">${summary}</title><defs>${arrow('arrow')}${arrow('arrow-failing')}</defs><g class="edges">${layout.edges.map(drawEdge)}</g><g class="nodes">${layout.nodes.map(drawNode)}</g><g class="edge-labels">${layout.edges.map(drawLabel)}</g></svg>`;
}
