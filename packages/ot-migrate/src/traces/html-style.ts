// The style sheet of the HTML report, inlined in the page: plain, legible, printable. Fonts are the
// reader's own (nothing is fetched); the graph's text is monospace because its layout sizes the
// boxes from character counts (html-graph-layout.ts). Bars are SVG fills, which print even where
// the browser leaves out background colours.

/** The page's CSS, one `<style>` element; the page's Content-Security-Policy allows it by hash. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
  --bridge: #1f6feb; --native: #d8dee4; --bad: #b42318; --warn: #8a5a00; }
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
  "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
body { margin: 0 auto; padding: 24px 28px 48px; max-width: 1280px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
p { margin: 6px 0; }
.muted { color: var(--muted); }
code, .mono, pre { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas,
  monospace; font-size: 0.9em; }
.id { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
  font-size: 0.85em; word-break: break-all; }
nav a { margin-right: 14px; }
a { color: #0550ae; }
.summary { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 14px 0 0; padding: 0; }
.summary div { min-width: 110px; }
.summary dt { color: var(--muted); font-size: 0.85rem; }
.summary dd { margin: 0; font-size: 1.35rem; font-weight: 600; }
.summary .bad dd, .bad { color: var(--bad); }
.verdict { margin-top: 14px; padding: 8px 12px; border-left: 4px solid var(--bad); background: #fef3f2; }
.verdict.ok { border-left-color: #1a7f37; background: #f0fdf4; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-size: 0.85rem; border-bottom: 2px solid var(--line); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody.service th { background: #fff; border-right: 1px solid var(--line); }
.name { overflow-wrap: anywhere; }
.share { white-space: nowrap; }
.share svg { vertical-align: middle; margin-right: 6px; }
.share .track { fill: var(--native); }
.share .fill { fill: var(--bridge); }
.formats span { display: inline-block; margin: 0 10px 2px 0; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 0.8rem; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.tag.missing-parent { color: var(--warn); }
.tag.several-roots { color: var(--warn); }
.tag.hop-without-context { color: var(--bad); }
.hop .arrow { color: var(--muted); padding: 0 4px; }
.hop .svc, .svc { font-weight: 600; }
dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.scope dt { color: var(--muted); }
dl.scope dd { margin: 0; }
.graph-frame { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
svg.graph { display: block; font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo,
  Consolas, monospace; }
svg.graph text { white-space: pre; }
svg.graph .box { fill: #fff; stroke: #57606a; stroke-width: 1.2; }
svg.graph .outside .box { stroke-dasharray: 5 3; fill: var(--soft); }
svg.graph .name { font-size: 13px; font-weight: 600; fill: var(--ink); }
svg.graph .caption { font-size: 11px; fill: var(--muted); }
svg.graph .share-track { fill: var(--native); }
svg.graph .share-fill { fill: var(--bridge); }
svg.graph .edge path { fill: none; stroke: #6e7781; }
svg.graph .edge.failing path { stroke: var(--bad); }
svg.graph .edge.back path { stroke-dasharray: 6 3; }
svg.graph marker path { fill: #6e7781; }
svg.graph marker#arrow-failing path { fill: var(--bad); }
svg.graph .edge-label { font-size: 11px; fill: var(--ink); text-anchor: middle; paint-order: stroke;
  stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
svg.graph .edge-label .errors { fill: var(--bad); }
.legend { font-size: 0.85rem; }
.legend .swatch { display: inline-block; width: 12px; height: 10px; vertical-align: baseline; margin: 0 4px 0 12px; }
.legend .bridge { background: var(--bridge); }
.legend .native { background: var(--native); }
details { margin: 8px 0; }
details pre { background: var(--soft); padding: 10px; overflow-x: auto; white-space: pre; }
footer { margin-top: 40px; font-size: 0.85rem; color: var(--muted); }
@media print {
  body { padding: 0; max-width: none; font-size: 12px; }
  nav, details { display: none; }
  a { color: inherit; text-decoration: none; }
  .graph-frame { overflow: visible; border: none; padding: 0; }
  svg.graph { max-width: 100%; height: auto; }
  h2 { break-after: avoid; }
  tr, .graph-frame { break-inside: avoid; }
  thead { display: table-header-group; }
  .legend .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
