// The propagation tests with the lowest @opentelemetry/core the peer range admits (2.0.0, which
// bounds no incoming baggage itself): the bridge's own limits must hold with it. Every import of
// @opentelemetry/core, the propagator packages' included, resolves to .ci/core-lowest.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
// The project's config without its groups (fast, slow): one group here.
const { projects, ...base } = require(path.join(root, 'jest.config.js'));
const { displayName, testMatch, testPathIgnorePatterns, ...shared } = projects[0];

module.exports = {
  ...base,
  ...shared,
  rootDir: root,
  roots: ['<rootDir>/test'],
  testMatch: ['**/test/propagation/**/*.test.ts', '**/test/integration/hostile-headers.test.ts'],
  moduleNameMapper: {
    '^@opentelemetry/core$': path.join(__dirname, 'node_modules', '@opentelemetry', 'core'),
  },
};
