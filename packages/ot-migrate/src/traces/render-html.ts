import { createHash } from 'node:crypto';
import { SafeHtml, markup } from './html-escape';
import { formatCount, formatPercent, plural } from './format-figures';
import { serviceList } from './html-graph-layers';
import { layoutGraph } from './html-graph-layout';
import { chooseDrawn, type DrawnGraph } from './html-graph-limit';
import { renderGraphSvg } from './html-graph-svg';
import { brokenSection, catalogSection, progressSection, scopeSection } from './html-sections';
import { REPORT_CSS } from './html-style';
import type { TracesReport } from './report-model';

// `ot-migrate traces --html FILE`: the report as one self-contained page, to open from disk, attach
// to a ticket or print. Nothing is fetched (no fonts, scripts or images from anywhere), and the page
// has no script at all: the graph is SVG laid out here. Its Content-Security-Policy says so to the
// browser (no script, no request, only this page's own style sheet, by hash), so that even a name
// the escaping missed could neither run nor call out.

const STYLE_HASH = createHash('sha256').update(REPORT_CSS).digest('base64');
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  // The favicon link below is `data:`, so that the browser does not ask for /favicon.ico.
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
// A constant of this module, not report data: inserted as it is (escaping would break its quotes).
const REPORT_CSS_MARKUP = new SafeHtml(REPORT_CSS);

function headerSection(report: TracesReport): SafeHtml {
  const broken = report.broken.length;
  const traces = plural(report.traces, 'trace', 'traces');
  const verdict =
    broken === 0
      ? markup`<p class="verdict ok">No broken traces among the ${traces} collected.</p>`
      : markup`<p class="verdict"><a href="#broken">${plural(broken, 'broken trace', 'broken traces')}</a> among the ${traces} collected.</p>`;
  const item = (term: string, value: string, bad = false) =>
    markup`<div class="${bad ? 'bad' : ''}"><dt>${term}</dt><dd>${value}</dd></div>`;
  const { spansDropped } = report.scope;
  const summary = [
    item('Traces', formatCount(report.traces)),
    item('Services', formatCount(report.services.length)),
    item('Service pairs calling', formatCount(report.edges.length)),
    item('Spans kept', formatCount(report.scope.spansKept)),
    item('Broken traces', formatCount(broken), broken > 0),
    item('Spans dropped', formatCount(spansDropped), spansDropped > 0),
  ];
  const nav = markup`<nav><a href="#graph">Graph</a><a href="#catalog">Catalog</a><a href="#progress">Migration progress</a><a href="#broken">Broken traces</a><a href="#scope">Scope</a></nav>`;
  return markup`<header><h1>Trace continuity report</h1><p class="muted">Generated <time>${report.generatedAt}</time> by <code>ot-migrate traces</code>.</p><dl class="summary">${summary}</dl>${verdict}${nav}</header>`;
}

/** What the drawing leaves out, said plainly; nothing when it draws the whole graph. */
function limitNote(drawn: DrawnGraph): SafeHtml | undefined {
  const services = drawn.services.size;
  const edges = drawn.edges.length;
  if (services === drawn.totalServices && edges === drawn.totalEdges) return undefined;
  const hops =
    drawn.brokenHopServices > 0
      ? `, and ${plural(drawn.brokenHopServices, 'service', 'services')} of a broken hop`
      : '';
  const which =
    services === drawn.totalServices
      ? ''
      : `: the ${formatCount(services - drawn.brokenHopServices)} with the most spans${hops}`;
  const between = drawn.edgesCapped
    ? `the failing and busiest of those between services drawn`
    : `those between services drawn`;
  return markup`<p class="verdict" id="graph-limit"><strong>Too large to draw whole.</strong> The graph draws ${formatCount(services)} of ${plural(drawn.totalServices, 'service', 'services')}${which}; and ${formatCount(edges)} of ${plural(drawn.totalEdges, 'service pair', 'service pairs')} calling, ${between}. Left out of the drawing: ${plural(drawn.totalServices - services, 'service', 'services')} and ${plural(drawn.totalEdges - edges, 'service pair', 'service pairs')}. The tables below list every service, and the Mermaid and Graphviz DOT sources under the graph hold the whole graph.</p>`;
}

function graphSection(report: TracesReport): SafeHtml {
  const drawn = chooseDrawn(report);
  const everyService = serviceList(
    report.services.map((service) => ({
      name: service.service,
      caption: `${plural(service.spans, 'span', 'spans')} · ${formatPercent(service.bridgeShare)} bridge`,
      share: service.bridgeShare,
    })),
    report.edges,
  );
  const layout = layoutGraph(
    everyService.filter((service) => drawn.services.has(service.name)),
    drawn.edges,
  );
  const whole = { services: drawn.totalServices, edges: drawn.totalEdges };
  const drawing =
    layout.nodes.length === 0
      ? markup`<p class="muted">No services: no spans were kept.</p>`
      : markup`${limitNote(drawn)}<div class="graph-frame">${renderGraphSvg(layout, whole)}</div>`;
  const sources = markup`<details><summary>Mermaid</summary><pre>${report.graph.mermaid}</pre></details><details><summary>Graphviz DOT</summary><pre>${report.graph.dot}</pre></details>`;
  return markup`<section id="graph"><h2>Service dependency graph</h2><p class="muted">Who calls whom: an arrow for each pair of services seen as a parent span in one and its child in the other, with the number of calls (red where some failed; dashed where it closes a cycle). The bar in each box is the share of its spans made through the bridge.</p>${drawing}${sources}</section>`;
}

/**
 * The report as one self-contained HTML page (for `ot-migrate traces --html FILE`): the service
 * dependency graph as inline SVG, then the service catalog, the migration progress, the broken
 * traces and the report's scope. No script, nothing fetched; every string of the report is escaped.
 * The page is the same for the same report. Write it as UTF-8.
 */
export function renderHtml(report: TracesReport): string {
  const head = markup`<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ot-migrate traces">
<title>Trace continuity report, ${report.generatedAt}</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS_MARKUP}</style>`;
  const body = [
    headerSection(report),
    markup`<main>`,
    graphSection(report),
    catalogSection(report.services),
    progressSection(report.services),
    brokenSection(report.broken),
    scopeSection(report.scope),
    markup`</main>`,
    markup`<footer>Made by <code>ot-migrate traces</code> from spans received over OTLP. Names, operations and values are shown as the services sent them.</footer>`,
  ];
  return `<!doctype html>\n<html lang="en">\n<head>\n${head.value}\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}
