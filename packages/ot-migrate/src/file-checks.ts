import { ts } from '@ts-morph/common';
import {
  collectBindingSymbols,
  isBindingName,
  carriesNoValue,
  isTruthinessTest,
  mentionsOpenTracing,
  openTracingObject,
} from './syntax';
import type { Usage } from './usages';
import { isOpenTracingSymbol } from './usages';
import { isApiType } from './source-text';
import type { CrossFile } from './cross-file';
import type { Crossing } from './crossing';
import type { ProgramIndex } from './program-index';
import { isCommonJsExport, isRequire } from './reference-kinds';
import { shortPath } from './short-path';
import type { BoundaryPlan } from './adapters-plan';

// The rewrite planner's whole-file checks: where OpenTracing objects go, and what leaves the file.

/** What the checks need of the planner. @internal */
export interface PlanState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly usages: readonly Usage[];
  /** The other files of the rewrite: where peer edges are recorded. Without it, every crossing blocks. */
  readonly crossFile?: CrossFile;
  block(node: ts.Node, reason: string): void;
  isInsideEdit(node: ts.Node): boolean;
  isInsideBlocker(node: ts.Node): boolean;
  /** Whether a handler took responsibility for this node. */
  isAccepted(node: ts.Node): boolean;
  /** Boundary adapters (adapters-plan.ts): crossings to legacy code they convert. */
  readonly boundary?: BoundaryPlan;
  /** Calls whose extracted context the rules follow (extracting-functions.ts). */
  readonly extractingCalls?: ReadonlySet<ts.Node>;
}

/** The objects that move with the files they cross to: the rewrite gives both sides OTel types. */
const PEER_KINDS = new Set(['span', 'tracer']);

/** Array methods whose arguments stay in the array: `spans.push(span)`. */
const ARRAY_STORES = new Set(['push', 'unshift']);

/**
 * OpenTracing objects may only flow where the rewrite follows them: into method calls the rewrite
 * handles, local variables, functions of this file that nothing outside calls, fields of its
 * classes, callbacks over lists of them, and, for spans and tracers, code of other files given to
 * the rewrite (a peer edge: those files are rewritten with this one, or none is).
 * @internal
 */
export function checkDataFlow(state: PlanState): void {
  if (state.crossFile !== undefined) {
    checkImportsThroughOtherFiles(state);
    checkSharedFields(state, state.crossFile);
  }
  const locals = localFunctions(state.sourceFile, state.checker);
  const usageNodes = new Set(state.usages.map((usage) => usage.node));
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isElementAccessExpression(node)) checkIndexRead(state, node);
    if (
      ts.isIdentifier(node) ||
      ts.isCallExpression(node) ||
      (ts.isPropertyAccessExpression(node) && state.crossFile !== undefined)
    )
      checkFlow(state, locals, node, usageNodes);
    ts.forEachChild(node, visit);
  };
  visit(state.sourceFile);
}

/**
 * `ctx['span']`: a field read by index, which the cross-file analysis (it follows names) cannot
 * see; an index of a list (`spans[i]`) is the containers' business.
 */
function checkIndexRead(state: PlanState, node: ts.ElementAccessExpression): void {
  if (state.isInsideBlocker(node)) return;
  const key = state.checker.getTypeAtLocation(node.argumentExpression);
  if ((key.flags & ts.TypeFlags.StringLike) === 0) return;
  const kind = openTracingObject(state.checker, state.checker.getTypeAtLocation(node));
  if (kind === undefined || kind === 'object') return;
  state.block(
    node,
    `an OpenTracing ${kind} read by index (\`x['span']\`): write it as a property read (\`x.span\`) and run again`,
  );
}

/**
 * Fields declared here with an OpenTracing type (`interface TracingContext { span?: Span }`): the
 * rewrite changes their type, so every file that reads or writes them moves with this one.
 */
function checkSharedFields(state: PlanState, crossFile: CrossFile): void {
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isParameter(node)) &&
      ts.isIdentifier(node.name)
    ) {
      const declaration = crossFile.index.sharedField(node.name);
      const users = declaration === undefined ? [] : crossFile.index.fieldUsers(declaration);
      const legacy = users.find((file) => crossFile.index.staysLegacy(file));
      if (legacy !== undefined) {
        state.block(
          node.name,
          `a field of an OpenTracing type that ${shortPath(state.sourceFile.fileName, legacy)} uses, which stays OpenTracing: it moves when that file does`,
        );
      } else if (declaration !== undefined) crossFile.peer(node.name, users);
    }
    ts.forEachChild(node, visit);
  };
  visit(state.sourceFile);
}

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
 * Records a peer edge when the other side is code of the rewrite and the object may move with it;
 * else blocks with the reason, `detail` saying what the other side is. True when it blocked.
 */
function crossOrBlock(
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

function checkFlow(
  state: PlanState,
  locals: ReadonlySet<ts.Node>,
  node: ts.Identifier | ts.CallExpression | ts.PropertyAccessExpression,
  usageNodes: ReadonlySet<ts.Node>,
): void {
  if (state.boundary?.accepts(node)) return;
  if (state.extractingCalls?.has(node)) return;
  const parent = node.parent;
  if (ts.isIdentifier(node)) {
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return;
    if (ts.isPropertyAssignment(parent) && parent.name === node) return;
    if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent)) return;
    // A field's declaration is no flow: what is assigned to it, and what reads it, are.
    if (
      state.crossFile !== undefined &&
      (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent)) &&
      parent.name === node
    )
      return;
  }
  if (ts.isPropertyAccessExpression(node) && isAssignmentTarget(node)) return;
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
  // Namespaces and constants (`opentracing.Tags`) are followed by the import checks.
  if (ts.isPropertyAccessExpression(node) && kind === 'object') return;
  const what = `an OpenTracing ${kind}`;
  // Inside a site already blocked, a second reason would only repeat the first.
  if (state.isInsideBlocker(node)) return;
  const index = state.crossFile?.index;
  // An OpenTracing object imported from another file: it moves with that file, if that one is rewritten.
  if (ts.isIdentifier(node) && kind !== 'object') {
    const symbol = state.checker.getSymbolAtLocation(node);
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) {
      const blocked = crossOrBlock(
        state,
        node,
        kind,
        index && importSource(index, symbol),
        (detail) =>
          `uses ${what} imported from another file${detail}: migrate that file first, or together by hand`,
      );
      if (blocked) return;
      // `const { tracer } = require('./tracing')`: an import, followed above.
      if (isRequireBinding(node)) return;
    }
  }
  // `module.exports = { tracer }`: the files that require it get it.
  if (ts.isIdentifier(node) && index !== undefined && isCommonJsExport(node)) {
    const symbol = index.symbolAt(node);
    const declaration = symbol?.valueDeclaration;
    crossOrBlock(
      state,
      node,
      kind,
      declaration === undefined
        ? { hard: `\`${node.text}\` cannot be followed` }
        : index.usersOf(declaration),
      (detail) =>
        `exports OpenTracing objects to other files${detail}: migrate them together by hand`,
    );
    return;
  }
  if (ts.isPropertyAccessExpression(node) && index !== undefined) {
    const blocked = crossOrBlock(
      state,
      node,
      kind,
      index.propertySource(node),
      (detail) =>
        `gets ${what} from \`${node.getText(state.sourceFile)}\`, which is not a function of this file alone${detail}: migrate it first, or together by hand`,
    );
    if (blocked) return;
  }
  if (ts.isParameter(parent) && parent.name === node) {
    // A parameter of a function type or a signature without code: no value flows there.
    if (state.crossFile !== undefined && !hasBody(parent.parent)) return;
    if (!locals.has(parent.parent)) {
      crossOrBlock(
        state,
        node,
        kind,
        index?.functionUsers(parent.parent),
        (detail) =>
          `receives ${what} from code this rewrite does not change${detail}: migrate that code first, or together by hand`,
      );
    }
    return;
  }
  if (ts.isVariableDeclaration(parent) && parent.name === node) return;
  if (isRequiredName(node, usageNodes)) return;
  if (ts.isCallExpression(node) && !usageNodes.has(node) && !isLocalCall(state, locals, node)) {
    const blocked = crossOrBlock(
      state,
      node,
      kind,
      index?.callTarget(node),
      (detail) =>
        `gets ${what} from \`${node.expression.getText(state.sourceFile)}\`, which is not a function of this file alone${detail}: migrate it first, or together by hand`,
    );
    if (blocked) return;
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return;
  // One of the values of `a ?? b`, `a || b`, `c ? a : b`: the whole goes where it goes.
  const whole = wholeValue(node);
  if (
    whole !== node &&
    ts.isVariableDeclaration(whole.parent) &&
    whole.parent.initializer === whole
  )
    return;
  if (isLocalAssignment(state, node)) return;
  const field = index === undefined ? undefined : assignedField(state, node);
  if (field !== undefined && index !== undefined) {
    crossOrBlock(
      state,
      node,
      kind,
      field.declaration === undefined
        ? { hard: `\`${field.text}\` is not a field of the rewrite's own classes` }
        : ts.isPropertySignature(field.declaration)
          ? index.propertySource(field.access)
          : index.usersOf(field.declaration),
      (detail) => `passes ${what} to code this rewrite does not follow${detail}: rewrite by hand`,
    );
    return;
  }
  if (ts.isExpressionStatement(parent)) return;
  if (isTruthinessTest(node)) return;
  if (index !== undefined && !state.isInsideBlocker(node)) {
    const destination = leavingTo(state, locals, node, usageNodes);
    if (destination !== undefined) {
      crossOrBlock(
        state,
        node,
        kind,
        destination,
        (detail) => `passes ${what} to code this rewrite does not follow${detail}: rewrite by hand`,
      );
      return;
    }
  }
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

/** A name bound by destructuring a require (`const { tracer } = require('./tracing')`). */
function isRequireBinding(node: ts.Identifier): boolean {
  const element = node.parent;
  if (!ts.isBindingElement(element) || element.name !== node) return false;
  const declaration = element.parent.parent;
  return ts.isVariableDeclaration(declaration) && isRequire(declaration.initializer);
}

function hasBody(fn: ts.SignatureDeclaration): boolean {
  return 'body' in fn && fn.body !== undefined;
}

/** Where an imported name comes from: a file of the rewrite, or not. */
function importSource(index: ProgramIndex, symbol: ts.Symbol): Crossing {
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
 */
function leavingTo(
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
 * The expression whose value a value is, through parentheses and the values of `a ?? b`,
 * `a || b` and `c ? a : b` (not their tests).
 */
function wholeValue(node: ts.Expression): ts.Expression {
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

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}

/** Whether a property access is what an assignment writes to (`this.current = span`). */
function isAssignmentTarget(node: ts.PropertyAccessExpression): boolean {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  );
}

/**
 * For `object.field = value;` as a statement of its own: the field, with its declaration when it
 * is a field of a class (or a constructor's parameter property) of the files given.
 */
function assignedField(
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
    const names: [ts.Node, ts.Node | undefined][] = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((declaration) => [declaration, declaration.name])
      : ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)
        ? [[statement, statement.name]]
        : [];
    for (const [declaration, name] of names) {
      if (name === undefined) continue;
      const type = state.checker.getTypeAtLocation(name);
      if (!mentionsOpenTracing(state.checker, type)) continue;
      if (state.boundary?.keepsSignature(declaration)) continue;
      // The files that import it are rewritten with this one, or none is.
      const index = state.crossFile?.index;
      const users =
        index &&
        index.towardsLegacy(
          index.usersOf(declaration),
          state.sourceFile.fileName,
          `\`${name.getText(state.sourceFile)}\``,
        );
      if (users !== undefined && 'peers' in users) {
        state.crossFile?.peer(name, users.peers);
        continue;
      }
      const detail = users === undefined ? '' : ` (${users.hard})`;
      state.block(
        statement,
        `exports OpenTracing objects to other files${detail}: migrate them together by hand`,
      );
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
