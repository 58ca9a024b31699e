// Tag values the bridge converts when the code runs (`http.method`, `db.type`): when the value is
// not a literal, the rewritten file gets a small function of its own that converts it the same way,
// and the attribute is written through it.
import { ts } from '@ts-morph/common';
import { KNOWN_HTTP_METHODS } from '../../../../src/conventions/tag-translation';
import type { FilePlanning } from '../planning';

/** The tags whose values a helper converts, and the helper's name. */
const HELPERS = {
  'http.method': 'httpRequestMethod',
  'http.url': 'urlAttributes',
  'db.type': 'dbSystemAttributes',
} as const;

/** A tag whose value the rewritten file converts with a helper of its own. */
export type ConvertedTag = keyof typeof HELPERS;

/** Whether the bridge converts a tag's text values (`http.method`, `http.url`, `db.type`). */
export function isConvertedTag(key: string): key is ConvertedTag {
  return Object.prototype.hasOwnProperty.call(HELPERS, key);
}

/**
 * The attribute entry for a converted tag's value: a spread of the helper's attributes
 * (`...httpRequestMethod(req.method)`: the method and, for a method the conventions do not list,
 * the original; `...dbSystemAttributes(type)`, `...urlAttributes(req.url)`). Undefined when the value may be
 * something else than text (missing, `any`): the bridge leaves those as they are, and a helper
 * cannot tell.
 */
export function convertedTagEntry(
  plan: FilePlanning,
  key: string,
  value: ts.Expression,
): string | undefined {
  if (!isConvertedTag(key)) return undefined;
  const type = plan.checker.getTypeAtLocation(value);
  if (type.isUnion() || (type.flags & ts.TypeFlags.StringLike) === 0) return undefined;
  const helper = plan.valueHelper(HELPERS[key]);
  const text = plan.text(value);
  return `...${helper}(${text})`;
}

/** The attribute names a converted tag's entry may write (no two tags may write one name). */
export function convertedTagNames(key: string): string[] {
  if (key === 'http.method') return ['http.request.method', 'http.request.method_original'];
  if (key === 'http.url') return ['url.full', 'url.path', 'url.query', 'url.fragment'];
  return ['db.system.name'];
}

/** Appends the helpers the file's rewrite uses, at its end (function declarations: in scope above). */
export function planValueHelpers(plan: FilePlanning): void {
  const javaScript = /\.[cm]?jsx?$/.test(plan.sourceFile.fileName);
  const texts: string[] = [];
  for (const [helper, name] of plan.valueHelpers) {
    texts.push(helperText(helper as Helper, name, javaScript));
  }
  if (texts.length === 0) return;
  const end = plan.sourceFile.text.length;
  const newline = plan.sourceFile.text.includes('\r\n') ? '\r\n' : '\n';
  const separator = plan.sourceFile.text.endsWith('\n') ? newline : newline + newline;
  plan.replaceRange(
    end,
    end,
    `${separator}${texts.join(newline).replace(/\n/g, newline)}`.replace(/\r\r\n/g, '\r\n'),
  );
}

/** The name of a value-converting helper. @internal */
export type Helper = (typeof HELPERS)[ConvertedTag];

/**
 * The source of a helper function, named `name`, in TypeScript or (with JSDoc types) JavaScript.
 * @internal
 */
export function helperText(helper: Helper, name: string, javaScript: boolean): string {
  const parameter =
    helper === 'httpRequestMethod' ? 'method' : helper === 'urlAttributes' ? 'url' : 'type';
  // Typed text, the value may still be missing as the code runs (an absent header read through an
  // index signature): the bridge then writes nothing, and so does the helper.
  const record = 'Record<string, string>';
  const head = [
    ...HELPER_DOCS[helper],
    ...(javaScript
      ? [` * @param {string | null | undefined} ${parameter}`, ` * @returns {${record}}`]
      : []),
    ' */',
    javaScript
      ? `function ${name}(${parameter}) {`
      : `function ${name}(${parameter}: string | null | undefined): ${record} {`,
    `  if (${parameter} === undefined || ${parameter} === null) return {};`,
  ];
  return [...head, ...HELPER_BODIES[helper](javaScript ? '' : `: ${record}`), '}', ''].join('\n');
}

/** What each helper's doc comment says. */
const HELPER_DOCS: Record<Helper, string[]> = {
  httpRequestMethod: [
    '/**',
    " * `http.request.method` as OpenTelemetry's HTTP conventions write it (as the bridge did with",
    ' * `http.method`): upper-cased; a method they do not list is `_OTHER`, with the original.',
  ],
  urlAttributes: [
    '/**',
    " * `http.url` as OpenTelemetry's URL conventions write it (as the bridge did): `url.full` for a",
    ' * URL with a scheme or host; a path (`req.url`) as `url.path`, with `url.query` and',
    ' * `url.fragment`.',
  ],
  dbSystemAttributes: [
    '/**',
    " * `db.system.name` as OpenTelemetry's database conventions write it (as the bridge did with",
    ' * `db.type`): lower-cased; the generic `sql` is `other_sql`.',
  ],
};

/** Each helper's statements after the test for a missing value (`annotation`: `: Record<…>` or none). */
const HELPER_BODIES: Record<Helper, (annotation: string) => string[]> = {
  httpRequestMethod: () => [
    `  const known = [${[...KNOWN_HTTP_METHODS].map((method) => `'${method}'`).join(', ')}];`,
    '  const upper = method.toUpperCase();',
    '  return known.includes(upper)',
    "    ? { 'http.request.method': upper }",
    "    : { 'http.request.method': '_OTHER', 'http.request.method_original': method };",
  ],
  urlAttributes: (annotation) => [
    "  if (/^(?:[a-z][a-z\\d+.-]*:|\\/\\/)/i.test(url)) return { 'url.full': url };",
    "  const hash = url.indexOf('#');",
    '  const beforeHash = hash < 0 ? url : url.slice(0, hash);',
    "  const question = beforeHash.indexOf('?');",
    // JavaScript: the type in JSDoc, so a checked file may add the query and fragment keys.
    ...(annotation === '' ? ['  /** @type {Record<string, string>} */'] : []),
    `  const attributes${annotation} = {`,
    "    'url.path': question < 0 ? beforeHash : beforeHash.slice(0, question),",
    '  };',
    "  if (question >= 0) attributes['url.query'] = beforeHash.slice(question + 1);",
    "  if (hash >= 0) attributes['url.fragment'] = url.slice(hash + 1);",
    '  return attributes;',
  ],
  dbSystemAttributes: () => [
    '  const system = type.toLowerCase();',
    "  return { 'db.system.name': system === 'sql' ? 'other_sql' : system };",
  ],
};
