import { ts } from '@ts-morph/common';
import { isCommonJsExport } from './reference-kinds';
import { checkSharedFields } from './export-checks';
import { assignedField, crossOrBlock, importSource, leavingTo } from './flow-crossings';
import { checkImportsThroughOtherFiles } from './import-checks';
import { isInLocalFunction, isLocalCall, localFunctions } from './local-functions';
import type { PlanState } from './plan-state';
import { carriesNoValue, isTruthinessTest, openTracingObject } from './syntax';
import { hasBody } from './declarations';
import {
  isAssignmentTarget,
  isLocalAssignment,
  isRequireBinding,
  isRequiredName,
  wholeValue,
} from './value-positions';

// The rewrite planner's check of where OpenTracing objects go: every value of one is followed to
// where it is used, and blocks the file, or ties it to the files it crosses to, where the rewrite
// cannot follow it.

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
