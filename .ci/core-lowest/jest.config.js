// The propagation tests with the lowest @opentelemetry/core the peer range admits (2.0.0, which
// bounds no incoming baggage itself): the bridge's own limits must hold with it. Every import of
// @opentelemetry/core, the propagator packages' included, resolves to .ci/core-lowest.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const base = require(path.join(root, 'jest.config.js'));

module.exports = {
  ...base,
  rootDir: root,
  roots: ['<rootDir>/test'],
  testMatch: ['**/test/propagation/**/*.test.ts', '**/test/integration/hostile-headers.test.ts'],
  moduleNameMapper: {
    '^@opentelemetry/core$': path.join(__dirname, 'node_modules', '@opentelemetry', 'core'),
  },
};
