// npm run bench:bytes: the hot paths that handle bytes — FORMAT_BINARY encode and decode, the
// plain-carrier getter on string and byte values, the amqplib-message check, and the incoming
// baggage builder (which sizes each entry in UTF-8 bytes) — on the built package's internal
// modules. For before/after checks of a change to them (issue #14: Buffer gave way to Uint8Array).
//
// Each figure is the median over BENCH_ROUNDS rounds (5) of mitata's p50, in ns per operation.
import { measure } from 'mitata';
import { TraceFlags, createTraceState, propagation } from '@opentelemetry/api';
import type { TextMapGetter } from '@opentelemetry/api';
import { SpanContextShim } from '../dist/span-context.js';
import { decodeBinary, encodeBinary } from '../dist/propagation/binary.js';
import { carrierTarget, plainGetter } from '../dist/propagation/carrier.js';
import { IncomingBaggageBuilder } from '../dist/propagation/incoming-baggage.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CPU_TIME_NS = Number(process.env.BENCH_CPU_MS ?? 200) * 1e6;

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
const byteCarrier = { baggage: Buffer.from('user.id=42,tenant.name=acme-corporation') };
const amqpMessage = { content: Buffer.alloc(8), properties: { headers: textCarrier } };
const entries: Array<[string, string]> = [
  ['user.id', '42'],
  ['tenant.name', 'acme-corporation'],
  ['ünï', 'cødé'],
  ['request.path', '/api/v1/orders/123456'],
];

const workloads: Array<[string, () => unknown]> = [
  ['encode ids', () => encodeBinary(idsOnly)],
  ['encode ids + 3 baggage', () => encodeBinary(withBaggage)],
  ['decode ids', () => decodeBinary(idsOnlyBytes)],
  ['decode ids + 3 baggage', () => decodeBinary(withBaggageBytes)],
  ['decode Uint8Array', () => decodeBinary(withBaggageArray)],
  ['get string value', () => getter.get(textCarrier, 'traceparent')],
  ['get byte value', () => getter.get(byteCarrier, 'baggage')],
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const p50s = new Map<string, number[]>(workloads.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of workloads) {
    const stats = await measure(run, { min_cpu_time: CPU_TIME_NS });
    p50s.get(name)!.push(stats.p50);
  }
}
console.log(`${'workload'.padEnd(26)}${'p50 ns'.padStart(9)}`);
for (const [name, values] of p50s) {
  console.log(`${name.padEnd(26)}${median(values).toFixed(1).padStart(9)}`);
}
