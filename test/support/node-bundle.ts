// TypeScript that tests run in processes of their own, bundled with esbuild for plain `node`: with
// `node --import tsx`, every process starts tsx's loader and transpiles the same sources again,
// about 0.45 s of its run. The bundle holds the repository's own sources; the packages stay outside
// it, and it is written inside the repository, so they resolve from its node_modules as they do
// from the sources.
import { mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

/**
 * Bundles each entry (`<dir>/<name>.ts`) into `outdir` as `<name>.js`: CommonJS, as tsx runs this
 * repository's .ts files, for the running Node.
 */
export function bundleForNode(entryPoints: readonly string[], outdir: string): void {
  buildSync({
    entryPoints: [...entryPoints],
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node}`,
    packages: 'external',
    // package.json's `sideEffects: false` (for bundlers of the published package) would drop the
    // imports made for their effects only, which tsx runs.
    ignoreAnnotations: true,
    logLevel: 'error',
  });
}

/** One bundled entry in a scratch directory of the repository, and how to remove it. */
export interface ScratchBundle {
  /** The bundle, for `node <file>`. */
  file: string;
  remove(): void;
}

/** {@link bundleForNode} for one entry, into a directory of its own (`.scratch-bundle-*`). */
export function scratchBundle(entry: string): ScratchBundle {
  const outdir = mkdtempSync(join(ROOT, '.scratch-bundle-'));
  bundleForNode([entry], outdir);
  return {
    file: join(outdir, basename(entry).replace(/\.ts$/, '.js')),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
