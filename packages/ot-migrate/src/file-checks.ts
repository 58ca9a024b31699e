import { ts } from 'ts-morph';
import {
  collectBindingSymbols,
  isBindingName,
  carriesNoValue,
  isTruthinessTest,
  mentionsOpenTracing,
  openTracingObject,
} from './syntax';
import type { Usage } from './usages';

// The rewrite planner's whole-file checks: where OpenTracing objects go, and what leaves the file.

/** What the checks need of the planner. @internal */
export interface PlanState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly usages: readonly Usage[];
  block(node: ts.Node, reason: string): void;
  isInsideEdit(node: ts.Node): boolean;
  isInsideBlocker(node: ts.Node): boolean;
  /** Whether a handler took responsibility for this node. */
  isAccepted(node: ts.Node): boolean;
}

/**
 * OpenTracing objects may only flow where this file's rewrite follows them: into method calls the
 * rewrite handles, local variables, and functions of this file that nothing outside calls.
 * @internal
 */
export function checkDataFlow(state: PlanState): void {
  const locals = localFunctions(state.sourceFile, state.checker);
  const usageNodes = new Set(state.usages.map((usage) => usage.node));
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) || ts.isCallExpression(node))
      checkFlow(state, locals, node, usageNodes);
    ts.forEachChild(node, visit);
  };
  visit(state.sourceFile);
}

function checkFlow(
  state: PlanState,
  locals: ReadonlySet<ts.Node>,
  node: ts.Identifier | ts.CallExpression,
  usageNodes: ReadonlySet<ts.Node>,
): void {
  const parent = node.parent;
  if (ts.isIdentifier(node)) {
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return;
    if (ts.isPropertyAssignment(parent) && parent.name === node) return;
    if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent)) return;
  }
  if (ts.isCallExpression(parent) && parent.expression === node) return;
  // Names in types, field names and parameters of signatures: values flow where they are used.
  if (ts.isIdentifier(node) && carriesNoValue(node)) return;
  const type = state.checker.getTypeAtLocation(node);
  // Functions (`globalTracer` itself) and classes (`Span` destructured from a require) are not
  // OpenTracing objects; what they return or make is checked.
  const kind =
    type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0
      ? undefined
      : openTracingObject(state.checker, type);
  if (kind === undefined) return;
  const what = `an OpenTracing ${kind}`;
  // Inside a site already blocked, a second reason would only repeat the first.
  if (state.isInsideBlocker(node)) return;
  // An OpenTracing object imported from another file stays OpenTracing whatever this file becomes.
  if (ts.isIdentifier(node) && kind !== 'object') {
    const symbol = state.checker.getSymbolAtLocation(node);
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) {
      state.block(
        node,
        `uses ${what} imported from another file: migrate that file first, or together by hand`,
      );
      return;
    }
  }
  if (ts.isParameter(parent) && parent.name === node) {
    if (!locals.has(parent.parent)) {
      state.block(
        node,
        `receives ${what} from code this rewrite does not change: migrate that code first, or together by hand`,
      );
    }
    return;
  }
  if (ts.isVariableDeclaration(parent) && parent.name === node) return;
  if (isRequiredName(node, usageNodes)) return;
  if (ts.isCallExpression(node) && !usageNodes.has(node) && !isLocalCall(state, locals, node)) {
    state.block(
      node,
      `gets ${what} from \`${node.expression.getText(state.sourceFile)}\`, which is not a function of this file alone: migrate it first, or together by hand`,
    );
    return;
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return;
  if (isLocalAssignment(state, node)) return;
  if (ts.isExpressionStatement(parent)) return;
  if (isTruthinessTest(node)) return;
  if (state.isAccepted(node) || (state.isInsideEdit(node) && usageNodes.has(node))) return;
  if (
    ts.isCallExpression(parent) &&
    parent.arguments.includes(node) &&
    isLocalCall(state, locals, parent)
  )
    return;
  if (
    (ts.isReturnStatement(parent) || ts.isArrowFunction(parent)) &&
    isInLocalFunction(locals, node)
  )
    return;
  state.block(node, `passes ${what} to code this rewrite does not follow: rewrite by hand`);
}

/**
 * Whether a name is bound by destructuring a require of opentracing (`const { Tags } =
 * require('opentracing')`): like an imported name, the import rewrite replaces it and
 * checkImportBindings sees that every use goes too.
 */
function isRequiredName(node: ts.Node, usageNodes: ReadonlySet<ts.Node>): boolean {
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
 */
function isLocalAssignment(state: PlanState, node: ts.Node): boolean {
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

/**
 * Exported declarations may not carry OpenTracing objects: other files would get OpenTelemetry
 * ones after the rewrite.
 * @internal
 */
export function checkExports(state: PlanState): void {
  for (const statement of state.sourceFile.statements) {
    const exported =
      (ts.getCombinedModifierFlags(statement as unknown as ts.Declaration) &
        ts.ModifierFlags.Export) !==
      0;
    if (!exported) continue;
    const names = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((declaration) => declaration.name)
      : ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)
        ? [statement.name]
        : [];
    for (const name of names) {
      if (name === undefined) continue;
      const type = state.checker.getTypeAtLocation(name);
      if (mentionsOpenTracing(state.checker, type)) {
        state.block(
          statement,
          'exports OpenTracing objects to other files: migrate them together by hand',
        );
      }
    }
  }
}

/**
 * After the rewrite, nothing outside the edited code may still use a name imported from opentracing.
 * @internal
 */
export function checkImportBindings(state: PlanState): void {
  const bindings = new Set<ts.Symbol>();
  for (const usage of state.usages) {
    if (usage.kind !== 'import') continue;
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

/**
 * Functions whose callers are all in this file: declared here, not exported, and only ever
 * called by name. A reference that is not a call (`export { f }`, `export default f`,
 * `module.exports = { f }`, `exports.f = f`, passing `f` as a callback, storing it) lets code
 * this rewrite does not see call it, so such a function is not local.
 */
function localFunctions(sourceFile: ts.SourceFile, checker: ts.TypeChecker): ReadonlySet<ts.Node> {
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
    if (ts.isFunctionDeclaration(node) && !exported && node.name !== undefined)
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

function isLocalCall(
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

function isInLocalFunction(locals: ReadonlySet<ts.Node>, node: ts.Node): boolean {
  for (
    let current: ts.Node | undefined = node.parent;
    current !== undefined;
    current = current.parent
  ) {
    if (ts.isFunctionLike(current)) return locals.has(current);
  }
  return false;
}
