// Times `ot-migrate scan` on a generated tree of 1,000 files (npm run bench:scan). Not a test.
// The tree is copies of the fixture codebases (55 usages in 7 files each), plus files without
// tracing, so the expected count is known and checked.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scan } from '../src/scan';

const FILES = Number(process.env.SCAN_FILES ?? 1000);
const USAGES_PER_COPY = 55;
const root = join(__dirname, '..');
const tree = join(root, '.scratch-bench-tree');
const fixtures = join(root, 'test', 'fixtures');

function countFiles(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce(
    (sum, entry) => sum + (entry.isDirectory() ? countFiles(join(directory, entry.name)) : 1),
    0,
  );
}

function generate(): { copies: number } {
  rmSync(tree, { recursive: true, force: true });
  const perCopy = countFiles(fixtures);
  const copies = Math.floor((FILES * 0.9) / perCopy);
  for (let copy = 0; copy < copies; copy++)
    cpSync(fixtures, join(tree, `service-${copy}`), { recursive: true });
  const plain = join(tree, 'plain');
  mkdirSync(plain, { recursive: true });
  for (let index = copies * perCopy; index < FILES; index++) {
    writeFileSync(
      join(plain, `util-${index}.ts`),
      `export function util${index}(a: number): number {\n  return a * ${index};\n}\n`,
    );
  }
  return { copies };
}

const { copies } = generate();
const started = performance.now();
const report = scan([tree]);
const seconds = (performance.now() - started) / 1000;
rmSync(tree, { recursive: true, force: true });
const expected = copies * USAGES_PER_COPY;
console.log(
  `scanned ${report.filesScanned} files in ${seconds.toFixed(2)} s: ${report.remaining} usages ` +
    `(expected ${expected}) in ${report.files.length} files`,
);
if (report.remaining !== expected || seconds > 10) process.exitCode = 1;
