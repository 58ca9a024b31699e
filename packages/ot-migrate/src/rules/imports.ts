// The import (or require) of opentracing, and re-exports from it.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import { aliasSpecifier, isApiType } from '../source-text';
import { isImport, lineEnd, newApiImport, requireStatement } from '../syntax';

/**
 * `export { Span, Tracer } from 'opentracing'` (an index file's): the @opentelemetry/api types
 * of the same names, which the rewritten code uses; as types only, since OpenTelemetry's are
 * interfaces. OpenTracing's values (`Tags`, `FORMAT_*`, `globalTracer`…) have no equivalent to
 * re-export.
 */
export function planReexport(plan: FilePlanning, declaration: ts.ExportDeclaration): void {
  const clause = declaration.exportClause;
  if (clause === undefined || !ts.isNamedExports(clause)) {
    return plan.block(
      declaration,
      're-exports all of opentracing: list the types the importing files use (`export type { Span, Tracer } from …`) and run again',
    );
  }
  const specifiers: string[] = [];
  const values: string[] = [];
  for (const element of clause.elements) {
    const name = (element.propertyName ?? element.name).text;
    if (isApiType(name)) specifiers.push(aliasSpecifier(name, element.name.text));
    else values.push(name);
  }
  if (values.length > 0) {
    return plan.block(
      declaration,
      `re-exports \`${values.join('`, `')}\` from opentracing, which OpenTelemetry has no equivalent of: export what the importing files need from @opentelemetry/api (\`Tags\`: the \`ATTR_*\` names of @opentelemetry/semantic-conventions), or nothing, and run again`,
    );
  }
  plan.replace(
    declaration,
    specifiers.length === 0
      ? 'export {};'
      : `export type { ${specifiers.join(', ')} } from '@opentelemetry/api';`,
  );
}

/** The import (or require) of opentracing: the @opentelemetry/api names the rules used. */
export function planImports(plan: FilePlanning): void {
  const imports = plan.usages.filter(
    (usage) => isImport(usage) && !plan.boundary.keepsImport(usage.node),
  );
  // A file with OpenTracing's objects from other files only (`ctx.span`): an import of its own.
  if (imports.length === 0 && plan.neededValues.size > 0) {
    const { position, text } = newApiImport(
      plan.sourceFile,
      [...plan.neededValues].sort().map((name) => aliasSpecifier(name, plan.names[name])),
    );
    plan.replaceRange(position, position, text);
  }
  if (imports.length === 0) return;
  const values = [...plan.neededValues]
    .filter((name) => !plan.alreadyImported.has(name))
    .sort()
    .map((name) => aliasSpecifier(name, plan.names[name]));
  const types = [...plan.neededTypes]
    .filter((name) => !plan.alreadyImported.has(name))
    .sort()
    .map((name) => aliasSpecifier(name, plan.names[name]));
  const first = imports[0].node;
  const isRequire = ts.isCallExpression(first);
  let replacement: string;
  if (isRequire) {
    const specifiers = values.map((specifier) => specifier.replace(' as ', ': '));
    replacement =
      specifiers.length === 0
        ? ''
        : `const { ${specifiers.join(', ')} } = require('@opentelemetry/api');`;
  } else {
    const specifiers = [...values, ...types.map((type) => `type ${type}`)];
    replacement =
      specifiers.length === 0
        ? ''
        : `import { ${specifiers.join(', ')} } from '@opentelemetry/api';`;
  }
  imports.forEach((usage, index) => {
    const statement = isRequire ? requireStatement(usage.node) : usage.node;
    if (statement === undefined) {
      plan.block(usage.node, 'a require of opentracing the codemod cannot replace');
      return;
    }
    const text = index === 0 ? replacement : '';
    const end = text === '' ? lineEnd(plan.sourceFile, statement.end) : statement.end;
    plan.replaceRange(statement.getStart(plan.sourceFile), end, text);
  });
}
