import { ts } from '@ts-morph/common';
import type { PlanState } from './plan-state';

// A file's local functions: those only its own code calls. Values passed to them, or returned by
// them, stay in the file, where the rewrite follows them.

/**
 * Functions whose callers are all in this file: declared here, not exported, and only ever
 * called by name. A reference that is not a call (`export { f }`, `export default f`,
 * `module.exports = { f }`, `exports.f = f`, passing `f` as a callback, storing it) lets code
 * this rewrite does not see call it, so such a function is not local.
 * @internal
 */
export function localFunctions(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
): ReadonlySet<ts.Node> {
  const candidates = declaredFunctions(sourceFile);
  const bySymbol = new Map<ts.Symbol, ts.Node>();
  for (const [name, fn] of candidates) {
    const symbol = checker.getSymbolAtLocation(name);
    if (symbol !== undefined) bySymbol.set(symbol, fn);
  }
  const escaped = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !candidates.has(node)) {
      const fn = referencedFunction(node, checker, bySymbol);
      const isCall = ts.isCallExpression(node.parent) && node.parent.expression === node;
      if (fn !== undefined && !isCall) escaped.add(fn);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return new Set([...candidates.values()].filter((fn) => !escaped.has(fn)));
}

/** The function a name refers to, when it is one of this file's candidates. */
function referencedFunction(
  name: ts.Identifier,
  checker: ts.TypeChecker,
  bySymbol: ReadonlyMap<ts.Symbol, ts.Node>,
): ts.Node | undefined {
  const parent = name.parent;
  const symbol = ts.isShorthandPropertyAssignment(parent)
    ? checker.getShorthandAssignmentValueSymbol(parent)
    : ts.isExportSpecifier(parent)
      ? checker.getExportSpecifierLocalTargetSymbol(parent)
      : checker.getSymbolAtLocation(name);
  return symbol === undefined ? undefined : bySymbol.get(symbol);
}

/** Functions declared in this file and not exported, by the name they are declared under. */
function declaredFunctions(sourceFile: ts.SourceFile): Map<ts.Identifier, ts.Node> {
  const locals = new Map<ts.Identifier, ts.Node>();
  const visit = (node: ts.Node): void => {
    const exported =
      ts.canHaveModifiers(node) &&
      (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
    // A function `declare`d without code is no local one: its code is elsewhere.
    if (
      ts.isFunctionDeclaration(node) &&
      !exported &&
      node.name !== undefined &&
      node.body !== undefined
    )
      locals.set(node.name, node);
    if (
      (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
      ts.isVariableDeclaration(node.parent) &&
      ts.isIdentifier(node.parent.name) &&
      !((ts.getCombinedModifierFlags(node.parent) & ts.ModifierFlags.Export) !== 0)
    ) {
      locals.set(node.parent.name, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return locals;
}

/**
 * Whether a call calls one of this file's local functions (directly, or through the variable
 * holding it).
 * @internal
 */
export function isLocalCall(
  state: PlanState,
  locals: ReadonlySet<ts.Node>,
  call: ts.CallExpression,
): boolean {
  const symbol = state.checker.getSymbolAtLocation(call.expression);
  const declaration = symbol?.valueDeclaration;
  if (declaration === undefined) return false;
  if (locals.has(declaration)) return true;
  return (
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    locals.has(declaration.initializer)
  );
}

/** Whether the function nearest around a node is one of this file's local functions. @internal */
export function isInLocalFunction(locals: ReadonlySet<ts.Node>, node: ts.Node): boolean {
  for (
    let current: ts.Node | undefined = node.parent;
    current !== undefined;
    current = current.parent
  ) {
    if (ts.isFunctionLike(current)) return locals.has(current);
  }
  return false;
}
