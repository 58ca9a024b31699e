// npm run demo:report: the demo's three services send their spans to `ot-migrate traces`, which
// then reports on them: the service catalog, how much of each service still goes through the
// bridge, the calls between services, and any broken trace. Arguments go to `ot-migrate traces`
// (e.g. `--html report.html`, `--fail-on-broken`). DEMO_PROPAGATION_OFF=billing (or gateway,
// orders) switches one service's propagation off, to see the report name the hop that broke.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const otMigrate = join(root, 'packages', 'ot-migrate', 'bin', 'ot-migrate.js');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
// The demo names its bridge tracers after the services; these scopes are the bridge's spans.
const BRIDGE_SCOPES = ['--bridge-scope', 'gateway', '--bridge-scope', 'billing-worker'];

/** Starts `ot-migrate traces` on a free loopback port; resolves with it once it listens. */
function startReceiver(args: string[]) {
  // The collection is stored outside the repository unless --out says where.
  const out = args.includes('--out') ? [] : ['--out', join(tmpdir(), 'ot-migrate-demo.jsonl')];
  const child = spawn(
    process.execPath,
    [otMigrate, 'traces', '--port', '0', ...out, ...BRIDGE_SCOPES, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let report = '';
  child.stdout.on('data', (chunk: Buffer) => (report += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const url = new Promise<string>((resolve, reject) => {
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      said += chunk.toString();
      const listening = /listening on (http:\/\/\S+)\/v1\/traces/.exec(said);
      if (listening) resolve(listening[1]);
    });
    void exited.then(() => reject(new Error(`ot-migrate traces did not start:\n${said}`)));
  });
  return { child, url, exited, report: () => report };
}

/** Runs `npm run demo`'s program with its spans exported to the given OTLP/HTTP endpoint. */
function runDemo(endpoint: string): Promise<number> {
  const demo = spawn(process.execPath, [tsx, join(__dirname, 'main.ts')], {
    stdio: 'inherit',
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
  });
  return new Promise((resolve) => demo.on('close', (code) => resolve(code ?? 1)));
}

async function main(): Promise<void> {
  const receiver = startReceiver(process.argv.slice(2));
  const demoStatus = await runDemo(await receiver.url);
  // The demo flushed its exporters before it exited: every span has arrived. SIGINT ends the
  // collection, as Ctrl-C does, and the report follows.
  receiver.child.kill('SIGINT');
  const status = await receiver.exited;
  process.stdout.write(`\nWhat ot-migrate traces saw:\n\n${receiver.report()}`);
  process.exitCode = demoStatus !== 0 ? demoStatus : status;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
