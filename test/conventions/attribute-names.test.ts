import * as stable from '@opentelemetry/semantic-conventions';
import * as names from '../../src/conventions/attribute-names';

// The types of this subpath need a newer moduleResolution than the project's (node10).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const incubating = require('@opentelemetry/semantic-conventions/incubating') as object;

// The bridge spells out the convention names it uses (see why in attribute-names.ts); each must be
// the package's value, from its stable entry when it has one there.
describe('semantic-convention names', () => {
  it.each(Object.entries(names))('%s is the package’s value', (name, value) => {
    const fromPackage =
      (stable as Record<string, unknown>)[name] ?? (incubating as Record<string, unknown>)[name];
    expect(fromPackage).toBe(value);
  });
});
