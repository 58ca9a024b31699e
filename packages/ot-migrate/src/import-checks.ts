import { ts } from '@ts-morph/common';
import type { PlanState } from './plan-state';
import { isApiType } from './source-text';
import { collectBindingSymbols, isBindingName } from './syntax';
import { isOpenTracingSymbol } from './usages';

// The rewrite planner's checks of what a file imports: OpenTracing's names reached through other
// files, and names imported from opentracing that would still be used after the rewrite.

/**
 * OpenTracing's names imported through another file (`import { Span } from './tracing'`, which
 * re-exports opentracing's): this file's rewrite would not replace that import, so it stays.
 * @internal
 */
export function checkImportsThroughOtherFiles(state: PlanState): void {
  for (const statement of state.sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const specifier = statement.moduleSpecifier.text;
    if (specifier === 'opentracing' || specifier.startsWith('opentracing/')) continue;
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    const names = [
      ...(clause?.name ? [clause.name] : []),
      ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => e.name) : []),
    ];
    const reached = names.find((name) => {
      if (!isOpenTracingSymbol(state.checker, state.checker.getSymbolAtLocation(name)))
        return false;
      // A type the other file re-exports from opentracing (`export { Span } from 'opentracing'`):
      // the rewrite makes that re-export OpenTelemetry's type, so this file moves with that one.
      const through = typeReexportFiles(state, name);
      if (through === undefined) return true;
      if (through.some((file) => state.crossFile?.index.staysLegacy(file))) return true;
      state.crossFile?.peer(name, through);
      return false;
    });
    if (reached !== undefined) {
      state.block(
        statement,
        `imports OpenTracing's \`${reached.text}\` through \`${specifier}\`: import it from @opentelemetry/api by hand`,
      );
    }
  }
}

/**
 * For a name imported from files of the rewrite that re-export OpenTracing's type of that name
 * (Span, Tracer, SpanContext), used as a type only here: those files. Else undefined.
 */
function typeReexportFiles(state: PlanState, name: ts.Identifier): string[] | undefined {
  const index = state.crossFile?.index;
  if (index === undefined) return undefined;
  const files: string[] = [];
  let current = state.checker.getSymbolAtLocation(name);
  for (let step = 0; current !== undefined && step < 8; step++) {
    const next = state.checker.getImmediateAliasedSymbol(current);
    const declaration = next?.declarations?.[0];
    if (declaration === undefined || !ts.isExportSpecifier(declaration)) break;
    const file = declaration.getSourceFile().fileName;
    if (!index.isSource(file)) return undefined;
    files.push(file);
    const from = declaration.parent.parent.moduleSpecifier;
    if (from !== undefined && ts.isStringLiteral(from) && from.text === 'opentracing') {
      if (!isApiType((declaration.propertyName ?? declaration.name).text)) return undefined;
      const local = state.checker.getSymbolAtLocation(name);
      const usedAsValue = index
        .referencesTo(local as ts.Symbol)
        .some(
          (use) => use.getSourceFile() === state.sourceFile && use !== name && !isTypePosition(use),
        );
      return usedAsValue ? undefined : files;
    }
    current = next;
  }
  return undefined;
}

/** Whether a name stands in a type (`span: Span`, `Promise<Span>`, a JSDoc type). */
function isTypePosition(id: ts.Identifier): boolean {
  const parent = id.parent;
  return (
    ts.isTypeReferenceNode(parent) ||
    ts.isQualifiedName(parent) ||
    ts.isExpressionWithTypeArguments(parent) ||
    ts.isTypeQueryNode(parent)
  );
}

/**
 * After the rewrite, nothing outside the edited code may still use a name imported from opentracing.
 * @internal
 */
export function checkImportBindings(state: PlanState): void {
  const bindings = new Set<ts.Symbol>();
  for (const usage of state.usages) {
    if (usage.kind !== 'import' || state.boundary?.keepsImport(usage.node)) continue;
    const declaration = ts.isCallExpression(usage.node) ? usage.node.parent : usage.node;
    collectBindingSymbols(declaration, state.checker, bindings);
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) && !isBindingName(node)) {
      const symbol = state.checker.getSymbolAtLocation(node);
      if (symbol !== undefined && bindings.has(symbol) && !state.isInsideEdit(node)) {
        state.block(node, `still uses \`${node.text}\` from opentracing: rewrite by hand`);
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of state.sourceFile.statements) visit(statement);
}
