// Tag values the bridge converts when the code runs (`http.method`, `db.type`): when the value is
// not a literal, the rewritten file gets a small function of its own that converts it the same way,
// and the attribute is written through it.
import { ts } from 'ts-morph';
import { KNOWN_HTTP_METHODS } from '../../../../src/conventions/tag-translation';
import type { FilePlanning } from '../planning';

/** The tags whose values a helper converts, and the helper's name. */
const HELPERS = {
  'http.method': 'httpRequestMethod',
  'http.url': 'urlAttributes',
  'db.type': 'dbSystemName',
} as const;

/** A tag whose value the rewritten file converts with a helper of its own. */
export type ConvertedTag = keyof typeof HELPERS;

/**
 * The attribute entry for a converted tag's value: a spread of the helper's attributes
 * (`...httpRequestMethod(req.method)`: the method and, for a method the conventions do not list,
 * the original) or `'db.system.name': dbSystemName(type)`. Undefined when the value may be
 * something else than text (missing, `any`): the bridge leaves those as they are, and a helper
 * cannot tell.
 */
export function convertedTagEntry(
  plan: FilePlanning,
  key: string,
  name: string,
  value: ts.Expression,
): string | undefined {
  if (!(key in HELPERS)) return undefined;
  const type = plan.checker.getTypeAtLocation(value);
  if (type.isUnion() || (type.flags & ts.TypeFlags.StringLike) === 0) return undefined;
  const helper = plan.valueHelper(HELPERS[key as ConvertedTag]);
  const text = plan.text(value);
  return key === 'db.type' ? `'${name}': ${helper}(${text})` : `...${helper}(${text})`;
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
  const typed = javaScript ? parameter : `${parameter}: string`;
  const jsDocType = javaScript ? `\n * @param {string} ${parameter}` : '';
  if (helper === 'httpRequestMethod') {
    const known = [...KNOWN_HTTP_METHODS].map((method) => `'${method}'`).join(', ');
    return [
      '/**',
      " * `http.request.method` as OpenTelemetry's HTTP conventions write it (as the bridge did with",
      ` * \`http.method\`): upper-cased; a method they do not list is \`_OTHER\`, with the original.${jsDocType}`,
      ' */',
      `function ${name}(${typed}) {`,
      `  const known = [${known}];`,
      `  const upper = method.toUpperCase();`,
      `  return known.includes(upper)`,
      `    ? { 'http.request.method': upper }`,
      `    : { 'http.request.method': '_OTHER', 'http.request.method_original': method };`,
      '}',
      '',
    ].join('\n');
  }
  if (helper === 'urlAttributes') return urlHelperText(name, typed, jsDocType, javaScript);
  return [
    '/**',
    " * `db.system.name` as OpenTelemetry's database conventions write it (as the bridge did with",
    ` * \`db.type\`): lower-cased; the generic \`sql\` is \`other_sql\`.${jsDocType}`,
    ' */',
    `function ${name}(${typed}) {`,
    `  const system = type.toLowerCase();`,
    `  return system === 'sql' ? 'other_sql' : system;`,
    '}',
    '',
  ].join('\n');
}

/** The `http.url` helper: the bridge's split of a path into `url.path`, `url.query`, `url.fragment`. */
function urlHelperText(
  name: string,
  typed: string,
  jsDocType: string,
  javaScript: boolean,
): string {
  const record = 'Record<string, string>';
  const annotation = javaScript ? '' : `: ${record}`;
  return [
    '/**',
    " * `http.url` as OpenTelemetry's URL conventions write it (as the bridge did): `url.full` for a",
    ' * URL with a scheme or host; a path (`req.url`) as `url.path`, with `url.query` and',
    ` * \`url.fragment\`.${jsDocType}`,
    ...(javaScript ? [` * @returns {${record}}`] : []),
    ' */',
    `function ${name}(${typed})${annotation} {`,
    "  if (/^(?:[a-z][a-z\\d+.-]*:|\\/\\/)/i.test(url)) return { 'url.full': url };",
    "  const hash = url.indexOf('#');",
    '  const beforeHash = hash < 0 ? url : url.slice(0, hash);',
    "  const question = beforeHash.indexOf('?');",
    `  const attributes${annotation} = {`,
    "    'url.path': question < 0 ? beforeHash : beforeHash.slice(0, question),",
    '  };',
    "  if (question >= 0) attributes['url.query'] = beforeHash.slice(question + 1);",
    "  if (hash >= 0) attributes['url.fragment'] = url.slice(hash + 1);",
    '  return attributes;',
    '}',
    '',
  ].join('\n');
}
