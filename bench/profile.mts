// node --cpu-prof --import tsx bench/profile.mts <workload> : runs one bridge workload in a loop.
import { installOtel } from './setup.mts';
import { workloads } from './workloads.mts';

installOtel(process.env.PROFILE_CM === '1');
const [workload = 'span life', implementation = 'bridge'] = process.argv.slice(2);
const fn = (await workloads()).get(workload as never)!.get(implementation as never)!();
const started = process.hrtime.bigint();
const iterations = Number(process.env.PROFILE_ITERATIONS ?? 300_000);
for (let i = 0; i < iterations; i++) fn();
console.log(
  `${workload} / ${implementation}: ${Number(process.hrtime.bigint() - started) / iterations} ns/op`,
);
