// The HTML report of `ot-migrate traces` (render-html.ts) without a browser: the escaping every
// name from the network goes through, the graph's layout (every service placed, one curve per edge,
// callers left of callees, no box on another), and the page as text (self-contained, nothing raw).
// traces-html-browser.test.ts opens the same page in headless Chromium.
import { SafeHtml, escapeHtml, markup } from '../src/traces/html-escape';
import { formatCount, formatMs, formatPercent } from '../src/traces/format-figures';
import type { GraphNodeInput } from '../src/traces/html-graph-layers';
import type { GraphLayout } from '../src/traces/html-graph-layout';
import { layoutGraph } from '../src/traces/html-graph-layout';
import { MAX_COLUMNS, MAX_LINES, textColumns, wrapName } from '../src/traces/html-name-wrap';
import { renderGraphSvg } from '../src/traces/html-graph-svg';
import { renderHtml } from '../src/traces/render-html';
import type { ServiceEdge, TracesReport } from '../src/traces/report-model';
import { ALL_SERVICES, HOSTILE, SAMPLE_REPORT } from './traces-html-report';

describe('escapeHtml', () => {
  it('turns the characters that end text or an attribute into entities', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml('</svg>')).toBe('&lt;/svg&gt;');
  });

  it('leaves other text as it is, non-ASCII included', () => {
    expect(escapeHtml('GET /api/v1/orders?id=42 · 在庫 ✓ 😀\ttab\nline')).toBe(
      'GET /api/v1/orders?id=42 · 在庫 ✓ 😀\ttab\nline',
    );
  });

  it('spells out controls, direction overrides and lone surrogates rather than show them', () => {
    expect(escapeHtml('a\u0000b\u001bc\u007f')).toBe('a\\u{0}b\\u{1b}c\\u{7f}');
    // "Trojan Source": U+202E would display "payments" reversed, U+2066 isolates.
    expect(escapeHtml('svc\u202Etnemyap\u2066')).toBe('svc\\u{202e}tnemyap\\u{2066}');
    expect(escapeHtml('x\ud800y\udc00')).toBe('x\\u{d800}y\\u{dc00}');
    expect(escapeHtml('😀')).toBe('😀');
  });
});

describe('the markup template', () => {
  it('escapes every interpolated string and number, and keeps markup it built', () => {
    const name = '<img src=x onerror=alert(1)>';
    const inner = markup`<b>${name}</b>`;
    expect(inner).toBeInstanceOf(SafeHtml);
    expect(markup`<p title="${name}">${inner} ${42}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;"><b>&lt;img src=x onerror=alert(1)&gt;</b> 42</p>',
    );
  });

  it('joins lists, escaping each item, and prints nothing for undefined and null', () => {
    expect(markup`<ul>${['<a>', markup`<li>b</li>`, undefined, null]}</ul>`.value).toBe(
      '<ul>&lt;a&gt;<li>b</li></ul>',
    );
  });

  it('does not take a string for markup because it looks like it', () => {
    expect(markup`${'<b>bold</b>'}`.value).toBe('&lt;b&gt;bold&lt;/b&gt;');
  });
});

describe('figures', () => {
  it('formats counts, shares and durations the same on every machine', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(Number.NaN)).toBe('—');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(0.9027)).toBe('90.3%');
    expect(formatMs(0.0421)).toBe('0.042');
    expect(formatMs(12034)).toBe('12,034');
  });

  it('never rounds a share that is neither 0 nor 1 to 0% or 100%', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(1 / 5000)).toBe('<0.1%');
    expect(formatPercent(4999 / 5000)).toBe('>99.9%');
  });
});

describe('wrapName', () => {
  it('keeps a short name on one line', () => {
    expect(wrapName('orders')).toEqual({ lines: ['orders'], truncated: false });
  });

  it('cuts a long name after a separator, and the lines give the name back', () => {
    const name = 'com.example.shipping.label-printer-service.eu-west-1';
    const { lines, truncated } = wrapName(name);
    expect(truncated).toBe(false);
    expect(lines.join('')).toBe(name);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textColumns(line)).toBeLessThanOrEqual(MAX_COLUMNS);
    expect(lines[0]).toMatch(/[./_:-]$/);
  });

  it('counts wide characters as two columns', () => {
    expect(textColumns('在庫サービス')).toBe(12);
    const { lines } = wrapName('在'.repeat(20));
    expect(lines.map((line) => [...line].length)).toEqual([MAX_COLUMNS / 2, 20 - MAX_COLUMNS / 2]);
  });

  it(`cuts a name longer than ${MAX_LINES} lines, marking the cut`, () => {
    const { lines, truncated } = wrapName('x'.repeat(MAX_COLUMNS * MAX_LINES + 1));
    expect(truncated).toBe(true);
    expect(lines).toHaveLength(MAX_LINES);
    expect(lines[MAX_LINES - 1].endsWith('…')).toBe(true);
  });
});

const nodes = (...names: string[]): GraphNodeInput[] =>
  names.map((name) => ({ name, caption: `${name} caption` }));
const edge = (from: string, to: string, calls = 1): ServiceEdge => ({ from, to, calls, errors: 0 });

function node(layout: GraphLayout, name: string) {
  const found = layout.nodes.filter((candidate) => candidate.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Whether two boxes overlap (touching is not overlapping). */
function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('layoutGraph', () => {
  const sample = layoutGraph(
    SAMPLE_REPORT.services.map((entry) => ({
      name: entry.service,
      caption: 'caption',
      share: entry.bridgeShare,
    })),
    SAMPLE_REPORT.edges,
  );

  it('places every service once: the catalog, then those only an edge names', () => {
    expect(sample.nodes.map((placed) => placed.name)).toEqual(ALL_SERVICES);
    expect(node(sample, 'mail-relay').caption).toBe('not in the catalog');
    expect(node(sample, 'mail-relay').share).toBeUndefined();
  });

  it('draws one curve per edge, in the order given, between the right services', () => {
    expect(sample.edges).toHaveLength(SAMPLE_REPORT.edges.length);
    sample.edges.forEach((laid, index) => {
      expect(laid).toMatchObject(SAMPLE_REPORT.edges[index]);
      expect(laid.path).toMatch(/^M[\d.-]+ [\d.-]+([CL][\d. -]+)+$/);
    });
  });

  it('starts each curve at its caller and ends it at its callee', () => {
    for (const laid of sample.edges) {
      if (laid.route === 'self') continue;
      const from = node(sample, laid.from);
      const to = node(sample, laid.to);
      const numbers = laid.path.match(/-?[\d.]+/g)?.map(Number) ?? [];
      const [startX, startY] = numbers;
      const [endX, endY] = numbers.slice(-2);
      // On the box's left or right side, within its height.
      expect([from.x, from.x + from.width]).toContain(startX);
      expect(startY).toBeGreaterThan(from.y);
      expect(startY).toBeLessThan(from.y + from.height);
      expect([to.x, to.x + to.width]).toContain(endX);
      expect(endY).toBeGreaterThan(to.y);
      expect(endY).toBeLessThan(to.y + to.height);
    }
  });

  it('puts the roots in the first column and each callee right of its callers, but for cycles', () => {
    expect(node(sample, 'web-frontend').layer).toBe(0);
    expect(node(sample, 'payments').layer).toBe(0);
    const routes = Object.fromEntries(
      sample.edges.map((laid) => [`${laid.from} -> ${laid.to}`, laid.route]),
    );
    // orders and 在庫サービス call each other: one of the two edges closes the cycle.
    expect([routes['orders -> 在庫サービス'], routes['在庫サービス -> orders']].sort()).toEqual([
      'back',
      'forward',
    ]);
    expect(routes['notifications -> notifications']).toBe('self');
    for (const laid of sample.edges) {
      const from = node(sample, laid.from);
      const to = node(sample, laid.to);
      if (laid.route === 'forward') {
        expect(to.layer).toBeGreaterThan(from.layer);
        expect(to.x).toBeGreaterThan(from.x + from.width);
      }
    }
  });

  it('lets no box overlap another, and keeps everything inside the drawing', () => {
    sample.nodes.forEach((a, index) => {
      for (const b of sample.nodes.slice(index + 1)) expect(overlaps(a, b)).toBe(false);
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(sample.width);
      expect(a.y + a.height).toBeLessThanOrEqual(sample.height);
    });
    for (const laid of sample.edges) {
      expect(laid.labelX).toBeGreaterThan(0);
      expect(laid.labelX).toBeLessThan(sample.width);
      expect(laid.labelY).toBeGreaterThan(0);
      expect(laid.labelY).toBeLessThan(sample.height);
    }
  });

  it('routes an edge across several columns past the boxes in between', () => {
    // a -> b -> c -> d, and a -> d across b's and c's columns, where x and y also sit.
    const layout = layoutGraph(nodes('a', 'b', 'c', 'd', 'x', 'y'), [
      edge('a', 'b'),
      edge('b', 'c'),
      edge('c', 'd'),
      edge('a', 'x'),
      edge('x', 'y'),
      edge('a', 'd'),
    ]);
    const long = layout.edges[5];
    expect(long.route).toBe('forward');
    // Straight through each column in between, at a height no box of that column covers.
    const passes = [...long.path.matchAll(/L([\d.]+) ([\d.]+)/g)].map((m) => Number(m[2]));
    expect(passes).toHaveLength(2);
    for (const name of ['b', 'c', 'x', 'y']) {
      const box = node(layout, name);
      for (const y of passes) expect(y < box.y || y > box.y + box.height).toBe(true);
    }
  });

  it('lays out a graph that is one cycle, and one with nothing but self-calls', () => {
    const cycle = layoutGraph(nodes('a', 'b', 'c'), [
      edge('a', 'b'),
      edge('b', 'c'),
      edge('c', 'a'),
    ]);
    expect(cycle.nodes.map((placed) => placed.layer)).toEqual([0, 1, 2]);
    expect(cycle.edges.map((laid) => laid.route)).toEqual(['forward', 'forward', 'back']);
    const selfish = layoutGraph(nodes('a'), [edge('a', 'a')]);
    expect(selfish.edges.map((laid) => laid.route)).toEqual(['self']);
    expect(layoutGraph([], [])).toMatchObject({ nodes: [], edges: [] });
  });

  it('is the same for the same input', () => {
    const again = layoutGraph(
      SAMPLE_REPORT.services.map((entry) => ({
        name: entry.service,
        caption: 'caption',
        share: entry.bridgeShare,
      })),
      SAMPLE_REPORT.edges,
    );
    expect(again).toEqual(sample);
  });

  it('lays out a chain of 2,000 services without running out of stack', () => {
    const names = Array.from({ length: 2000 }, (_, index) => `s${index}`);
    const chain = names.slice(1).map((name, index) => edge(names[index], name));
    const layout = layoutGraph(nodes(...names), chain);
    expect(node(layout, 's1999').layer).toBe(1999);
  });

  it('lays out a 500-service chain whose head calls every service: 124,750 pass-through slots', () => {
    // Was quadratic (each column's sort re-read every column: 20 s), then Math.max(...slots)
    // overflowed the stack.
    const names = Array.from({ length: 500 }, (_, index) => `s${index}`);
    const chain = names.slice(1).map((name, index) => edge(names[index], name));
    const direct = names.slice(2).map((name) => edge('s0', name));
    const layout = layoutGraph(nodes(...names), [...chain, ...direct]);
    expect(layout.nodes.map((placed) => placed.layer)).toEqual(names.map((_, index) => index));
    // The head's call to the last service passes straight through the 498 columns in between.
    const last = layout.edges[layout.edges.length - 1];
    expect(last).toMatchObject({ from: 's0', to: 's499', route: 'forward' });
    expect(last.path.match(/L/g)).toHaveLength(498);
    expect(layout.height).toBeGreaterThan(Math.max(...layout.nodes.map((n) => n.y + n.height)));
  });
});

describe('renderGraphSvg', () => {
  it('draws a box per service and a group per edge, names escaped', () => {
    const layout = layoutGraph(nodes('a', HOSTILE.service), [
      edge('a', HOSTILE.service, 3),
      edge(HOSTILE.service, HOSTILE.service),
    ]);
    const svg = renderGraphSvg(layout).value;
    expect(svg.match(/<g class="node[ "]/g)).toHaveLength(2);
    expect(svg.match(/<g class="edge[ "]/g)).toHaveLength(2);
    expect(svg.match(/<text class="edge-label"/g)).toHaveLength(2);
    expect(svg).toContain('3 calls');
    expect(svg).not.toContain(HOSTILE.service);
    expect(svg).toContain(`data-service="${escapeHtml(HOSTILE.service)}"`);
    expect(svg.match(/<\/svg>/g)).toHaveLength(1);
  });
});

describe('renderHtml', () => {
  const page = renderHtml(SAMPLE_REPORT);

  it('writes one whole document', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    expect(page.match(/<body>/g)).toHaveLength(1);
    expect(page).toBe(renderHtml(SAMPLE_REPORT));
  });

  it('shows every hostile string as text: escaped, never raw', () => {
    for (const hostile of Object.values(HOSTILE)) {
      // The page's own SVG elements close with </svg>: that one is counted instead.
      if (hostile !== HOSTILE.svgOperation) expect(page).not.toContain(hostile);
      expect(page).toContain(escapeHtml(hostile));
    }
    expect(page.match(/<\/svg>/g)?.length).toBe(page.match(/<svg /g)?.length);
  });

  it('has no script, no event handler and no element that could run one', () => {
    expect(page).not.toMatch(/<script/i);
    // Every "<" of the report's text is escaped, so these are the page's own tags.
    const tags = page.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    for (const tag of tags) {
      // Attribute names only: values are quoted, and a quote in a value is escaped.
      expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/^<(iframe|object|embed|img|foreignObject|a href="(?!#))/i);
    }
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page.match(/<svg /g)?.length).toBeGreaterThan(1);
  });

  it('refers to nothing outside itself', () => {
    // The SVG namespace is a name, not an address anything fetches.
    const addresses = page.match(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]*/gi) ?? [];
    expect(new Set(addresses)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    const references = [...page.matchAll(/\s(?:src|href|action|srcset|xlink:href)="([^"]*)"/g)].map(
      (match) => match[1],
    );
    for (const reference of references) expect(reference).toMatch(/^(#[a-z-]+|data:,)$/);
    expect(page).not.toMatch(/@import|url\((?!#)/);
  });

  it('tells the browser to run no script and fetch nothing, allowing only its own style sheet', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/
      .exec(page)?.[1]
      ?.replaceAll('&#39;', "'");
    expect(policy).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:;/,
    );
  });

  it('names the broken hop, and every service in the graph and the tables', () => {
    expect(page).toContain('hop without context');
    expect(page).toContain(
      '<span class="svc name">orders</span> <span class="op name">POST /payments/charge</span><span class="arrow">→</span><span class="svc name">payments</span> <span class="op name">charge</span>',
    );
    for (const name of ALL_SERVICES) expect(page).toContain(`data-service="${escapeHtml(name)}"`);
  });

  it('shows the filters, and what was dropped and refused', () => {
    expect(page).toContain('<code>deployment.environment=staging</code>');
    expect(page).toContain('<dt>Spans dropped</dt><dd class="bad">1,250');
    expect(page).toContain('<dt>Requests refused</dt><dd class="bad">3');
  });

  it('says so when nothing was collected', () => {
    const empty: TracesReport = {
      generatedAt: '2025-01-01T00:00:00.000Z',
      scope: { filters: {}, spansKept: 0, spansDuplicated: 0, spansDropped: 0, requestsRefused: 0 },
      traces: 0,
      services: [],
      edges: [],
      broken: [],
      graph: { mermaid: 'flowchart LR', dot: 'digraph services {}' },
    };
    const blank = renderHtml(empty);
    expect(blank).toContain('No services: no spans were kept.');
    expect(blank).toContain('No broken traces');
    expect(blank).toContain('No filters: the report counts every span kept.');
    expect(blank).not.toContain('<svg xmlns');
  });
});
