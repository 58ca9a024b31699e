// Jest's own order (longest first, by the durations it caches), also on a run with no durations
// cached yet, as on a fresh CI clone: Jest would order those test files by size, and the codemod's
// runs.test.ts, a few lines long, would start last and keep one worker busy for a quarter of a
// minute while the other idles. The test files below have their duration estimated until Jest has
// measured them; any other file counts as short, to fill in at the end.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import sequencer from '@jest/test-sequencer';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Seconds, each file alone (`npx jest --runInBand --json` with CI's settings), longest first.
 * @type {Record<string, number | undefined>}
 */
const ESTIMATED_SECONDS = {
  // cli, hostile-tree, projects and equivalence, in one registry.
  'packages/ot-migrate/test/end-to-end.test.ts': 17,
  'test/integration/package-install.test.ts': 12,
  'packages/ot-migrate/test/runs.test.ts': 12,
  'packages/ot-migrate/test/rules.test.ts': 9,
  'test/paths-agree.property.test.ts': 8,
  'test/propagation/outgoing-headers.property.test.ts': 8,
  // A full check: no incremental state in a fresh clone.
  'test/typecheck.test.ts': 8,
  'test/propagation/jaeger-client-wire.property.test.ts': 7,
  'test/docs/migration-guide.test.ts': 6,
  'packages/ot-migrate/test/traces-attack.test.ts': 5,
  'test/hardening/isolation.test.ts': 5,
  'test/never-throws.property.test.ts': 4,
  'packages/ot-migrate/test/traces-html-browser.test.ts': 4,
  'test/examples/demo-report.test.ts': 4,
  'packages/ot-migrate/test/traces-receiver.test.ts': 3,
  'test/hardening/long-run.test.ts': 3,
  'test/propagation/headers.property.test.ts': 3,
  'test/hardening/faults.test.ts': 2,
  'test/integration/jaeger-client-otlp.test.ts': 2,
};

export default class LongestFirst extends sequencer.default {
  /**
   * As Jest orders them: the files that failed last time first, then the longest first, by the
   * duration Jest cached, else the estimate above, else as short.
   * @param {import('@jest/test-result').Test[]} tests
   */
  sort(tests) {
    /** @param {import('@jest/test-result').Test} test */
    const last = (test) => this._getCache(test)[test.path];
    /** @param {import('@jest/test-result').Test} test Jest records a failure as 0. */
    const failed = (test) => (last(test)?.[0] === 0 ? 1 : 0);
    /** @param {import('@jest/test-result').Test} test */
    const milliseconds = (test) =>
      last(test)?.[1] ??
      1000 * (ESTIMATED_SECONDS[relative(ROOT, test.path).replaceAll('\\', '/')] ?? 0);
    return [...tests].sort((a, b) => failed(b) - failed(a) || milliseconds(b) - milliseconds(a));
  }
}
