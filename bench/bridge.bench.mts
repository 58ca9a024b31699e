// npm run bench: the bridge against raw OpenTelemetry, the official shim and jaeger-client, same
// OpenTelemetry set-up for every OTel path, without and with the AsyncLocalStorage context manager.
//
// Why several processes: V8 makes its optimisation choices once per process, and a whole process
// can come out a few percent slower or faster on one path. So the bench starts BENCH_PROCESSES
// child processes (3 by default), one after the other; each runs BENCH_ROUNDS rounds (3 by
// default) in rotating order, with a forced GC before each measurement (--expose-gc, which mitata
// uses). Each figure is the median over all rounds of mitata's p50 (and mean) in ns per
// operation; each ratio is the median over all rounds of that round's ratio, so both sides of a
// ratio come from the same process and round. Writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measure } from 'mitata';
import { installOtel } from './setup.mts';
import type { Implementation, Workload } from './workloads.mts';
import { workloads } from './workloads.mts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);
const CPU_TIME_NS = Number(process.env.BENCH_CPU_MS ?? 150) * 1e6;
// BENCH_WORKLOADS='span life,childOf' runs only those workloads (for quick before/after checks).
const ONLY = process.env.BENCH_WORKLOADS?.split(',').map((name) => name.trim());
// BENCH_CONTEXT=als measures only with the AsyncLocalStorage context manager (quick checks).
const ALS_ONLY = process.env.BENCH_CONTEXT === 'als';
const CHILD_OUTPUT = 'bench-samples:';

/** Per `workload|implementation`: one p50 and one mean per round, rounds in the same order. */
type Samples = Record<string, { p50: number[]; mean: number[] }>;

interface Figures {
  p50: number;
  mean: number;
  /** Median over rounds of p50 / the OTel path's p50 in the same round. */
  ratioToOtel: number;
  /** The same against the official shim, for the bridge rows. */
  ratioToShim?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One process's measurements of one variant. */
async function measureVariant(withContextManager: boolean): Promise<Samples> {
  installOtel(withContextManager);
  const all = [...(await workloads())].filter(
    ([workload]) => ONLY === undefined || ONLY.includes(workload),
  );
  const samples: Samples = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [workload, implementations] of all) {
      const entries = [...implementations];
      const rotated = [
        ...entries.slice(round % entries.length),
        ...entries.slice(0, round % entries.length),
      ];
      for (const [implementation, make] of rotated) {
        const stats = await measure(make(), { min_cpu_time: CPU_TIME_NS });
        const bucket = (samples[`${workload}|${implementation}`] ??= { p50: [], mean: [] });
        bucket.p50.push(stats.p50);
        bucket.mean.push(stats.avg);
      }
    }
  }
  return samples;
}

/** Figures per workload and implementation from the merged samples of every process. */
function summarise(samples: Samples): Map<Workload, Map<Implementation, Figures>> {
  const pairedRatio = (of: number[], to: number[] | undefined) =>
    to === undefined ? undefined : median(of.map((value, round) => value / to[round]));
  const results = new Map<Workload, Map<Implementation, Figures>>();
  for (const [key, bucket] of Object.entries(samples)) {
    const [workload, implementation] = key.split('|') as [Workload, Implementation];
    const row = results.get(workload) ?? new Map<Implementation, Figures>();
    row.set(implementation, {
      p50: median(bucket.p50),
      mean: median(bucket.mean),
      ratioToOtel: pairedRatio(bucket.p50, samples[`${workload}|otel`]?.p50) ?? NaN,
      ratioToShim: implementation.startsWith('bridge')
        ? pairedRatio(bucket.p50, samples[`${workload}|official-shim`]?.p50)
        : undefined,
    });
    results.set(workload, row);
  }
  return results;
}

function print(title: string, results: Map<Workload, Map<Implementation, Figures>>): object {
  console.log(`\n${title}`);
  console.log(
    `${'workload'.padEnd(18)}${'implementation'.padEnd(24)}${'p50 ns'.padStart(9)}${'mean ns'.padStart(10)}${'p50 / otel'.padStart(12)}${'bridge / shim'.padStart(15)}`,
  );
  const json: Record<string, object> = {};
  for (const [workload, row] of results) {
    json[workload] = Object.fromEntries(row);
    for (const [implementation, figures] of row) {
      console.log(
        `${workload.padEnd(18)}${implementation.padEnd(24)}${figures.p50.toFixed(0).padStart(9)}${figures.mean.toFixed(0).padStart(10)}${figures.ratioToOtel.toFixed(3).padStart(12)}${(figures.ratioToShim?.toFixed(3) ?? '').padStart(15)}`,
      );
    }
  }
  return json;
}

function merge(into: Samples, from: Samples): void {
  for (const [key, bucket] of Object.entries(from)) {
    const target = (into[key] ??= { p50: [], mean: [] });
    target.p50.push(...bucket.p50);
    target.mean.push(...bucket.mean);
  }
}

if (process.env.BENCH_CHILD === '1') {
  const withoutCm = ALS_ONLY ? {} : await measureVariant(false);
  const withCm = await measureVariant(true);
  console.log(CHILD_OUTPUT + JSON.stringify({ withoutCm, withCm }));
} else {
  const started = Date.now();
  const withoutCm: Samples = {};
  const withCm: Samples = {};
  for (let child = 1; child <= PROCESSES; child++) {
    process.stdout.write(`process ${child} of ${PROCESSES}… `);
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)],
      { env: { ...process.env, BENCH_CHILD: '1' }, encoding: 'utf8', stdio: 'pipe' },
    );
    const line = run.stdout.split('\n').find((text) => text.startsWith(CHILD_OUTPUT));
    if (run.status !== 0 || line === undefined) {
      console.error(run.stderr);
      throw new Error(`benchmark process ${child} failed`);
    }
    const samples = JSON.parse(line.slice(CHILD_OUTPUT.length)) as Record<string, Samples>;
    merge(withoutCm, samples.withoutCm);
    merge(withCm, samples.withCm);
    console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const output = {
    node: process.version,
    cpu: cpus()[0]?.model,
    processes: PROCESSES,
    roundsPerProcess: ROUNDS,
    seconds: (Date.now() - started) / 1000,
    withoutContextManager: ALS_ONLY ? {} : print('Without a context manager', summarise(withoutCm)),
    withAsyncLocalStorage: print('With the AsyncLocalStorage context manager', summarise(withCm)),
  };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
  console.log(
    `\n${PROCESSES} processes × ${ROUNDS} rounds in ${output.seconds.toFixed(0)} s; results in bench/results.json`,
  );
}
