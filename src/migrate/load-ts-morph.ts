import type * as TsMorph from 'ts-morph';

/**
 * Loads ts-morph, which the CLI needs and the bridge does not. It is not a dependency of the
 * bridge at all (as an optional peer it made npm refuse apps with another `diff` or `ts-morph`):
 * it is loaded only when `ot-migrate` runs. Throws an error that says how to install it.
 * @internal
 */
export function loadTsMorph(): typeof TsMorph {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('ts-morph') as typeof TsMorph;
  } catch {
    throw new Error(
      'this command needs ts-morph (and diff for --dry-run): npm install --save-dev ts-morph diff',
    );
  }
}
