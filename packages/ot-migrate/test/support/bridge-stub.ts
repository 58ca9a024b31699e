// The bridge installed in a test project, as in an application that runs on it: the files that
// move beside code that stays OpenTracing convert with its adapters. node_modules/opentracing-otel-bridge
// stands for the package: it is this repository's src, so the project's spans come from the same
// bridge the test installs.
import { join } from 'node:path';

const BRIDGE_SOURCE = join(__dirname, '..', '..', '..', '..', 'src').replace(/\\/g, '/');

/** The files of the stand-in package, by path from the project's root. */
export const BRIDGE_STUB: Readonly<Record<string, string>> = {
  'node_modules/opentracing-otel-bridge/package.json': `{ "name": "opentracing-otel-bridge", "main": "index.js", "types": "index.d.ts" }\n`,
  'node_modules/opentracing-otel-bridge/index.d.ts': `export * from '${BRIDGE_SOURCE}';\n`,
  'node_modules/opentracing-otel-bridge/index.js': `module.exports = require('${BRIDGE_SOURCE}');\n`,
};
