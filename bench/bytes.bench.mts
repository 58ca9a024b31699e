// npm run bench:bytes: the hot paths that handle bytes — FORMAT_BINARY encode and decode, the
// plain-carrier getter on string and Buffer values, the amqplib-message check, and the incoming
// baggage builder (which sizes each entry in UTF-8 bytes) — on the built package's internal
// modules, for before/after checks of a change to them.
//
// BENCH_BASELINE=<dir> also loads the build in <dir>/dist (say, an older commit's src/ compiled
// with tsc; docs/browser.md shows how) and measures both in one process, in alternating order each
// round, so that load on the machine falls on both alike. Figures: the median over BENCH_ROUNDS
// rounds (7) of mitata's p50 in ns per operation, and the median of the per-round ratios.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { measure } from 'mitata';
import { TraceFlags, createTraceState, propagation } from '@opentelemetry/api';
import type { TextMapGetter } from '@opentelemetry/api';
import type * as SpanContextModule from '../dist/span-context.js';
import type * as BinaryModule from '../dist/propagation/binary.js';
import type * as CarrierModule from '../dist/propagation/carrier.js';
import type * as IncomingBaggageModule from '../dist/propagation/incoming-baggage.js';

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
  const idsOnlyBytes = encodeBinary(idsOnly)!;
  const withBaggageBytes = encodeBinary(withBaggage)!;
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
    ['encode ids', () => encodeBinary(idsOnly)],
    ['encode ids + 3 baggage', () => encodeBinary(withBaggage)],
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

const builds: Array<[string, Workloads]> = [
  ['this build', await workloadsOf(new URL('../dist/', import.meta.url).href)],
];
if (BASELINE !== undefined) {
  builds.unshift([
    'baseline',
    await workloadsOf(pathToFileURL(resolve(BASELINE, 'dist')).href + '/'),
  ]);
}

// p50s[build][workload]: one per round.
const p50s = builds.map(([, workloads]) => workloads.map(() => [] as number[]));
for (let round = 0; round < ROUNDS; round++) {
  for (let workload = 0; workload < builds[0][1].length; workload++) {
    const order = builds.map((_, build) => build);
    if (round % 2 === 1) order.reverse();
    for (const build of order) {
      const stats = await measure(builds[build][1][workload][1], { min_cpu_time: CPU_TIME_NS });
      p50s[build][workload].push(stats.p50);
    }
  }
}

const header = builds.map(([name]) => name.padStart(12)).join('');
console.log(
  `${'p50 ns'.padEnd(26)}${header}${BASELINE === undefined ? '' : 'this / baseline'.padStart(17)}`,
);
for (let workload = 0; workload < builds[0][1].length; workload++) {
  const figures = p50s.map((rounds) => median(rounds[workload]).toFixed(1).padStart(12)).join('');
  const ratio =
    BASELINE === undefined
      ? ''
      : median(p50s[1][workload].map((after, round) => after / p50s[0][workload][round]))
          .toFixed(2)
          .padStart(17);
  console.log(`${builds[0][1][workload][0].padEnd(26)}${figures}${ratio}`);
}
