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
  // `tracer.startSpan(…).finish()`: the span goes nowhere.
  if (ts.isPropertyAccessExpression(start.parent) && start.parent.expression === start) return;
  const symbol = state.constVariableOf(start);
  if (symbol === undefined) {
    state.block(
      start,
      'a span started under an extracted context, kept where its baggage cannot follow: OpenTelemetry keeps baggage in the context, so pass that context along (`context.with(ctx, …)`) and rewrite by hand',
    );
    return;
  }
  const name = (start.parent as ts.VariableDeclaration).name;
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== name &&
      state.checker.getSymbolAtLocation(node) === symbol &&
      !staysInPlace(state, node)
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
function staysInPlace(plan: FilePlanning, use: ts.Identifier): boolean {
  if (isParentChoice(use)) return true;
  const parent = use.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === use) return true;
  if (ts.isShorthandPropertyAssignment(parent)) return parent.name.text === 'childOf';
  // An argument of an OpenTracing call the rewrite handles: `inject(span, …)`, `childOf(span)`.
  if (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.includes(use)
  ) {
    return plan.usages.some((usage) => usage.node === parent);
  }
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)
    return true;
  return (
    (ts.isIfStatement(parent) && parent.expression === use) ||
    (ts.isConditionalExpression(parent) && parent.condition === use) ||
    (ts.isBinaryExpression(parent) &&
      parent.left === use &&
      parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
  );
}

/**
 * Whether the span is (one of the choices of) a `childOf`: `childOf: span`, `childOf: parent ?? span`,
 * `childOf: x ? span : other`. The rewrite bases such a parent on the span's own context.
 */
function isParentChoice(use: ts.Expression): boolean {
  let node: ts.Node = use;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent)) node = parent;
    else if (
      ts.isBinaryExpression(parent) &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      node = parent;
    else if (ts.isConditionalExpression(parent) && parent.condition !== node) node = parent;
    else
      return (
        ts.isPropertyAssignment(parent) &&
        parent.initializer === node &&
        ts.isIdentifier(parent.name) &&
        parent.name.text === 'childOf'
      );
  }
}
