// npm run size: what the bridge weighs in a browser bundle. Bundles small entries that import the
// built package by its name, as an application would (so the bundler picks the ES module build
// through the `module` condition), with esbuild for the browser, minified; prints each bundle's
// size and gzipped size, and what the bridge's own bundle is made of. With --check, exits 1 when
// the bridge adds more than BUDGET_BYTES on top of @opentelemetry/api and core (issue #14).
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB = 1024;
const BUDGET_BYTES = 64 * KB;
const API_AND_CORE = ['@opentelemetry/api', '@opentelemetry/core'];

interface Entry {
  name: string;
  contents: string;
  external: string[];
}

const ENTRIES: Entry[] = [
  {
    name: 'bridge, whole public API, over api + core',
    contents: "export * from 'opentracing-otel-bridge';",
    external: API_AND_CORE,
  },
  {
    name: 'bridge, TracerShim only, over api + core',
    contents: "export { TracerShim } from 'opentracing-otel-bridge';",
    external: API_AND_CORE,
  },
  {
    name: 'bridge, whole public API, with api + core',
    contents: "export * from 'opentracing-otel-bridge';",
    external: [],
  },
  {
    name: 'api + core alone (what the bridge uses)',
    contents: [
      "export { context, diag, propagation, trace } from '@opentelemetry/api';",
      "export { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';",
    ].join('\n'),
    external: [],
  },
  {
    name: 'web app: sdk-trace-web alone',
    contents: "export { WebTracerProvider } from '@opentelemetry/sdk-trace-web';",
    external: [],
  },
  {
    name: 'web app: sdk-trace-web + TracerShim',
    contents: [
      "export { WebTracerProvider } from '@opentelemetry/sdk-trace-web';",
      "export { TracerShim } from 'opentracing-otel-bridge';",
    ].join('\n'),
    external: [],
  },
  {
    // What a bundler that ignores the `module` condition gets: nothing can be shaken.
    name: 'bridge, CommonJS build, over api + core',
    contents: "export * from './dist/index.js';",
    external: API_AND_CORE,
  },
];

interface Size {
  minified: number;
  gzipped: number;
  metafile: Metafile;
}

async function bundle(entry: Entry): Promise<Size> {
  const result = await build({
    stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: entry.external,
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    metafile: result.metafile,
  };
}

/** Bytes in the bundle per package, the bridge's own files as `opentracing-otel-bridge`. */
function byPackage(metafile: Metafile): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'opentracing-otel-bridge';
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const format = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`.padStart(10);

console.log(
  `${'bundle (esbuild, browser, minified)'.padEnd(46)}${'minified'.padStart(10)}${'gzipped'.padStart(10)}`,
);
const sizes: Size[] = [];
for (const entry of ENTRIES) {
  const size = await bundle(entry);
  sizes.push(size);
  console.log(`${entry.name.padEnd(46)}${format(size.minified)}${format(size.gzipped)}`);
}
console.log(`\n${ENTRIES[0].name}, by package (bytes of minified output):`);
for (const [name, bytes] of byPackage(sizes[0].metafile)) {
  console.log(`  ${name.padEnd(44)}${format(bytes)}`);
}

const added = sizes[0].minified;
if (process.argv.includes('--check')) {
  if (added > BUDGET_BYTES) {
    console.error(
      `\nThe bridge adds ${format(added).trim()} over api + core: more than the ${BUDGET_BYTES / KB} KB budget.`,
    );
    process.exit(1);
  }
  console.log(`\nWithin the ${BUDGET_BYTES / KB} KB budget over api + core.`);
}
