// The test suite on OpenTelemetry JS SDK 3.x (api 1.10): the same tests, with the OpenTelemetry
// packages resolved from .ci/sdk3/node_modules instead of the project's own (SDK 2.x, api 1.9).
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const sdk3 = path.join(__dirname, 'node_modules', '@opentelemetry');
// The project's config without its groups (fast, slow): one group here, with every test file.
const { projects, ...base } = require(path.join(root, 'jest.config.js'));
const { displayName, testMatch, testPathIgnorePatterns, ...shared } = projects[0];

module.exports = {
  ...base,
  ...shared,
  rootDir: root,
  testMatch: ['**/*.test.ts'],
  // The browser test bundles its page with esbuild from the project's own packages, whatever jest
  // resolves: here it would only repeat the first leg.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  moduleNameMapper: {
    '^@opentelemetry/(api|context-async-hooks|core|propagator-b3|resources|sdk-trace|exporter-trace-otlp-http|exporter-trace-otlp-proto|sampler-jaeger-remote)$': `${sdk3}/$1`,
    // SDK 3 has no sdk-trace-base: the tests' imports of it go to a thin adapter over sdk-trace.
    '^@opentelemetry/sdk-trace-base$': path.join(
      root,
      'test',
      'support',
      'sdk3',
      'sdk-trace-base.js',
    ),
  },
};
