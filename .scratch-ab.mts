// A/B: the committed build (.scratch-base) against the working build (dist), same process.
import { context, trace } from '@opentelemetry/api';
import { measure } from 'mitata';
import { createRequire } from 'node:module';
import { installOtel } from './bench/setup.mts';
const require = createRequire(import.meta.url);
installOtel(true);
const base = require('./.scratch-base/index.js');
const work = require('./dist/index.js');
const which = (process.env.W ?? 'spanLife') as 'spanLife';
const load = async (n: string, t: unknown) => (await import(`./bench/opentracing-workloads.mts?t=${n}`)).openTracingWorkloads(t)[which]();
const otel = trace.getTracer('o');
const cases: [string, () => unknown][] = [
  ['otel', () => { const s = otel.startSpan('op', { attributes: { 'http.method': 'GET', retry: 1, 'cache.hit': true }, links: undefined }, context.active()); s.setAttribute('http.status_code', 200); s.setAttribute('user.tier', 'gold'); s.addEvent('cache.miss', { key: 'user:1' }); s.end(); }],
  ['base', await load('base', new base.TracerShim(trace.getTracer('b')))],
  ['work', await load('work', new work.TracerShim(trace.getTracer('w')))],
];
const R = Number(process.env.R ?? 9);
const res: Record<string, number[]> = {};
for (let r = 0; r < R; r++) {
  const rot = [...cases.slice(r % 3), ...cases.slice(0, r % 3)];
  for (const [n, f] of rot) { const s = await measure(f, { min_cpu_time: 150e6 }); (res[n] ??= []).push(s.p50); }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const o = med(res.otel);
for (const n of Object.keys(res)) console.log(n.padEnd(6), med(res[n]).toFixed(0).padStart(6), (med(res[n]) / o).toFixed(3));
const ratios = res.work.map((w, i) => w / res.base[i]);
console.log('work/base per round:', ratios.map((x) => x.toFixed(3)).join(' '), 'median', med(ratios).toFixed(3));
