/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/packages/ot-migrate/test'],
  testMatch: ['**/*.test.ts'],
  // Which services the integration tests can reach (skipped, and shown so, where one is missing).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  transform: {
    // isolatedModules: false makes ts-jest type-check the tests instead of only transpiling them.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }],
  },
};
