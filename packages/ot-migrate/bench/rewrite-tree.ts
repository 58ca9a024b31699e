// Times `ot-migrate rewrite` on a generated tree of 2,000 files (npx tsx on this file). Not a
// test. The tree is copies of the fixture codebases plus files without tracing, as in
// scan-tree.ts; the rewrite writes into it, then it is removed.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rewrite } from '../src/rewrite';

const FILES = Number(process.env.REWRITE_FILES ?? 2000);
const root = join(__dirname, '..');
const tree = join(root, '.scratch-bench-rewrite');
const fixtures = join(root, 'test', 'fixtures');

function countFiles(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce(
    (sum, entry) => sum + (entry.isDirectory() ? countFiles(join(directory, entry.name)) : 1),
    0,
  );
}

rmSync(tree, { recursive: true, force: true });
const perCopy = countFiles(fixtures);
const copies = Math.floor((FILES * 0.9) / perCopy);
for (let copy = 0; copy < copies; copy++)
  cpSync(fixtures, join(tree, `service-${copy}`), { recursive: true });
mkdirSync(join(tree, 'plain'), { recursive: true });
for (let index = copies * perCopy; index < FILES; index++) {
  writeFileSync(
    join(tree, 'plain', `util-${index}.ts`),
    `export function util${index}(a: number): number {\n  return a * ${index};\n}\n`,
  );
}
const started = performance.now();
const report = rewrite([tree], { tracerName: 'bench' });
const seconds = (performance.now() - started) / 1000;
rmSync(tree, { recursive: true, force: true });
const rss = process.resourceUsage().maxRSS / 1024;
const rewritten = report.files.filter((file) => file.outcome === 'rewritten').length;
console.log(
  `rewrote ${FILES} files in ${seconds.toFixed(2)} s (peak RSS ${rss.toFixed(0)} MiB): ` +
    `${rewritten} rewritten, ${report.files.length - rewritten} with TODOs, ${report.groups.length} groups`,
);
if (seconds > 60 || rss > 2048) process.exitCode = 1;
