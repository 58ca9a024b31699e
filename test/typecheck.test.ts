// The whole project (src, tests, examples, benchmarks, the codemod) type-checks under tsconfig.json
// (`strict` and more): the tests themselves run transpiled only (tsconfig.jest.json), so this is
// where a type error fails `npm test`. It runs beside the other test files rather than before them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

it('type-checks with tsc', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      'tsconfig.json',
      '--noEmit',
      '--pretty',
      'false',
      // Incremental: what tsc learnt of the files that did not change is kept between runs (a
      // full check on a fresh clone, a fraction of it after a small change).
      '--incremental',
      '--tsBuildInfoFile',
      join(root, 'node_modules', '.cache', 'opentracing-otel-bridge', 'typecheck.tsbuildinfo'),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 130_000);
