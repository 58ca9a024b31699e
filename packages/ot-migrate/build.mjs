// Builds the `ot-migrate` bin: one CommonJS file. The codemod writes what the bridge does, so the
// bridge's own mapping rules (src/conventions at the repository root) are compiled into it rather
// than copied; its dependencies stay external and are installed with the package. The OTLP .proto
// files `ot-migrate traces` decodes with are read at run time, from beside the bundle (dist/proto).
import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync(new URL('dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: [new URL('src/cli.ts', import.meta.url).pathname],
  outfile: new URL('dist/cli.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
cpSync(new URL('src/traces/proto', import.meta.url), new URL('dist/proto', import.meta.url), {
  recursive: true,
  filter: (source) => !source.endsWith('.md'),
});
