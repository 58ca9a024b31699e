/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/packages/ot-migrate/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // isolatedModules: false makes ts-jest type-check the tests instead of only transpiling them.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }],
  },
};
