// `npm run demo:report`: the demo's three services send their spans to `ot-migrate traces`, run as
// the user runs it. With every service propagating, the one trace is whole; with one service's
// propagation off (DEMO_PROPAGATION_OFF), the report names the hop that broke.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const otMigrate = join(root, 'packages', 'ot-migrate', 'bin', 'ot-migrate.js');

// The demo's bridge tracers are named after their services, as report.ts tells ot-migrate.
const BRIDGE_SCOPES = ['--bridge-scope', 'gateway', '--bridge-scope', 'billing-worker'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The stored collection, reported again as JSON. */
  report: {
    services: { service: string; spans: number; bridgeShare: number }[];
    edges: { from: string; to: string }[];
    broken: { kind: string; hop?: Record<string, string> }[];
  };
}

const folder = mkdtempSync(join(tmpdir(), 'demo-report-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function runDemoReport(propagationOff: string): Promise<Run> {
  const stored = join(folder, `${propagationOff || 'all-on'}.jsonl`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [tsx, join(root, 'examples', 'demo', 'report.ts'), '--fail-on-broken', '--out', stored],
      { cwd: root, env: { ...process.env, NO_COLOR: '1', DEMO_PROPAGATION_OFF: propagationOff } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const again = spawnSync(
        process.execPath,
        [otMigrate, 'traces', '--from-file', stored, '--json', ...BRIDGE_SCOPES],
        {
          encoding: 'utf8',
        },
      );
      resolve({ code, stdout, stderr, report: JSON.parse(again.stdout) as Run['report'] });
    });
  });
}

describe('npm run demo:report', () => {
  let allOn: Run;
  let billingOff: Run;
  let ordersOff: Run;
  beforeAll(async () => {
    [allOn, billingOff, ordersOff] = await Promise.all([
      runDemoReport(''),
      runDemoReport('billing'),
      runDemoReport('orders'),
    ]);
  }, 60_000);

  it('with every service propagating: three services, their calls, and no broken trace', () => {
    expect(allOn.code).toBe(0);
    expect(allOn.stderr).toMatch(
      /stopped: 6 span\(s\) from 3 service\(s\), 0 request\(s\) refused/,
    );
    expect(allOn.stdout).toMatch(/^Broken traces: none$/m);
    // Gateway and billing are legacy code on the bridge; orders is native OpenTelemetry.
    expect(
      allOn.report.services.map(({ service, spans, bridgeShare }) => [service, spans, bridgeShare]),
    ).toEqual([
      ['billing', 1, 1],
      ['gateway', 3, 1],
      ['orders', 2, 0],
    ]);
    expect(allOn.report.edges.map(({ from, to }) => `${from} -> ${to}`)).toEqual([
      'gateway -> billing',
      'gateway -> orders',
    ]);
    expect(allOn.report.broken).toEqual([]);
  });

  it('with the billing worker not reading context: the queue hop is named, and the gate fails', () => {
    expect(billingOff.code).toBe(1);
    expect(billingOff.stdout).toContain(
      'gateway/billing: publish called billing/charge card, which started a new trace',
    );
    expect(billingOff.report.broken).toEqual([
      expect.objectContaining({
        kind: 'hop-without-context',
        hop: expect.objectContaining({
          fromService: 'gateway',
          fromOperation: 'billing: publish',
          toService: 'billing',
          toOperation: 'charge card',
        }) as unknown,
      }),
    ]);
  });

  it('with the orders service not reading context: the HTTP hop is named', () => {
    expect(ordersOff.code).toBe(1);
    expect(ordersOff.report.broken).toEqual([
      expect.objectContaining({
        kind: 'hop-without-context',
        hop: expect.objectContaining({
          fromService: 'gateway',
          fromOperation: 'orders: GET',
          toService: 'orders',
          toOperation: 'GET /orders/:id',
        }) as unknown,
      }),
    ]);
  });
});
