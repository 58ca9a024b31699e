// npm run bench:bytes: the hot paths that handle bytes — FORMAT_BINARY encode and decode, the
// plain-carrier getter on string and Buffer values, the amqplib-message check, and the incoming
// baggage builder (which sizes each entry in UTF-8 bytes) — on the built package's internal
// modules, for before/after checks of a change to them.
//
// BENCH_BASELINE=<dir> also loads the build in <dir>/dist (say, an older commit's src/ compiled
// with tsc; docs/browser.md shows how) and measures both in the same process, in alternating order
// each round, so that load on the machine falls on both alike; twice, each build loaded first in
// one of the two processes. Figures: the median over all rounds (BENCH_ROUNDS, 7, per process) of
// mitata's p50 in ns per operation, and the median of the per-round ratios.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measure } from 'mitata';
import { TraceFlags, createTraceState, propagation } from '@opentelemetry/api';
import type { TextMapGetter } from '@opentelemetry/api';
// The functions measured are dist's; their types come from src, since the published declarations
// leave out internal functions (stripInternal).
import type * as SpanContextModule from '../src/span-context.ts';
import type * as BinaryModule from '../src/propagation/binary.ts';
import type * as CarrierModule from '../src/propagation/carrier.ts';
import type * as IncomingBaggageModule from '../src/propagation/incoming-baggage.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CPU_TIME_NS = Number(process.env.BENCH_CPU_MS ?? 150) * 1e6;
const BASELINE = process.env.BENCH_BASELINE;

type Workloads = Array<[string, () => unknown]>;

/** The workloads, on the build whose dist/ directory is at `dist` (a file URL ending in '/'). */
async function workloadsOf(dist: string): Promise<Workloads> {
  const { SpanContextShim } = (await import(`${dist}span-context.js`)) as typeof SpanContextModule;
  const { decodeBinary, encodeBinary } = (await import(
    `${dist}propagation/binary.js`
  )) as typeof BinaryModule;
  const { carrierTarget, plainGetter } = (await import(
    `${dist}propagation/carrier.js`
  )) as typeof CarrierModule;
  const { IncomingBaggageBuilder } = (await import(
    `${dist}propagation/incoming-baggage.js`
  )) as typeof IncomingBaggageModule;

  const spanContext = {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    traceState: createTraceState('vendor=abc,other=1'),
  };
  const idsOnly = new SpanContextShim(spanContext);
  const withBaggage = new SpanContextShim(
    spanContext,
    propagation.createBaggage({
      'user.id': { value: '42' },
      'tenant.name': { value: 'acme-corporation' },
      ünï: { value: 'cødé' },
    }),
  );
  // encodeBinary takes the span context and the baggage (before 2026-12-03: the shim itself).
  const encode = (shim: InstanceType<typeof SpanContextShim>) =>
    encodeBinary(shim.getSpanContext(), shim.getBaggage());
  const idsOnlyBytes = encode(idsOnly)!;
  const withBaggageBytes = encode(withBaggage)!;
  const withBaggageArray = new Uint8Array(withBaggageBytes);

  // Node's req.headers shape; a Buffer value, as amqplib hands over some headers.
  const getter = plainGetter as TextMapGetter<Record<string, unknown>>;
  const textCarrier = { traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-01` };
  const bufferCarrier = { baggage: Buffer.from('user.id=42,tenant.name=acme-corporation') };
  const amqpMessage = { content: Buffer.alloc(8), properties: { headers: textCarrier } };
  const entries: Array<[string, string]> = [
    ['user.id', '42'],
    ['tenant.name', 'acme-corporation'],
    ['ünï', 'cødé'],
    ['request.path', '/api/v1/orders/123456'],
  ];

  return [
    ['encode ids', () => encode(idsOnly)],
    ['encode ids + 3 baggage', () => encode(withBaggage)],
    ['decode ids', () => decodeBinary(idsOnlyBytes)],
    ['decode ids + 3 baggage', () => decodeBinary(withBaggageBytes)],
    ['decode Uint8Array', () => decodeBinary(withBaggageArray)],
    ['get string value', () => getter.get(textCarrier, 'traceparent')],
    ['get Buffer value', () => getter.get(bufferCarrier, 'baggage')],
    ['amqp message target', () => carrierTarget(amqpMessage, false)],
    ['plain object target', () => carrierTarget(textCarrier, false)],
    [
      'baggage builder 4',
      () => {
        const builder = new IncomingBaggageBuilder();
        for (const [key, value] of entries) builder.add(key, { value });
        return builder.build();
      },
    ],
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Per build name, per workload: one p50 per round. */
type Samples = Record<string, number[][]>;

/** Measures the builds in this process, loading them in the order given. */
async function measureBuilds(order: Array<'baseline' | 'this build'>): Promise<Samples> {
  const builds: Array<[string, Workloads]> = [];
  for (const name of order) {
    const dist =
      name === 'baseline'
        ? pathToFileURL(resolve(BASELINE!, 'dist')).href + '/'
        : new URL('../dist/', import.meta.url).href;
    builds.push([name, await workloadsOf(dist)]);
  }
  const samples: Samples = Object.fromEntries(
    builds.map(([name, workloads]) => [name, workloads.map(() => [])]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (let workload = 0; workload < builds[0][1].length; workload++) {
      const rotated = round % 2 === 0 ? builds : [...builds].reverse();
      for (const [name, workloads] of rotated) {
        const stats = await measure(workloads[workload][1], { min_cpu_time: CPU_TIME_NS });
        samples[name][workload].push(stats.p50);
      }
    }
  }
  return samples;
}

const CHILD_OUTPUT = 'bytes-samples:';
const names = (await workloadsOf(new URL('../dist/', import.meta.url).href)).map(([name]) => name);

if (BASELINE === undefined) {
  const samples = await measureBuilds(['this build']);
  console.log(`${'p50 ns'.padEnd(26)}${'this build'.padStart(12)}`);
  names.forEach((name, workload) => {
    console.log(
      `${name.padEnd(26)}${median(samples['this build'][workload]).toFixed(1).padStart(12)}`,
    );
  });
} else if (process.env.BENCH_CHILD !== undefined) {
  const order =
    process.env.BENCH_CHILD === 'baseline-first'
      ? ['baseline', 'this build']
      : ['this build', 'baseline'];
  const samples = await measureBuilds(order as Array<'baseline' | 'this build'>);
  console.log(CHILD_OUTPUT + JSON.stringify(samples));
} else {
  // The copy loaded second can come out a little faster or slower on the same code: each build is
  // loaded first in one of two processes, and the rounds of both are pooled.
  const pooled: Samples = { baseline: names.map(() => []), 'this build': names.map(() => []) };
  for (const child of ['baseline-first', 'this-first']) {
    const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_CHILD: child },
      encoding: 'utf8',
      stdio: 'pipe',
    });
    const line = run.stdout.split('\n').find((text) => text.startsWith(CHILD_OUTPUT));
    if (run.status !== 0 || line === undefined) {
      console.error(run.stderr);
      throw new Error(`benchmark process ${child} failed`);
    }
    const samples = JSON.parse(line.slice(CHILD_OUTPUT.length)) as Samples;
    for (const build of Object.keys(pooled)) {
      samples[build].forEach((rounds, workload) => pooled[build][workload].push(...rounds));
    }
  }
  console.log(
    `${'p50 ns'.padEnd(26)}${'baseline'.padStart(12)}${'this build'.padStart(12)}${'this / baseline'.padStart(17)}`,
  );
  names.forEach((name, workload) => {
    const before = pooled.baseline[workload];
    const after = pooled['this build'][workload];
    // Ratios pair the two builds' figures from the same process and round.
    const ratio = median(after.map((value, round) => value / before[round]));
    console.log(
      `${name.padEnd(26)}${median(before).toFixed(1).padStart(12)}${median(after).toFixed(1).padStart(12)}${ratio.toFixed(2).padStart(17)}`,
    );
  });
}
