// A function that returns what `tracer.extract(…)` gives, called from other files:
// `extractMetadata(tracer, metadata)` in metadata.ts, `const parent = extractMetadata(…)` in the
// server interceptor. The function returns the OpenTelemetry `Context` of `propagation.extract`,
// and each caller holds an extracted context, which the rules follow as they follow a local
// `tracer.extract(…)` (parents, baggage). The function and its callers move together.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import { isOpenTracingSymbol } from '../usages';
import { extractInitializer } from './expressions';

/**
 * The function a call reaches when it is an extracting function of the program: a function
 * declaration whose whole body is `return tracer.extract(…);`, in a file of the rewrite.
 */
export function extractingFunctionOf(
  plan: FilePlanning,
  call: ts.CallExpression,
): ts.FunctionDeclaration | undefined {
  const index = plan.crossFile?.index;
  if (index === undefined) return undefined;
  const declaration = plan.checker.getResolvedSignature(call)?.declaration;
  if (
    declaration === undefined ||
    !ts.isFunctionDeclaration(declaration) ||
    !index.isSource(declaration.getSourceFile().fileName)
  )
    return undefined;
  return returnedExtract(plan.checker, declaration) === undefined ? undefined : declaration;
}

/** The `tracer.extract(…)` call an extracting function returns (see extractingFunctionOf). */
export function returnedExtract(
  checker: ts.TypeChecker,
  fn: ts.FunctionDeclaration,
): ts.CallExpression | undefined {
  const statements = fn.body?.statements;
  if (statements?.length !== 1 || fn.asteriskToken !== undefined) return undefined;
  // A JSDoc `@returns {SpanContext}` would still say what it no longer returns.
  if (ts.getJSDocReturnTag(fn) !== undefined) return undefined;
  const [statement] = statements;
  if (!ts.isReturnStatement(statement) || statement.expression === undefined) return undefined;
  let value = statement.expression;
  while (ts.isParenthesizedExpression(value)) value = value.expression;
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression))
    return undefined;
  const member = value.expression.name;
  if (
    member.text !== 'extract' ||
    !isOpenTracingSymbol(checker, checker.getSymbolAtLocation(member))
  )
    return undefined;
  return value;
}

/**
 * `const parent = extractMetadata(…)` (with a fallback, or under a condition), calling an
 * extracting function: the variable holds an extracted context. Other uses of such a call are
 * left to the data-flow checks, which hold the file back.
 */
export function planExtractingCalls(plan: FilePlanning): void {
  if (plan.crossFile === undefined) return;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const fn = extractingFunctionOf(plan, node);
      if (fn !== undefined) followExtractingCall(plan, node, fn);
    }
    ts.forEachChild(node, visit);
  };
  visit(plan.sourceFile);
}

function followExtractingCall(
  plan: FilePlanning,
  call: ts.CallExpression,
  fn: ts.FunctionDeclaration,
): void {
  const followed = followedCall(plan.checker, call);
  if (followed === undefined) return;
  const { symbol, replaced, optional, otherwise } = followed;
  plan.extractVariables.add(symbol);
  if (optional) plan.optionalContexts.add(symbol);
  if (optional && otherwise?.kind === ts.SyntaxKind.NullKeyword)
    plan.replace(otherwise, 'undefined');
  // OpenTelemetry's extract never gives nothing: the fallback goes.
  if (replaced !== call) plan.replace(replaced, plan.text(call));
  plan.extractingCalls.add(call);
  plan.crossFile?.peer(call, [fn.getSourceFile().fileName]);
}

/**
 * Where a call of an extracting function is a variable the rules can follow: the variable, and
 * what the rewrite replaces (the call, or the call with its fallback).
 */
export function followedCall(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
):
  | { symbol: ts.Symbol; replaced: ts.Expression; optional: boolean; otherwise?: ts.Expression }
  | undefined {
  const { initializer, replaced, optional } = extractInitializer(call);
  const declaration = initializer.parent;
  if (
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== initializer ||
    !ts.isIdentifier(declaration.name) ||
    declaration.type !== undefined
  )
    return undefined;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  if (symbol === undefined) return undefined;
  const otherwise = ts.isConditionalExpression(initializer) ? initializer.whenFalse : undefined;
  return { symbol, replaced, optional, otherwise };
}

/**
 * The extracting function's own side, for the `return tracer.extract(…)` planExtract meets: the
 * function returns an OpenTelemetry `Context`, when every use of it is a call whose value a
 * caller follows (see followedCall) in a file that moves. Returns false (the caller blocks) when
 * one is not.
 */
export function planExtractingReturn(plan: FilePlanning, extract: ts.CallExpression): boolean {
  const index = plan.crossFile?.index;
  let fn: ts.Node = extract.parent;
  while (ts.isParenthesizedExpression(fn)) fn = fn.parent;
  if (!ts.isReturnStatement(fn)) return false;
  fn = fn.parent.parent;
  if (
    index === undefined ||
    !ts.isFunctionDeclaration(fn) ||
    fn.name === undefined ||
    returnedExtract(plan.checker, fn) !== extract
  )
    return false;
  const symbol = plan.checker.getSymbolAtLocation(fn.name);
  // Exported with no caller among the paths: code the rewrite does not see expects OpenTracing.
  if (symbol === undefined || 'hard' in index.usersOf(fn)) return false;
  const peers = new Set<string>();
  for (const reference of index.referencesTo(symbol)) {
    const parent = reference.parent;
    // The import and export lines name it; what they bring in is called below.
    if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isExportSpecifier(parent))
      continue;
    if (reference === fn.name) continue;
    const file = reference.getSourceFile().fileName;
    if (
      !ts.isCallExpression(parent) ||
      parent.expression !== reference ||
      followedCall(plan.checker, parent) === undefined ||
      index.staysLegacy(file)
    )
      return false;
    peers.add(file);
  }
  plan.extractingCalls.add(extract);
  if (fn.type !== undefined) {
    plan.neededTypes.add('Context');
    plan.replace(fn.type, plan.names.Context);
  }
  plan.crossFile?.peer(fn.name, [...peers]);
  return true;
}
