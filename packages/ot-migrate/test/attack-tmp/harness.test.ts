import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { rewrite } from '../../src/rewrite';
import { scan } from '../../src/scan';
import { BRIDGE_STUB } from '../support/bridge-stub';

jest.setTimeout(600_000);
const BASE = join(__dirname, '..', '..', '..', '..', '.scratch', 'attack');
const CASES = join(BASE, 'cases');
const OUT = join(BASE, 'out');
const ONLY = process.env.CASES?.split(',');

const TSCONFIG = `{"compilerOptions":{"target":"ES2022","module":"commonjs","strict":true,"esModuleInterop":true,"skipLibCheck":true,"types":["node"]}}\n`;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fix') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((f) => [relative(dir, f), readFileSync(f, 'utf8')]));
}
function setup(src: string, dest: string) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const f of files(src)) {
    const d = join(dest, relative(src, f));
    mkdirSync(dirname(d), { recursive: true });
    cpSync(f, d);
  }
  for (const [f, t] of Object.entries(BRIDGE_STUB)) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    writeFileSync(join(dest, f), t);
  }
  if (!existsSync(join(dest, 'tsconfig.json')) && !existsSync(join(dest, 'jsconfig.json')))
    writeFileSync(join(dest, 'tsconfig.json'), TSCONFIG);
}
function diagnostics(dir: string): string[] {
  const cfg = existsSync(join(dir, 'tsconfig.json')) ? 'tsconfig.json' : 'jsconfig.json';
  const parsed = ts.getParsedCommandLineOfConfigFile(join(dir, cfg), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => !d.file || !d.file.fileName.includes('node_modules'))
    .map((d) => `${d.file ? relative(dir, d.file.fileName) + ':' + (d.file.getLineAndCharacterOfPosition(d.start!).line + 1) : ''} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}
function newDiags(before: string[], after: string[]): string[] {
  const strip = (s: string) => s.replace(/:\d+ /, ' ');
  const old = new Map<string, number>();
  for (const d of before) old.set(strip(d), (old.get(strip(d)) ?? 0) + 1);
  return after.filter((d) => { const c = old.get(strip(d)) ?? 0; if (c > 0) { old.set(strip(d), c - 1); return false; } return true; });
}
async function spans(dir: string): Promise<unknown> {
  const entry = existsSync(join(dir, 'main.ts')) ? 'main.ts' : 'main.js';
  const r = require('node:child_process').spawnSync('node', ['--import', 'tsx', join(BASE, 'runspans.ts'), join(dir, entry)], { encoding: 'utf8' });
  const lines = (r.stdout as string).trim().split('\n');
  try { return [lines.slice(0, -1).join('\n'), JSON.parse(lines[lines.length - 1])]; } catch { return { out: r.stdout, err: r.stderr }; }
}
function changed(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);
}
function checkScan(dir: string, report: ReturnType<typeof rewrite>): string[] {
  const s = scan([dir]);
  const problems: string[] = [];
  for (const f of report.files) {
    if (f.outcome !== 'rewritten') continue;
    const found = s.files.find((x) => x.file === f.file);
    if (found && found.total > 0) problems.push(`${relative(dir, f.file)} rewritten but scan finds ${found.total}: ${JSON.stringify(found.counts)}`);
  }
  return problems;
}
function summary(dir: string, report: ReturnType<typeof rewrite>) {
  return {
    files: report.files.map((f) => `${relative(dir, f.file)}: ${f.outcome}${f.adapters ? ` adapters=${f.adapters}` : ''}${f.todos.length ? ' todos=' + JSON.stringify(f.todos) : ''}`),
    groups: report.groups.map((g) => `${g.files.map((f) => relative(dir, f)).join(',')} => ${g.outcome}${g.stays ? ' stays=' + g.stays.map((f) => relative(dir, f)) : ''}${g.heldBackBy ? ' heldBack=' + relative(dir, g.heldBackBy.file) + ': ' + g.heldBackBy.reason : ''}`),
    skipped: report.skipped, notes: report.notes,
  };
}

const cases = readdirSync(CASES).filter((c) => !ONLY || ONLY.includes(c));
for (const name of cases) {
  it(name, async () => {
    const out: string[] = [];
    const log = (...a: unknown[]) => out.push(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x, null, 2))).join(' '));
    const root = join(OUT, name);
    const original = join(root, 'original'), migrated = join(root, 'migrated'), second = join(root, 'second');
    setup(join(CASES, name), original);
    setup(join(CASES, name), migrated);
    const before = diagnostics(original);
    if (before.length) log('ORIGINAL DIAGNOSTICS', before);
    const report = rewrite([migrated], { tracerName: 'x' });
    log('REPORT', summary(migrated, report));
    const nd = newDiags(before, diagnostics(migrated));
    log(nd.length ? 'BUG? NEW TSC ERRORS' : 'tsc ok', nd.length ? nd : '');
    const s1 = await spans(original), s2 = await spans(migrated);
    const same = JSON.stringify(s1) === JSON.stringify(s2);
    log(same ? 'spans same' : 'BUG? SPANS DIFFER');
    if (!same) { log('ORIG', s1); log('MIGR', s2); }
    setup(migrated, second);
    const snapA = snapshot(second);
    const r2 = rewrite([second], { tracerName: 'x' });
    const ch = changed(snapA, snapshot(second));
    log(ch.length ? 'BUG? SECOND RUN CHANGED' : 'second run idempotent', ch);
    for (const f of ch) log(`--- ${f}\n${snapA[f]}\n+++\n${snapshot(second)[f]}`);
    if (ch.length) log('REPORT2', summary(second, r2));
    const sc = checkScan(migrated, report);
    log(sc.length ? 'BUG? SCAN' : 'scan ok', sc);
    // fix step
    const fixDir = join(CASES, name, 'fix');
    if (existsSync(fixDir)) {
      const fixed = join(root, 'fixed');
      setup(migrated, fixed);
      for (const f of files(fixDir)) cpSync(f, join(fixed, relative(fixDir, f)));
      const bf = diagnostics(fixed);
      const r3 = rewrite([fixed], { tracerName: 'x' });
      log('FIX REPORT', summary(fixed, r3));
      const nd3 = newDiags(before, diagnostics(fixed));
      log(nd3.length ? 'BUG? FIX NEW TSC ERRORS' : 'fix tsc ok', nd3, bf.length ? { fixedBeforeDiags: bf } : '');
      const fixedOrig = join(root, 'fixed-original');
      setup(original, fixedOrig);
      for (const f of files(fixDir)) cpSync(f, join(fixedOrig, relative(fixDir, f)));
      const s1f = await spans(fixedOrig);
      const s3 = await spans(fixed);
      const same3 = JSON.stringify(s1f) === JSON.stringify(s3);
      if (!same3) log('FIXORIG', s1f);
      log(same3 ? 'fix spans same' : 'BUG? FIX SPANS DIFFER');
      if (!same3) log('FIXED', s3);
      const left = files(fixed).filter((f) => /ot-migrate: boundary|opentracing-otel-bridge/.test(readFileSync(f, 'utf8')) && !f.includes('node_modules'));
      log(left.length ? 'BUG? ADAPTERS LEFT AFTER FIX' : 'fix adapters gone', left.map((f) => relative(fixed, f)));
      const sc3 = checkScan(fixed, r3);
      log(sc3.length ? 'BUG? FIX SCAN' : 'fix scan ok', sc3);
    }
    writeFileSync(join(root, 'result.txt'), out.join('\n') + '\n');
  });
}
