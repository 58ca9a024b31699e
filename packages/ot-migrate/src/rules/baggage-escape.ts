// A span started under an extracted context: where it may go without losing the incoming baggage.
import { ts } from 'ts-morph';
import type { FilePlanning } from '../planning';
import { isExtractVariable } from './span-values';

/** Whether an expression reads a variable holding an extracted context (its baggage with it). */
export function mentionsExtracted(plan: FilePlanning, node: ts.Node | undefined): boolean {
  if (node === undefined) return false;
  if (ts.isIdentifier(node) && isExtractVariable(plan, node)) return true;
  return ts.forEachChild(node, (child) => mentionsExtracted(plan, child) || undefined) ?? false;
}

/**
 * A span started under an extracted context carries the incoming request's baggage in OpenTracing:
 * its children and what is injected from it get that baggage wherever the span goes. OpenTelemetry
 * keeps baggage in the context, and the rewrite carries that context only where the span is a
 * `const` used in place: its own methods, a `childOf`, a truthiness test. A span that goes anywhere
 * else (a field, an object, an argument, a return value, a container) would reach code that starts
 * children without the baggage, so the file is held back there.
 * @internal
 */
export function checkBaggageEscape(state: FilePlanning, start: ts.CallExpression): void {
  const declaration = start.parent;
  if (
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== start ||
    !ts.isIdentifier(declaration.name) ||
    !ts.isVariableDeclarationList(declaration.parent) ||
    (declaration.parent.flags & ts.NodeFlags.Const) === 0
  ) {
    state.block(
      start,
      'a span started under an extracted context, kept where its baggage cannot follow: OpenTelemetry keeps baggage in the context, so pass that context along (`context.with(ctx, …)`) and rewrite by hand',
    );
    return;
  }
  const symbol = state.checker.getSymbolAtLocation(declaration.name);
  if (symbol === undefined) return;
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== declaration.name &&
      state.checker.getSymbolAtLocation(node) === symbol &&
      !staysInPlace(node)
    ) {
      state.block(
        node,
        'a span started under an extracted context, kept where its baggage cannot follow: OpenTelemetry keeps baggage in the context, so pass that context along (`context.with(ctx, …)`) and rewrite by hand',
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(start.getSourceFile());
}

/** Whether a use of the span leaves it where the rewrite's baggage context follows it. */
function staysInPlace(use: ts.Identifier): boolean {
  const parent = use.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === use) return true;
  if (ts.isPropertyAssignment(parent) && parent.initializer === use) {
    return ts.isIdentifier(parent.name) && parent.name.text === 'childOf';
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(use)) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : '';
    return name === 'childOf' || name === 'followsFrom';
  }
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)
    return true;
  return (
    (ts.isIfStatement(parent) && parent.expression === use) ||
    (ts.isConditionalExpression(parent) && parent.condition === use)
  );
}
