/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/packages/ot-migrate/test'],
  testMatch: ['**/*.test.ts'],
  // Which services the integration tests can reach (skipped, and shown so, where one is missing).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Both cores: Jest's default leaves one idle on a 2-core machine.
  maxWorkers: 2,
  transform: {
    // Transpiled only (tsconfig.jest.json): `npm test` type-checks the whole project first.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
};
