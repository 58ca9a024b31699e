import { ts } from '@ts-morph/common';
import type { Crossing } from './crossing';
import type { ProgramIndex } from './program-index';
import { shortPath } from './short-path';
import { isInLocalFunction, isLocalCall } from './local-functions';
import type { PlanState } from './plan-state';
import { enclosingFunction, wholeValue } from './value-positions';

// Where an OpenTracing value leaves this file's code for other code (an import, a call, a field,
// a return), and what that means: a peer edge to a file of the rewrite, a boundary adapter, or a
// reason the file stays.

/** The objects that move with the files they cross to: the rewrite gives both sides OTel types. */
const PEER_KINDS = new Set(['span', 'tracer']);

/** Array methods whose arguments stay in the array: `spans.push(span)`. */
const ARRAY_STORES = new Set(['push', 'unshift']);

/**
 * Records a peer edge when the other side is code of the rewrite and the object may move with it;
 * else blocks with the reason, `detail` saying what the other side is. True when it blocked.
 * @internal
 */
export function crossOrBlock(
  state: PlanState,
  node: ts.Node,
  kind: string,
  crossing: Crossing | undefined,
  reason: (detail: string) => string,
): boolean {
  const index = state.crossFile?.index;
  if (crossing !== undefined && index !== undefined) {
    const text = node.getText(state.sourceFile);
    const what = `\`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\``;
    crossing = index.towardsLegacy(crossing, state.sourceFile.fileName, what);
  }
  if (crossing !== undefined && 'peers' in crossing) {
    const others = crossing.peers.filter((peer) => peer !== state.sourceFile.fileName);
    if (others.length === 0) return false;
    // A span context goes into a field typed SpanContext, which the rewrite retypes with the
    // `span.context()` it gets (now `span.spanContext()`).
    if (PEER_KINDS.has(kind) || (kind === 'span context' && crossing.field === true)) {
      state.crossFile?.peer(node, others);
      return false;
    }
    state.block(
      node,
      reason(
        ` (only spans and tracers move with other files; here ${shortPath(state.sourceFile.fileName, others[0])})`,
      ),
    );
    return true;
  }
  if (crossing !== undefined && state.boundary?.adapt(node, kind, crossing)) return false;
  state.block(node, reason(crossing === undefined ? '' : ` (${crossing.hard})`));
  return true;
}

/** Where an imported name comes from: a file of the rewrite, or not. @internal */
export function importSource(index: ProgramIndex, symbol: ts.Symbol): Crossing {
  const target = index.target(symbol);
  const declaration = target?.valueDeclaration ?? target?.declarations?.[0];
  if (declaration === undefined) return { hard: 'its declaration cannot be found' };
  const file = declaration.getSourceFile().fileName;
  if (index.isSource(file)) return { peers: [file] };
  return {
    hard: /[\\/]node_modules[\\/]/.test(file)
      ? "it is a dependency's (node_modules)"
      : 'it is declared outside the paths given',
  };
}

/**
 * Where a value leaves for code of other functions: as an argument of a call (directly, or as a
 * property of an object literal argument: `new Plugin({ tracer })`), or as the result of a function
 * others call. The other side, or undefined where the value stays (a call the rewrite handles, a
 * local function, an array it is stored in: no peers); undefined where the planner's handlers
 * decide (an argument of an OpenTracing call).
 * @internal
 */
export function leavingTo(
  state: PlanState,
  locals: ReadonlySet<ts.Node>,
  node: ts.Expression,
  usageNodes: ReadonlySet<ts.Node>,
): Crossing | undefined {
  const index = state.crossFile?.index;
  if (index === undefined) return undefined;
  let value: ts.Node = wholeValue(node);
  let parent = value.parent;
  if (
    (ts.isPropertyAssignment(parent) && parent.initializer === value) ||
    ts.isShorthandPropertyAssignment(parent)
  ) {
    // A property of an object literal typed by a field of the rewrite's own code
    // (`return { span, tracer: this.tracer }` as an interface of a peer): it moves with that file.
    const field = ts.isIdentifier(parent.name) ? index.sharedField(parent.name) : undefined;
    if (field !== undefined) return { peers: [field.getSourceFile().fileName], field: true };
    // A property of an object literal: followed when the object is an argument.
    value = parent.parent;
    while (ts.isParenthesizedExpression(value.parent)) value = value.parent;
    parent = value.parent;
    if (!ts.isCallExpression(parent) && !ts.isNewExpression(parent)) return undefined;
  }
  if (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.includes(value as ts.Expression)
  ) {
    if (usageNodes.has(parent)) return undefined;
    if (ts.isCallExpression(parent) && isLocalCall(state, locals, parent)) return { peers: [] };
    if (
      ts.isCallExpression(parent) &&
      ts.isPropertyAccessExpression(parent.expression) &&
      ARRAY_STORES.has(parent.expression.name.text) &&
      state.checker.isArrayType(state.checker.getTypeAtLocation(parent.expression.expression))
    )
      return { peers: [] };
    return index.callTarget(parent);
  }
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === value)) {
    if (isInLocalFunction(locals, node)) return { peers: [] };
    const fn = ts.isArrowFunction(parent) ? parent : enclosingFunction(parent);
    if (fn === undefined) return undefined;
    return index.functionUsers(fn);
  }
  if (ts.isPropertyDeclaration(parent) && parent.initializer === value) {
    // `private tracer = globalTracer()`: as an assignment to the field.
    return index.usersOf(parent);
  }
  return undefined;
}

/**
 * For `object.field = value;` as a statement of its own: the field, with its declaration when it
 * is a field of a class (or a constructor's parameter property) of the files given.
 * @internal
 */
export function assignedField(
  state: PlanState,
  node: ts.Node,
):
  | { text: string; access: ts.PropertyAccessExpression; declaration: ts.Node | undefined }
  | undefined {
  // `this.tracer = options.tracer ?? globalTracer();`: either value goes to the field.
  const value = ts.isExpression(node) ? wholeValue(node) : node;
  const assignment = value.parent;
  if (
    !ts.isBinaryExpression(assignment) ||
    assignment.right !== value ||
    assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    !ts.isExpressionStatement(assignment.parent) ||
    !ts.isPropertyAccessExpression(assignment.left)
  )
    return undefined;
  const left = assignment.left;
  const index = state.crossFile?.index;
  const symbol = index?.target(state.checker.getSymbolAtLocation(left.name));
  const declaration = symbol?.valueDeclaration;
  const own =
    declaration !== undefined &&
    index !== undefined &&
    index.isSource(declaration.getSourceFile().fileName) &&
    (ts.isPropertyDeclaration(declaration) ||
      ts.isPropertySignature(declaration) ||
      (ts.isParameter(declaration) && ts.isConstructorDeclaration(declaration.parent)));
  return {
    text: left.getText(state.sourceFile),
    access: left,
    declaration: own ? declaration : undefined,
  };
}
