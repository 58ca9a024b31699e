// The HTML report's graph past what a drawing can show (html-graph-limit.ts, render-html.ts): which
// services and edges are drawn, that the page says what was left out, and that the tables still
// list everything. traces-html.test.ts tests the layout and the page of a small report.
import { escapeHtml } from '../src/traces/html-escape';
import { DRAW_LIMITS, chooseDrawn } from '../src/traces/html-graph-limit';
import { renderHtml } from '../src/traces/render-html';
import type {
  BrokenTrace,
  ServiceEdge,
  ServiceEntry,
  TracesReport,
} from '../src/traces/report-model';
import { ALL_SERVICES, HOSTILE, SAMPLE_REPORT } from './traces-html-report';

const edge = (from: string, to: string, calls = 1): ServiceEdge => ({ from, to, calls, errors: 0 });

/** A catalog entry with `spans` spans, all native. */
function entry(service: string, spans: number): ServiceEntry {
  return {
    service,
    spans,
    operations: [{ name: 'op', spans, errors: 0, p50Ms: 1, maxMs: 1 }],
    bridgeSpans: 0,
    nativeSpans: spans,
    bridgeShare: 0,
    legacyFormats: {},
  };
}

/** A hop that lost its context, from one service to another. */
function hop(from: string, to: string): BrokenTrace {
  return {
    traceId: 'f'.repeat(32),
    kind: 'hop-without-context',
    services: [from, to],
    operations: ['call', 'serve'],
    hop: {
      fromService: from,
      fromOperation: 'call',
      toService: to,
      toOperation: 'serve',
      newTraceId: 'e'.repeat(32),
    },
    detail: 'no context',
  };
}

/** `count` services s0… (s0 the busiest), each calling the hub, and the hub calling `db`. */
function fleet(count: number, broken: BrokenTrace[] = []): TracesReport {
  const names = Array.from({ length: count }, (_, index) => `s${index}`);
  return {
    ...SAMPLE_REPORT,
    services: [entry('hub', count), ...names.map((name, index) => entry(name, count - index))],
    edges: [...names.map((name) => edge(name, 'hub')), edge('hub', 'db')],
    broken,
  };
}

describe('chooseDrawn', () => {
  it('draws the whole graph when it fits', () => {
    const drawn = chooseDrawn(SAMPLE_REPORT);
    expect([...drawn.services]).toEqual(ALL_SERVICES);
    expect(drawn.edges).toEqual(SAMPLE_REPORT.edges);
    expect(drawn).toMatchObject({
      totalServices: ALL_SERVICES.length,
      totalEdges: SAMPLE_REPORT.edges.length,
    });
  });

  it('draws the services with the most spans and those of a broken hop, and edges between them', () => {
    const drawn = chooseDrawn(fleet(400, [hop('s399', 'hub'), hop('s398', 's1')]));
    expect(drawn.totalServices).toBe(402);
    expect(drawn.services.size).toBe(DRAW_LIMITS.busiest + 2);
    for (const name of ['hub', 's0', 's148', 's399', 's398'])
      expect(drawn.services.has(name)).toBe(true);
    for (const name of ['s149', 's397', 'db']) expect(drawn.services.has(name)).toBe(false);
    expect(drawn.brokenHopServices).toBe(2);
    // Only edges between services drawn, in the report's order: hub -> db is left out.
    expect(
      drawn.edges.every((laid) => drawn.services.has(laid.from) && drawn.services.has(laid.to)),
    ).toBe(true);
    const callers = Array.from({ length: DRAW_LIMITS.busiest - 1 }, (_, index) => `s${index}`);
    expect(drawn.edges.map((laid) => laid.from)).toEqual([...callers, 's398', 's399']);
  });

  it('keeps the failing and the busiest edges past the limit on edges, in the report order', () => {
    const report = fleet(5);
    report.edges = report.edges.map((laid, index) => ({
      ...laid,
      calls: index,
      errors: index === 0 ? 1 : 0,
    }));
    const drawn = chooseDrawn(report, { busiest: 10, brokenHops: 0, edges: 3 });
    expect(drawn.edgesCapped).toBe(true);
    expect(drawn.edges.map((laid) => `${laid.from}>${laid.to}`)).toEqual([
      's0>hub',
      's4>hub',
      'hub>db',
    ]);
  });
});

describe('renderHtml of a large fleet', () => {
  const broken = [hop(HOSTILE.service, 'hub')];
  const report = fleet(2000, broken);
  report.services.push(entry(HOSTILE.service, 1));
  report.edges.push(edge(HOSTILE.service, 'hub'));
  const page = renderHtml(report);
  const graph = page.slice(
    page.indexOf('<section id="graph">'),
    page.indexOf('<section id="catalog">'),
  );

  it('draws at most the bounded number of services, and only edges between them', () => {
    const drawnNames = [...graph.matchAll(/<g class="node[^"]*" data-service="([^"]*)"/g)].map(
      (m) => m[1],
    );
    expect(drawnNames).toHaveLength(DRAW_LIMITS.busiest + 1);
    // The service of the broken hop is drawn although it has one span, its name escaped.
    expect(drawnNames).toContain(escapeHtml(HOSTILE.service));
    expect(graph).not.toContain(HOSTILE.service);
    const drawnEdges = [
      ...graph.matchAll(
        /<g class="edge[^"]*" data-edge="\d+" data-from="([^"]*)" data-to="([^"]*)"/g,
      ),
    ];
    expect(drawnEdges.length).toBeGreaterThan(0);
    for (const [, from, to] of drawnEdges) {
      expect(drawnNames).toContain(from);
      expect(drawnNames).toContain(to);
    }
  });

  it('says plainly what the drawing leaves out', () => {
    const note = /<p class="verdict" id="graph-limit">(.*?)<\/p>/.exec(graph)?.[1] ?? '';
    expect(note).toContain(
      'The graph draws 151 of 2,003 services: the 150 with the most spans, and 1 service of a broken hop',
    );
    expect(note).toContain('150 of 2,002 service pairs calling');
    expect(note).toContain('Left out of the drawing: 1,852 services and 1,852 service pairs.');
    expect(graph).toContain('Service dependency graph: 151 of 2,003 services, 150 of 2,002 edges');
  });

  it('still lists every service in the tables, and stays free of scripts and references', () => {
    expect(page.match(/<tr data-service="/g)).toHaveLength(report.services.length);
    expect(page).toContain('data-service="s1999"');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\s(?:src|href)="(?!#|data:,)/);
  });

  it('draws the whole of a graph that fits, with no note', () => {
    expect(renderHtml(SAMPLE_REPORT)).not.toContain('graph-limit');
  });

  it('renders a 12-service chain whose tail 13,500 services call (a RangeError before)', () => {
    const chain = Array.from({ length: 12 }, (_, index) => `svc-${index}`);
    const callers = Array.from({ length: 13_500 }, (_, index) => `caller-${index}`);
    const tail: TracesReport = {
      ...SAMPLE_REPORT,
      services: [...chain, ...callers].map((name) => entry(name, name === 'svc-11' ? 13_501 : 1)),
      edges: [
        ...chain.slice(1).map((name, index) => edge(chain[index], name)),
        ...callers.map((name) => edge(name, 'svc-11')),
      ],
      broken: [],
    };
    const big = renderHtml(tail);
    expect(big).toContain('caller-13499');
    expect(big.match(/<g class="node[ "]/g)).toHaveLength(DRAW_LIMITS.busiest);
    expect(big).toContain('Left out of the drawing: 13,362 services');
  });
});
