import { dirname, relative } from 'node:path';

/** A file's path as the TODOs of another file name it: relative to that file's directory. */
export function shortPath(from: string, to: string): string {
  return relative(dirname(from), to).replace(/\\/g, '/');
}
