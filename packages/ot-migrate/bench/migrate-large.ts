// ot-migrate on a generated codebase of 2,000 files (generate-project.ts): wall time and peak
// memory of `scan` and of `rewrite`, each in a child process of its own so that neither's memory
// counts for the other. Not a test. Goals (issue #13): scan < 15 s, rewrite < 60 s, peak RSS < 2 GB.
//
//   node --import tsx packages/ot-migrate/bench/migrate-large.ts [files]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateProject } from './generate-project';

/** Where scan.ts and rewrite.ts are. */
const MIGRATE_SOURCES = join(__dirname, '..', 'src');

const REPOSITORY = join(__dirname, '..', '..', '..');
const GOALS = { scan: 15, rewrite: 60, rssMegabytes: 2048 };

type Step = 'scan' | 'rewrite';

/** What a child process reports on its last line of output. */
interface StepResult {
  step: Step;
  /** The scan() or rewrite() call alone. */
  seconds: number;
  /** process.resourceUsage().maxRSS, in megabytes. */
  peakRssMegabytes: number;
  summary: string;
}

// The signatures the benchmark relies on, so that the module paths live in MIGRATE_SOURCES alone.
type Scan = (
  paths: string[],
  options?: { onProgress?: (done: number, total: number) => void },
) => { filesScanned: number; remaining: number; files: unknown[]; skipped: unknown[] };
type Rewrite = (
  paths: string[],
  options?: { dryRun?: boolean; tracerName?: string },
) => { files: { outcome: 'rewritten' | 'todo'; todos: string[] }[]; skipped: unknown[] };

function load<T>(module: string, name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path chosen above
  return (require(join(MIGRATE_SOURCES, module)) as Record<string, T>)[name];
}

/** In the child: runs one step on the tree and prints its result as JSON. */
function runStep(step: Step, tree: string): void {
  let summary: string;
  const started = performance.now();
  if (step === 'scan') {
    const report = load<Scan>('scan', 'scan')([tree]);
    summary =
      `${report.filesScanned} files read, ${report.remaining} usages ` +
      `in ${report.files.length} files, ${report.skipped.length} skipped`;
  } else {
    const report = load<Rewrite>('rewrite', 'rewrite')([tree], { tracerName: 'bench' });
    const rewritten = report.files.filter((file) => file.outcome === 'rewritten').length;
    const todos = report.files.reduce((sum, file) => sum + file.todos.length, 0);
    summary =
      `${rewritten} of ${report.files.length} files rewritten, ${todos} TODOs ` +
      `in the others, ${report.skipped.length} skipped`;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMegabytes = process.resourceUsage().maxRSS / 1024;
  const result: StepResult = { step, seconds, peakRssMegabytes, summary };
  console.log(JSON.stringify(result));
}

/** In the parent: runs one step in a child process; its result and the process's wall time. */
function spawnStep(step: Step, tree: string): StepResult & { processSeconds: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--step', step, tree], {
    cwd: REPOSITORY,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const processSeconds = (performance.now() - started) / 1000;
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) {
    throw new Error(`${step} failed (exit ${child.status}):\n${child.stderr}${child.stdout}`);
  }
  return { ...(JSON.parse(last) as StepResult), processSeconds };
}

function main(): void {
  const files = Number(process.argv[2] ?? 2000);
  // Inside the repository, so that the tree resolves `opentracing` as a real project would.
  const tree = mkdtempSync(join(REPOSITORY, '.scratch-migrate-large-'));
  try {
    const generated = generateProject(tree, { files });
    console.log(
      `generated ${generated.files} files: ${generated.traced} with OpenTracing ` +
        `(${generated.pairs} handler/work pairs, ${generated.services} services, ` +
        `${generated.tracedJs} JS jobs, tracing.ts), ${generated.plainTs + generated.plainJs} without`,
    );
    const results = [spawnStep('scan', tree), spawnStep('rewrite', tree)];
    console.log('');
    console.log('| step    | call (s) | process (s) | peak RSS (MB) | goal           |');
    console.log('| ------- | -------: | ----------: | ------------: | -------------- |');
    for (const result of results) {
      const goal = GOALS[result.step];
      const met = result.processSeconds < goal && result.peakRssMegabytes < GOALS.rssMegabytes;
      console.log(
        `| ${result.step.padEnd(7)} | ${result.seconds.toFixed(1).padStart(8)} | ` +
          `${result.processSeconds.toFixed(1).padStart(11)} | ` +
          `${result.peakRssMegabytes.toFixed(0).padStart(13)} | ` +
          `${`< ${goal} s, < 2 GB`.padEnd(14)} |${met ? '' : ' MISSED'}`,
      );
      if (!met) process.exitCode = 1;
    }
    console.log('');
    for (const result of results) console.log(`${result.step}: ${result.summary}`);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

const stepFlag = process.argv.indexOf('--step');
if (stepFlag >= 0) runStep(process.argv[stepFlag + 1] as Step, process.argv[stepFlag + 2]);
else main();
