// Long runs, in a child process with --expose-gc: 1,000,000 spans, spans never
// finished, spans finished twice, and a hanging exporter (long-run.script.ts). The bridge's own
// structures must not grow;
// with the exporter hanging, the SDK's queue limit bounds what is kept.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { scratchBundle } from '../support/node-bundle';

const root = join(__dirname, '..', '..');

interface Line {
  name: string;
  spans?: number;
  growthBytes?: number;
  count?: number;
}

let lines: Line[];

beforeAll(() => {
  const script = scratchBundle(join(__dirname, 'long-run.script.ts'));
  const run = spawnSync(process.execPath, ['--expose-gc', script.file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  script.remove();
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  lines = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}, 130_000);

const MB = 1024 * 1024;
const growthOf = (name: string) => lines.find((line) => line.name === name)!.growthBytes!;

it('grows the heap by less than 1 MB over 1,000,000 finished spans', () => {
  expect(growthOf('finished')).toBeLessThan(1 * MB);
});

it('keeps nothing of spans that are never finished', () => {
  expect(growthOf('never finished')).toBeLessThan(1 * MB);
});

it('ignores a second finish, with one warning, and keeps nothing', () => {
  expect(growthOf('finished twice')).toBeLessThan(1 * MB);
  expect(lines.find((line) => line.name === 'finished twice: warnings')!.count).toBe(1);
});

it('stays within the SDK queue limit when the exporter hangs', () => {
  // 2,048 queued spans of a few KB each at most; 200,000 spans kept would be hundreds of MB.
  expect(growthOf('hanging exporter')).toBeLessThan(16 * MB);
});
