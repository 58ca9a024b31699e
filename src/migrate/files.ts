import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

/** The file types `ot-migrate` reads. */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
]);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'build', 'coverage']);

/**
 * Every source file under the given paths (files are taken as given; directories are walked,
 * skipping node_modules, .git, dist, build and coverage, and `.d.ts` files), sorted.
 * @internal
 */
export function collectSourceFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  for (const path of paths) walk(resolve(path), found, true);
  return [...found].sort();
}

function walk(path: string, found: Set<string>, explicit: boolean): void {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) {
    if (explicit) throw new Error(`no such file or directory: ${path}`);
    return;
  }
  if (stats.isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (!SKIPPED_DIRECTORIES.has(entry)) walk(join(path, entry), found, false);
    }
  } else if (isSourceFile(path) || (explicit && stats.isFile())) {
    found.add(path);
  }
}

function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSIONS.has(extname(path)) && !path.endsWith('.d.ts');
}
