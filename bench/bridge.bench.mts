// npm run bench: the bridge against raw OpenTelemetry, the official shim and jaeger-client, in one
// process, same OpenTelemetry set-up for every OTel path, without and with the AsyncLocalStorage
// context manager. Rounds rotate the order of implementations; each figure is the median over
// rounds of mitata's p50 (and mean) in ns per operation. Writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { measure } from 'mitata';
import { installOtel } from './setup.mts';
import type { Implementation, Workload } from './workloads.mts';
import { workloads } from './workloads.mts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CPU_TIME_NS = Number(process.env.BENCH_CPU_MS ?? 250) * 1e6;
// BENCH_WORKLOADS='span life,childOf' runs only those workloads (for quick before/after checks).
const ONLY = process.env.BENCH_WORKLOADS?.split(',').map((name) => name.trim());

interface Figures {
  p50: number;
  mean: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function runVariant(withContextManager: boolean) {
  installOtel(withContextManager);
  const all = new Map(
    [...(await workloads())].filter(([workload]) => ONLY === undefined || ONLY.includes(workload)),
  );
  const samples = new Map<string, { p50: number[]; mean: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [workload, implementations] of all) {
      const entries = [...implementations];
      const rotated = [
        ...entries.slice(round % entries.length),
        ...entries.slice(0, round % entries.length),
      ];
      for (const [implementation, make] of rotated) {
        const fn = make();
        const stats = await measure(fn, { min_cpu_time: CPU_TIME_NS });
        const key = `${workload}|${implementation}`;
        const bucket = samples.get(key) ?? { p50: [], mean: [] };
        bucket.p50.push(stats.p50);
        bucket.mean.push(stats.avg);
        samples.set(key, bucket);
      }
    }
  }
  const results = new Map<Workload, Map<Implementation, Figures>>();
  for (const [key, bucket] of samples) {
    const [workload, implementation] = key.split('|') as [Workload, Implementation];
    const row = results.get(workload) ?? new Map<Implementation, Figures>();
    row.set(implementation, { p50: median(bucket.p50), mean: median(bucket.mean) });
    results.set(workload, row);
  }
  return results;
}

function print(
  title: string,
  results: Map<Workload, Map<Implementation, Figures>>,
): Record<string, unknown> {
  console.log(`\n${title}`);
  console.log(
    `${'workload'.padEnd(18)}${'implementation'.padEnd(24)}${'p50 ns'.padStart(9)}${'mean ns'.padStart(10)}${'p50 / otel'.padStart(12)}${'bridge / shim'.padStart(15)}`,
  );
  const json: Record<string, unknown> = {};
  for (const [workload, row] of results) {
    const otel = row.get('otel')!;
    const shim = row.get('official-shim');
    json[workload] = Object.fromEntries(
      [...row].map(([implementation, figures]) => [
        implementation,
        { ...figures, ratioToOtel: figures.p50 / otel.p50 },
      ]),
    );
    for (const [implementation, figures] of row) {
      const vsShim =
        implementation.startsWith('bridge') && shim ? (figures.p50 / shim.p50).toFixed(2) : '';
      console.log(
        `${workload.padEnd(18)}${implementation.padEnd(24)}${figures.p50.toFixed(0).padStart(9)}${figures.mean.toFixed(0).padStart(10)}${(figures.p50 / otel.p50).toFixed(3).padStart(12)}${vsShim.padStart(15)}`,
      );
    }
  }
  return json;
}

const started = Date.now();
// BENCH_CONTEXT=als measures only with the AsyncLocalStorage context manager (quick checks).
const alsOnly = process.env.BENCH_CONTEXT === 'als';
const withoutCm = alsOnly
  ? new Map<Workload, Map<Implementation, Figures>>()
  : await runVariant(false);
const withCm = await runVariant(true);
const output = {
  node: process.version,
  cpu: cpus()[0]?.model,
  rounds: ROUNDS,
  seconds: (Date.now() - started) / 1000,
  withoutContextManager: print('Without a context manager', withoutCm),
  withAsyncLocalStorage: print('With the AsyncLocalStorage context manager', withCm),
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
console.log(`\n${ROUNDS} rounds in ${output.seconds.toFixed(0)} s; results in bench/results.json`);
