// The functions the rewrite adds to convert tag values as the code runs (rules/value-helpers.ts)
// must do what the bridge does with those tags: each helper's source, compiled as the rewritten
// file would be, is run on arbitrary text and compared with the bridge's own translation table.
import type { Attributes } from '@opentelemetry/api';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import { TAG_TRANSLATIONS } from '../../../src';
import type { Helper } from '../src/rules/value-helpers';
import { helperText } from '../src/rules/value-helpers';

/** The helper compiled (TypeScript, or the JSDoc JavaScript version) and loaded as a function. */
function compiled(helper: Helper, javaScript: boolean): (value: string) => unknown {
  const source = helperText(helper, 'convert', javaScript);
  const js = javaScript ? source : ts.transpile(source, { target: ts.ScriptTarget.ES2022 });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the helper's own source, on purpose
  return new Function(`${js}\nreturn convert;`)() as (value: string) => unknown;
}

/** What the bridge writes for a tag, in the `otel` mode's names: every attribute it produces. */
function bridge(tag: 'http.method' | 'http.url' | 'db.type', value: string): Attributes {
  const translation = TAG_TRANSLATIONS[tag];
  const out: Attributes = {};
  const converted = translation.value!(value, out);
  if (converted !== undefined) out[translation.otel!] = converted;
  return out;
}

/** Text of the shapes these tags hold: methods, URLs and paths with queries and fragments. */
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('get', 'POST', 'purge', 'Patch', 'SQL', 'sql', 'Redis', 'PROPFIND', ''),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(fc.webPath(), fc.option(fc.webQueryParameters()), fc.option(fc.webFragments()))
    .map(
      ([path, query, fragment]) =>
        `${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`,
    ),
  fc.constantFrom('//host/p?q', '/orders/1?x=1#top', 'mailto:a@b', '?only', '#only', 'a:b'),
);

describe.each([false, true])('in JavaScript: %s', (javaScript) => {
  it('httpRequestMethod writes the method attributes the bridge writes', () => {
    const convert = compiled('httpRequestMethod', javaScript);
    fc.assert(
      fc.property(text, (value) => {
        expect(convert(value)).toEqual(bridge('http.method', value));
      }),
    );
  });

  it('urlAttributes writes the URL attributes the bridge writes', () => {
    const convert = compiled('urlAttributes', javaScript);
    fc.assert(
      fc.property(text, (value) => {
        expect(convert(value)).toEqual(bridge('http.url', value));
      }),
    );
  });

  it('dbSystemAttributes writes the database system the bridge writes', () => {
    const convert = compiled('dbSystemAttributes', javaScript);
    fc.assert(
      fc.property(text, (value) => {
        expect(convert(value)).toEqual(bridge('db.type', value));
      }),
    );
  });

  it.each(['httpRequestMethod', 'urlAttributes', 'dbSystemAttributes'] as const)(
    '%s writes nothing for a value missing as the code runs, as the bridge leaves it out',
    (helper) => {
      const convert = compiled(helper, javaScript) as (value: unknown) => unknown;
      expect(convert(undefined)).toEqual({});
      expect(convert(null)).toEqual({});
    },
  );
});
