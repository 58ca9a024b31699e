// Tag values the bridge converts when the code runs (`http.method`, `db.type`): when the value is
// not a literal, the rewritten file gets a small function of its own that converts it the same way,
// and the attribute is written through it.
import { ts } from 'ts-morph';
import { KNOWN_HTTP_METHODS } from '../../../../src/conventions/tag-translation';
import type { FilePlanning } from '../planning';

/** The tags whose values a helper converts, and the helper's name. */
const HELPERS = {
  'http.method': 'httpRequestMethod',
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
  return key === 'http.method' ? `...${helper}(${text})` : `'${name}': ${helper}(${text})`;
}

/** The attribute names a converted tag's entry may write (no two tags may write one name). */
export function convertedTagNames(key: string): string[] {
  return key === 'http.method'
    ? ['http.request.method', 'http.request.method_original']
    : ['db.system.name'];
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

type Helper = (typeof HELPERS)[ConvertedTag];

function helperText(helper: Helper, name: string, javaScript: boolean): string {
  const parameter = helper === 'httpRequestMethod' ? 'method' : 'type';
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
