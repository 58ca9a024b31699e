// What the tests use of @opentelemetry/sdk-trace-base (SDK 2.x), provided on SDK 3.x's
// @opentelemetry/sdk-trace for the second CI leg (.ci/sdk3). SDK 3 renamed BasicTracerProvider to
// TracerProvider and takes the exporter of a span processor in an options object.
const path = require('node:path');
const sdk = require(
  path.join(
    __dirname,
    '..',
    '..',
    '..',
    '.ci',
    'sdk3',
    'node_modules',
    '@opentelemetry',
    'sdk-trace',
  ),
);

class BasicTracerProvider extends sdk.TracerProvider {}

class SimpleSpanProcessor extends sdk.SimpleSpanProcessor {
  constructor(exporter) {
    super({ exporter });
  }
}

class BatchSpanProcessor extends sdk.BatchSpanProcessor {
  constructor(exporter, options = {}) {
    super({ ...options, exporter });
  }
}

module.exports = {
  ...sdk,
  BasicTracerProvider,
  SimpleSpanProcessor,
  BatchSpanProcessor,
};
