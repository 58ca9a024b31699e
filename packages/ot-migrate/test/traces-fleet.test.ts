// `ot-migrate traces` against a small fleet over real OTLP/HTTP (issue #17): the command runs as
// a real process (`node --import tsx src/cli.ts traces --port 0 ...`), three services run at once,
// each in its own process with the official OTLP exporter (two in http/protobuf, one in
// http/json), some spans through the bridge and some native, with one hop that does not carry
// context, one span whose parent never arrives, one trace with two roots and one span whose
// parent came in Jaeger's header. SIGINT ends the collection; the report's figures are asserted
// exactly, then each filter's effect on the stored file, which gives the same report back.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchBundle, type ScratchBundle } from '../../../test/support/node-bundle';
import { run } from '../src/cli';
import type { TracesReport } from '../src/traces/report-model';
import type { PlannedSpan, ServicePlan } from './traces-service.script';

jest.setTimeout(120_000);

const BASE_MS = Date.parse('2024-05-01T10:00:00.000Z');
const T1 = '11111111111111111111111111111111';
const T2 = '22222222222222222222222222222222';
const T3 = '33333333333333333333333333333333';
const T4 = '44444444444444444444444444444444';
const T5 = '55555555555555555555555555555555';
/** The parent of orders' `retry payment`: never sent by anyone. */
const LOST_PARENT = 'dead0000000000ff';

const FRONTEND: PlannedSpan[] = [
  // T1: checkout, a healthy trace across all three services.
  {
    id: 'f000000000000001',
    traceId: T1,
    name: 'GET /checkout',
    kind: 'server',
    api: 'native',
    startMs: 0,
    endMs: 100,
    attributes: { 'user.id': 'u-42' },
  },
  {
    id: 'f000000000000002',
    name: 'POST /orders',
    kind: 'client',
    api: 'native',
    parent: { local: 'f000000000000001' },
    startMs: 10,
    endMs: 60,
  },
  // T2: the cart calls inventory, but the call does not carry the context (inventory starts T3).
  {
    id: 'f000000000000003',
    traceId: T2,
    name: 'GET /cart',
    kind: 'server',
    api: 'native',
    startMs: 200,
    endMs: 300,
  },
  {
    id: 'f000000000000004',
    name: 'GET /stock',
    kind: 'client',
    api: 'native',
    parent: { local: 'f000000000000003' },
    startMs: 210,
    endMs: 260,
  },
];

const ORDERS: PlannedSpan[] = [
  {
    id: 'a000000000000001',
    name: 'POST /orders',
    kind: 'server',
    api: 'bridge',
    parent: { remote: { traceId: T1, spanId: 'f000000000000002' }, format: 'tracecontext' },
    startMs: 15,
    endMs: 55,
    attributes: { 'user.id': 'u-42', 'order.id': 'o-1' },
  },
  {
    id: 'a000000000000002',
    name: 'save order',
    kind: 'internal',
    api: 'bridge',
    parent: { local: 'a000000000000001' },
    startMs: 20,
    endMs: 30,
  },
  {
    id: 'a000000000000003',
    name: 'validate',
    kind: 'internal',
    api: 'native',
    parent: { local: 'a000000000000001' },
    startMs: 31,
    endMs: 35,
    error: true,
  },
  {
    id: 'a000000000000004',
    name: 'publish order',
    kind: 'producer',
    api: 'bridge',
    parent: { local: 'a000000000000001' },
    startMs: 40,
    endMs: 45,
  },
  // T4: its parent never arrives.
  {
    id: 'a000000000000005',
    name: 'retry payment',
    kind: 'internal',
    api: 'native',
    parent: { remote: { traceId: T4, spanId: LOST_PARENT }, format: 'tracecontext' },
    startMs: 500,
    endMs: 520,
  },
];

const INVENTORY: PlannedSpan[] = [
  // The order message arrives with Jaeger's header: the bridge records the legacy format.
  {
    id: 'b000000000000001',
    name: 'consume order',
    kind: 'consumer',
    api: 'bridge',
    parent: { remote: { traceId: T1, spanId: 'a000000000000004' }, format: 'jaeger' },
    startMs: 46,
    endMs: 70,
    error: true,
  },
  // T3: the new trace the cart's call started.
  {
    id: 'b000000000000002',
    traceId: T3,
    name: 'GET /stock',
    kind: 'server',
    api: 'native',
    startMs: 215,
    endMs: 250,
  },
  {
    id: 'b000000000000003',
    name: 'reserve',
    kind: 'internal',
    api: 'native',
    parent: { local: 'b000000000000002' },
    startMs: 220,
    endMs: 240,
  },
  // T5: two roots in one trace.
  {
    id: 'b000000000000004',
    traceId: T5,
    name: 'nightly sync',
    kind: 'internal',
    api: 'native',
    startMs: 1000,
    endMs: 1010,
  },
  {
    id: 'b000000000000005',
    traceId: T5,
    name: 'nightly sync',
    kind: 'internal',
    api: 'native',
    startMs: 1020,
    endMs: 1040,
  },
];

const HOP = {
  traceId: T2,
  kind: 'hop-without-context',
  services: ['frontend', 'inventory'],
  operations: ['GET /stock', 'GET /stock'],
  hop: {
    fromService: 'frontend',
    fromOperation: 'GET /stock',
    toService: 'inventory',
    toOperation: 'GET /stock',
    newTraceId: T3,
  },
  detail: `frontend/GET /stock called inventory/GET /stock, which started a new trace (${T3}): the call did not carry the trace context`,
};
const SEVERAL_ROOTS = {
  traceId: T5,
  kind: 'several-roots',
  services: ['inventory'],
  operations: ['nightly sync'],
  detail: '2 root spans: inventory/nightly sync, inventory/nightly sync',
};
const MISSING_PARENT = {
  traceId: T4,
  kind: 'missing-parent',
  services: ['orders'],
  operations: ['retry payment'],
  detail: `1 span(s) whose parent never arrived: orders/retry payment (parent ${LOST_PARENT})`,
};

const FRONTEND_ENTRY = {
  service: 'frontend',
  spans: 4,
  operations: [
    { name: 'GET /cart', spans: 1, errors: 0, p50Ms: 100, maxMs: 100 },
    { name: 'GET /checkout', spans: 1, errors: 0, p50Ms: 100, maxMs: 100 },
    { name: 'GET /stock', spans: 1, errors: 0, p50Ms: 50, maxMs: 50 },
    { name: 'POST /orders', spans: 1, errors: 0, p50Ms: 50, maxMs: 50 },
  ],
  bridgeSpans: 0,
  nativeSpans: 4,
  bridgeShare: 0,
  legacyFormats: {},
};
const ORDERS_ENTRY = {
  service: 'orders',
  spans: 5,
  operations: [
    { name: 'POST /orders', spans: 1, errors: 0, p50Ms: 40, maxMs: 40 },
    { name: 'publish order', spans: 1, errors: 0, p50Ms: 5, maxMs: 5 },
    { name: 'retry payment', spans: 1, errors: 0, p50Ms: 20, maxMs: 20 },
    { name: 'save order', spans: 1, errors: 0, p50Ms: 10, maxMs: 10 },
    { name: 'validate', spans: 1, errors: 1, p50Ms: 4, maxMs: 4 },
  ],
  bridgeSpans: 3,
  nativeSpans: 2,
  bridgeShare: 3 / 5,
  legacyFormats: {},
};
const INVENTORY_ENTRY = {
  service: 'inventory',
  spans: 5,
  operations: [
    { name: 'nightly sync', spans: 2, errors: 0, p50Ms: 10, maxMs: 20 },
    { name: 'GET /stock', spans: 1, errors: 0, p50Ms: 35, maxMs: 35 },
    { name: 'consume order', spans: 1, errors: 1, p50Ms: 24, maxMs: 24 },
    { name: 'reserve', spans: 1, errors: 0, p50Ms: 20, maxMs: 20 },
  ],
  bridgeSpans: 1,
  nativeSpans: 4,
  bridgeShare: 1 / 5,
  legacyFormats: { jaeger: 1 },
};
/** orders' `consume order` child failed: that call counts as an error. */
const EDGES = [
  { from: 'frontend', to: 'orders', calls: 1, errors: 0 },
  { from: 'orders', to: 'inventory', calls: 1, errors: 1 },
];

let dir: string;
let stored: string;
/** The report the command printed with --json after the collection. */
let collected: TracesReport;
let collectedStatus: number | null;
let collectorErr: string;

/** The services' program, bundled once for the three of them. */
let service: ScratchBundle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ot-migrate-traces-'));
  service = scratchBundle(join(__dirname, 'traces-service.script.ts'));
  stored = join(dir, 'traces.jsonl');
  const command = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, '..', 'src', 'cli.ts'),
      'traces',
      '--port',
      '0',
      '--out',
      stored,
      '--json',
      '--fail-on-broken',
    ],
    { stdio: 'pipe' },
  );
  const output = collect(command);
  try {
    const url = await listeningUrl(command, output);
    const plan = (service: string, protocol: ServicePlan['protocol'], spans: PlannedSpan[]) => ({
      service,
      protocol,
      url,
      baseMs: BASE_MS,
      nativeScope: `${service}-native`,
      spans,
    });
    // All three at once.
    await Promise.all([
      runService(plan('frontend', 'http/protobuf', FRONTEND)),
      runService(plan('orders', 'http/json', ORDERS)),
      runService(plan('inventory', 'http/protobuf', INVENTORY)),
    ]);
    command.kill('SIGINT');
    collectedStatus = await new Promise<number | null>((resolve) => command.on('close', resolve));
  } finally {
    if (command.exitCode === null && command.signalCode === null) command.kill('SIGKILL');
  }
  collectorErr = output.err();
  collected = JSON.parse(output.out()) as TracesReport;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  service.remove();
});

function collect(child: ChildProcessWithoutNullStreams) {
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { out: () => out, err: () => err };
}

/** The receiver's URL, from the line the command writes on stderr once it listens. */
function listeningUrl(
  child: ChildProcessWithoutNullStreams,
  output: { err(): string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1\/traces/.exec(output.err());
      if (match) {
        child.stderr.off('data', check);
        resolve(match[1]);
      }
    };
    child.stderr.on('data', check);
    child.on('close', (status) => reject(new Error(`exited (${status}): ${output.err()}`)));
    check();
  });
}

function runService(plan: ServicePlan): Promise<void> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('OTEL_')) delete env[name];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [service.file, JSON.stringify(plan)],
      { env, timeout: 60_000 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`${plan.service}: ${error.message}\n${stderr}`)) : resolve(),
    );
  });
}

function writer() {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), text: () => text, isTTY: false };
}

/** `ot-migrate traces --from-file <stored> --json ...`, in this process. */
async function fromFile(...options: string[]): Promise<{ status: number; report: TracesReport }> {
  const out = writer();
  const err = writer();
  const status = await run(['traces', '--from-file', stored, '--json', ...options], out, err);
  if (status === 2) throw new Error(err.text());
  return { status, report: JSON.parse(out.text()) as TracesReport };
}

function withoutTime(report: TracesReport): Omit<TracesReport, 'generatedAt'> {
  const { generatedAt, ...rest } = report;
  expect(typeof generatedAt).toBe('string');
  return rest;
}

describe('the collection from three services at once', () => {
  it('ends on SIGINT, exits 1 for --fail-on-broken, and shows its progress on stderr only', () => {
    expect(collectedStatus).toBe(1);
    expect(collectorErr).toContain('stopped: 14 span(s) from 3 service(s), 0 request(s) refused');
    expect(collectorErr).toContain('3 broken trace(s) (--fail-on-broken)');
  });

  it('reports the catalog, the bridge share and legacy formats per service', () => {
    expect(collected.traces).toBe(5);
    expect(collected.services).toEqual([FRONTEND_ENTRY, INVENTORY_ENTRY, ORDERS_ENTRY]);
  });

  it('reports the calls between services with their counts', () => {
    expect(collected.edges).toEqual(EDGES);
  });

  it('names each broken trace, and the hop that did not carry context', () => {
    expect(collected.broken).toEqual([MISSING_PARENT, SEVERAL_ROOTS, HOP]);
  });

  it('prints the --json shape: scope, figures and both graphs', () => {
    expect(Object.keys(collected).sort()).toEqual(
      ['broken', 'edges', 'generatedAt', 'graph', 'scope', 'services', 'traces'].sort(),
    );
    expect(new Date(collected.generatedAt).toISOString()).toBe(collected.generatedAt);
    expect(collected.scope).toEqual({
      filters: {},
      spansKept: 14,
      spansDuplicated: 0,
      spansDropped: 0,
      requestsRefused: 0,
    });
    expect(collected.graph.mermaid).toBe(
      [
        'graph LR',
        '  s0["frontend"]',
        '  s1["inventory"]',
        '  s2["orders"]',
        '  s0 -->|1 call| s2',
        '  s2 -->|1 call, 1 error| s1',
        '  s0 -.->|1 broken hop| s1',
      ].join('\n'),
    );
    expect(collected.graph.dot).toContain('s2 -> s1 [label="1 call, 1 error"];');
    expect(collected.graph.dot).toContain(
      's0 -> s1 [label="1 broken hop", style=dashed, color=red];',
    );
  });

  it('stored every span, one JSON span a line, and --from-file gives the same report', async () => {
    const lines = readFileSync(stored, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(14);
    const jaeger = lines
      .map((line) => JSON.parse(line) as { name: string; attributes: Record<string, unknown> })
      .find((span) => span.name === 'consume order');
    expect(jaeger?.attributes['opentracing.propagation.format']).toEqual(['jaeger']);
    const again = await fromFile('--fail-on-broken');
    expect(again.status).toBe(1);
    expect(withoutTime(again.report)).toEqual(withoutTime(collected));
  });
});

describe('filters (a trace is kept whole when one of its spans matches them all)', () => {
  const tracesOf = (report: TracesReport) =>
    report.services.map(({ service, spans }) => `${service}:${spans}`);

  it('--service keeps the traces that went through that service', async () => {
    const { report } = await fromFile('--service', 'inventory');
    // T1 (through inventory's consumer), T3 and T5; the cart's trace and T4 are left out.
    expect(report.traces).toBe(3);
    expect(tracesOf(report)).toEqual(['frontend:2', 'inventory:5', 'orders:4']);
    expect(report.edges).toEqual(EDGES);
    // The hop into inventory that lost its context too: its new trace (T3) is kept, though the
    // caller's trace is not. A gate on one service sees the calls into it that broke.
    expect(report.broken).toEqual([SEVERAL_ROOTS, HOP]);
    expect(report.scope.filters).toEqual({ service: ['inventory'] });
  });

  it('--operation keeps the traces with a span of that name, and their broken hops', async () => {
    const { report } = await fromFile('--operation', 'GET /cart');
    expect(report.traces).toBe(1);
    expect(tracesOf(report)).toEqual(['frontend:2']);
    expect(report.edges).toEqual([]);
    // The new trace downstream is found among all spans, filtered or not.
    expect(report.broken).toEqual([HOP]);
  });

  it('--attribute matches baggage-derived attributes; several must all match one span', async () => {
    const user = await fromFile('--attribute', 'user.id=u-42');
    expect(user.report.traces).toBe(1);
    expect(tracesOf(user.report)).toEqual(['frontend:2', 'inventory:1', 'orders:4']);
    expect(user.report.broken).toEqual([]);
    const both = await fromFile('--attribute', 'user.id=u-42', '--attribute', 'order.id=o-1');
    expect(both.report.traces).toBe(1);
    const none = await fromFile('--attribute', 'user.id=u-42', '--attribute', 'order.id=o-2');
    expect(none.report.traces).toBe(0);
    expect(none.report.services).toEqual([]);
  });

  it('--fail-on-broken passes when the traces kept are whole', async () => {
    const { status } = await fromFile('--attribute', 'user.id=u-42', '--fail-on-broken');
    expect(status).toBe(0);
  });

  it('--min-duration and --max-duration take ms or a unit', async () => {
    const long = await fromFile('--min-duration', '90ms');
    // GET /checkout (T1) and GET /cart (T2), 100 ms each.
    expect(long.report.traces).toBe(2);
    expect(long.report.broken).toEqual([HOP]);
    expect(long.report.scope.filters).toEqual({ minDurationMs: 90 });
    expect((await fromFile('--min-duration', '0.09s')).report).toMatchObject({ traces: 2 });
    const short = await fromFile('--max-duration', '4');
    // validate, 4 ms, in T1.
    expect(short.report.traces).toBe(1);
    expect(tracesOf(short.report)).toEqual(['frontend:2', 'inventory:1', 'orders:4']);
  });

  it('--since and --until bound the span start', async () => {
    const at = (ms: number) => new Date(BASE_MS + ms).toISOString();
    const late = await fromFile('--since', at(400));
    // retry payment (T4) at 500 ms, nightly sync (T5) at 1000 ms.
    expect(late.report.traces).toBe(2);
    expect(late.report.broken).toEqual([MISSING_PARENT, SEVERAL_ROOTS]);
    const early = await fromFile('--until', at(5));
    expect(early.report.traces).toBe(1);
    expect(early.report.edges).toEqual(EDGES);
    const window = await fromFile('--since', at(190), '--until', at(216));
    // GET /cart at 200, GET /stock at 210 (T2) and inventory's GET /stock at 215 (T3).
    expect(window.report.traces).toBe(2);
    expect(tracesOf(window.report)).toEqual(['frontend:2', 'inventory:2']);
    expect(window.report.scope.filters).toEqual({ from: at(190), to: at(216) });
  });

  it('--bridge-scope counts a scope of ones own as the bridge', async () => {
    const { report } = await fromFile('--bridge-scope', 'orders-native');
    const orders = report.services.find((entry) => entry.service === 'orders');
    expect(orders).toMatchObject({ bridgeSpans: 5, nativeSpans: 0, bridgeShare: 1 });
  });

  it('the text report names the hop and the progress figures', async () => {
    const out = writer();
    expect(await run(['traces', '--from-file', stored], out, writer())).toBe(0);
    const text = out.text();
    expect(text).toMatch(/^5 trace\(s\), 14 span\(s\) in 3 service\(s\)\n/);
    expect(text).toMatch(/ {2}orders +5 +3 +2 {2}60% +-/);
    expect(text).toMatch(/ {2}inventory +5 +1 +4 {2}20% +jaeger \(1\)/);
    expect(text).toContain(`  hop-without-context  trace ${T2}\n    ${HOP.detail}\n`);
  });
});
