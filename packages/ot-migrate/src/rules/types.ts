// OpenTracing's types where the code names them: annotations, fields, JSDoc, `import()` types,
// type exports.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import { aliasSpecifier, isApiType } from '../source-text';
import { isOpenTracingSymbol } from '../usages';

/**
 * Types written with OpenTracing's `Span`, `Tracer` and `SpanContext` (annotations, interface and
 * class fields, type arguments such as `Map<string, Span>`, `import('opentracing').Span`, JSDoc
 * types) become the @opentelemetry/api types of the same name: the values the rewrite puts there
 * are of those types (`span.context()` becomes `span.spanContext()`, an OpenTelemetry
 * `SpanContext`). Other OpenTracing types have no equivalent a value could be rewritten to.
 */
export function checkTypeReferences(plan: FilePlanning): void {
  const visit = (node: ts.Node): void => {
    // A type another rule rewrote (the `Context` an extracting function returns).
    if (plan.boundary.keepsType(node) || plan.handled.has(node)) return;
    // JSDoc types (the real types of a `// @ts-check` JavaScript file) are not child nodes.
    for (const doc of ts.getJSDocCommentsAndTags(node)) visitJsDoc(doc);
    if (ts.isTypeReferenceNode(node)) {
      const name = ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName;
      if (isOpenTracingSymbol(plan.checker, plan.checker.getSymbolAtLocation(name))) {
        // `LegacySpan` of `import type { Span as LegacySpan }`: OpenTracing's `Span`.
        const original = originalName(plan.checker, name);
        if (isApiType(original)) {
          plan.neededTypes.add(original);
          plan.replace(node.typeName, plan.names[original]);
        } else {
          plan.block(
            node,
            `the OpenTracing type \`${name.text}\` has no direct OpenTelemetry equivalent`,
            name.text,
          );
        }
      }
    } else if (ts.isImportTypeNode(node) && rewriteImportType(plan, node, false)) {
      return;
    }
    ts.forEachChild(node, visit);
  };
  const seenDocs = new Set<ts.Node>();
  // In a comment no import is in scope, so the type is named through `import(...)`.
  const visitJsDoc = (node: ts.Node): void => {
    // A @param tag comes both with its comment (for the function) and alone (for the
    // parameter): each node is looked at once.
    if (seenDocs.has(node)) return;
    seenDocs.add(node);
    if (ts.isImportTypeNode(node) && rewriteImportType(plan, node, true)) return;
    if (ts.isTypeReferenceNode(node)) {
      const name = ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName;
      if (isOpenTracingSymbol(plan.checker, plan.checker.getSymbolAtLocation(name))) {
        const original = originalName(plan.checker, name);
        if (isApiType(original)) {
          plan.replace(node, `import('@opentelemetry/api').${original}`);
        } else {
          plan.block(
            node,
            `the OpenTracing type \`${name.text}\` in a doc comment has no direct OpenTelemetry equivalent`,
            name.text,
          );
        }
        return;
      }
    }
    ts.forEachChild(node, visitJsDoc);
  };
  visit(plan.sourceFile);
}

/**
 * `export type { Span }` of OpenTracing's type, imported: the @opentelemetry/api type the import
 * rewrite brings in under the same exported name.
 */
export function planTypeExports(plan: FilePlanning): void {
  for (const statement of plan.sourceFile.statements) {
    if (
      !ts.isExportDeclaration(statement) ||
      statement.moduleSpecifier !== undefined ||
      statement.exportClause === undefined ||
      !ts.isNamedExports(statement.exportClause)
    )
      continue;
    for (const element of statement.exportClause.elements) {
      const local = element.propertyName ?? element.name;
      const symbol = plan.checker.getSymbolAtLocation(local);
      if (
        !(element.isTypeOnly || statement.isTypeOnly) ||
        !ts.isIdentifier(local) ||
        !isOpenTracingSymbol(plan.checker, symbol)
      )
        continue;
      const type = plan.checker.getAliasedSymbol(symbol!).name;
      if (!isApiType(type)) continue;
      plan.neededTypes.add(type);
      const prefix = element.isTypeOnly ? 'type ' : '';
      plan.replace(element, `${prefix}${aliasSpecifier(plan.names[type], element.name.text)}`);
    }
  }
}

/**
 * `import('opentracing').Span` (in code or a doc comment): the same type of @opentelemetry/api.
 * False when the node names another module.
 */
function rewriteImportType(plan: FilePlanning, node: ts.ImportTypeNode, inDoc: boolean): boolean {
  const qualifier = node.qualifier;
  if (qualifier === undefined) return false;
  const name = ts.isQualifiedName(qualifier) ? qualifier.right : qualifier;
  if (!isOpenTracingSymbol(plan.checker, plan.checker.getSymbolAtLocation(name))) return false;
  if (isApiType(name.text) && node.typeArguments === undefined && !node.isTypeOf) {
    plan.replace(node, `import('@opentelemetry/api').${name.text}`);
  } else if (inDoc) {
    plan.block(
      node,
      `the OpenTracing type \`${name.text}\` in a doc comment has no direct OpenTelemetry equivalent`,
      name.text,
    );
  } else {
    plan.block(
      node,
      `the OpenTracing type \`${name.text}\` has no direct OpenTelemetry equivalent`,
      name.text,
    );
  }
  return true;
}

/** The name opentracing gives a type that the file may import under another. */
function originalName(checker: ts.TypeChecker, name: ts.Identifier): string {
  const symbol = checker.getSymbolAtLocation(name);
  return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0
    ? checker.getAliasedSymbol(symbol).getName()
    : name.text;
}
