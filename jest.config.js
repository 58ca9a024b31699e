// The slow groups (real processes, packages, networks, whole fixture projects, the type check):
// `npm test` runs
// them beside the others; `npm run test:fast` leaves them out, for the inner loop.
const SLOW = [
  '/test/(integration|hardening|docs|examples|browser)/.*\\.test\\.ts$',
  '/packages/ot-migrate/test/(end-to-end|traces-html-browser)\\.test\\.ts$',
  '/test/typecheck\\.test\\.ts$',
  // ot-migrate traces: real OTLP/HTTP, the command and the services as processes of their own.
  '/packages/ot-migrate/test/traces-(fleet|receiver)\\.test\\.ts$',
];

/** What every group shares. */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/packages/ot-migrate/test'],
  transform: {
    // Transpiled only (tsconfig.jest.json): test/typecheck.test.ts type-checks the whole project.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
};

/** @type {import('jest').Config} */
module.exports = {
  // Which services the integration tests can reach (skipped, and shown so, where one is missing).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Both cores: Jest's default leaves one idle on a 2-core machine.
  maxWorkers: 2,
  // Longest first, also where Jest has no durations cached yet (a fresh CI clone).
  testSequencer: '<rootDir>/test/support/jest/test-sequencer.mjs',
  projects: [
    {
      ...shared,
      displayName: 'fast',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...SLOW],
    },
    {
      ...shared,
      displayName: 'slow',
      testRegex: SLOW,
    },
  ],
};
