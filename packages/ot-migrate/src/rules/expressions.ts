// Questions about expressions the rules ask.
import { ts } from '@ts-morph/common';

/** `||` or `??`. */
export function isFallbackOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** `undefined` or `null`. */
export function isNothing(node: ts.Expression): boolean {
  return (
    node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined')
  );
}

/** The expression inside any parentheses. */
export function skipParentheses(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}

/** `a.b`, `this.b`, `a.b.c`: a read of a property of a name, no call. */
export function isPropertyRead(node: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(node)) return false;
  const owner = node.expression;
  return (
    owner.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(owner) || isPropertyRead(owner)
  );
}

/** The function a node is in, or its source file. */
export function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

/** Whether a symbol is a variable declared with `const`. */
export function isConstVariable(symbol: ts.Symbol): boolean {
  const declaration = symbol.valueDeclaration;
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  );
}

/**
 * The expression an extract call initialises a variable with, and the part the rewrite replaces:
 * the call, or with its fallback (`tracer.extract(…) || undefined`), which OpenTelemetry's extract
 * never needs. `optional` for `carrier ? tracer.extract(…) : undefined` (or `: null`), which may
 * stay undefined.
 */
export function extractInitializer(call: ts.CallExpression): {
  initializer: ts.Expression;
  replaced: ts.Expression;
  optional: boolean;
} {
  let node: ts.Expression = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    isFallbackOperator(parent.operatorToken.kind) &&
    isNothing(parent.right)
  )
    return { initializer: parent, replaced: parent, optional: false };
  if (ts.isConditionalExpression(parent) && parent.whenTrue === node && isNothing(parent.whenFalse))
    return { initializer: parent, replaced: call, optional: true };
  return { initializer: node, replaced: call, optional: false };
}
