import { lstatSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSourceText } from './source-file-io';
import type { RewriteOptions } from './rewrite-options';

// The name `rewrite` gives `trace.getTracer(…)`: the option, else the name of the package the
// file belongs to.

/** The tracer name of a file's rewrite. @internal */
export function tracerNameFor(file: string, options: RewriteOptions): string {
  return options.tracerName ?? packageName(file);
}

const packageNames = new Map<string, string>();

/** The `name` of the package.json nearest to a file, else `app`. */
function packageName(fileName: string): string {
  let directory = dirname(fileName);
  for (;;) {
    const cached = packageNames.get(directory) ?? manifestName(directory);
    if (cached !== undefined) {
      packageNames.set(directory, cached);
      return cached;
    }
    const up = dirname(directory);
    if (up === directory) return 'app';
    directory = up;
  }
}

const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * The name in a directory's package.json: `app` when it has none or cannot be read, undefined
 * when there is no package.json. Read as carefully as source files: it may be a FIFO too.
 */
function manifestName(directory: string): string | undefined {
  const manifest = join(directory, 'package.json');
  if (lstatSync(manifest, { throwIfNoEntry: false }) === undefined) return undefined;
  let real: string;
  try {
    real = realpathSync(manifest);
  } catch {
    return 'app';
  }
  const read = readSourceText(real, MAX_MANIFEST_BYTES);
  if (!('text' in read)) return 'app';
  try {
    const parsed = JSON.parse(read.text) as { name?: unknown };
    return typeof parsed.name === 'string' && parsed.name !== '' ? parsed.name : 'app';
  } catch {
    // An unreadable package.json names nothing.
    return 'app';
  }
}
