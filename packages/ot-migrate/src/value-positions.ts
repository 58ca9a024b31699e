import { ts } from '@ts-morph/common';
import { isRequire } from './reference-kinds';
import type { PlanState } from './plan-state';

// Where a value stands in the syntax around it (the whole it is part of, what it is assigned to,
// what binds it): the questions the data-flow checks ask before following it.

/**
 * The expression whose value a value is, through parentheses and the values of `a ?? b`,
 * `a || b` and `c ? a : b` (not their tests).
 * @internal
 */
export function wholeValue(node: ts.Expression): ts.Expression {
  let value: ts.Expression = node;
  for (;;) {
    const parent = value.parent;
    if (ts.isParenthesizedExpression(parent)) value = parent;
    else if (
      ts.isBinaryExpression(parent) &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      value = parent;
    else if (ts.isConditionalExpression(parent) && parent.condition !== value) value = parent;
    else return value;
  }
}

/** Whether a property access is what an assignment writes to (`this.current = span`). @internal */
export function isAssignmentTarget(node: ts.PropertyAccessExpression): boolean {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  );
}

/**
 * A name bound by destructuring a require (`const { tracer } = require('./tracing')`).
 * @internal
 */
export function isRequireBinding(node: ts.Identifier): boolean {
  const element = node.parent;
  if (!ts.isBindingElement(element) || element.name !== node) return false;
  const declaration = element.parent.parent;
  return ts.isVariableDeclaration(declaration) && isRequire(declaration.initializer);
}

/**
 * Whether a name is bound by destructuring a require of opentracing (`const { Tags } =
 * require('opentracing')`): like an imported name, the import rewrite replaces it and
 * checkImportBindings sees that every use goes too.
 * @internal
 */
export function isRequiredName(node: ts.Node, usageNodes: ReadonlySet<ts.Node>): boolean {
  const element = node.parent;
  if (!ts.isBindingElement(element) || element.name !== node) return false;
  const pattern = element.parent;
  const declaration = pattern.parent;
  return (
    ts.isObjectBindingPattern(pattern) &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    ts.isCallExpression(declaration.initializer) &&
    ts.isIdentifier(declaration.initializer.expression) &&
    declaration.initializer.expression.text === 'require' &&
    usageNodes.has(declaration.initializer)
  );
}

/**
 * Whether a node is either side of `variable = value;`, a statement of its own, with `variable` a
 * variable this file declares: like `let variable = value`, the value stays in the file, where the
 * rewrite follows it (`span = undefined`, `span = startRoot(…)`). An assignment used as a value
 * (`keep(span = other)`) would hand the span on, so it does not count.
 * @internal
 */
export function isLocalAssignment(state: PlanState, node: ts.Node): boolean {
  const assignment = node.parent;
  if (
    !ts.isBinaryExpression(assignment) ||
    assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    !ts.isExpressionStatement(assignment.parent) ||
    !ts.isIdentifier(assignment.left)
  )
    return false;
  const declaration = state.checker.getSymbolAtLocation(assignment.left)?.valueDeclaration;
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    ts.isIdentifier(declaration.name) &&
    declaration.getSourceFile() === state.sourceFile
  );
}

/** The nearest function-like node around a node, if any. @internal */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}
