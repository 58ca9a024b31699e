// A span kept for later by a middleware that then hands the request on (`req.span = span;
// next()`), or returned to callers that do: where the rewrite runs that continuation with the
// incoming baggage.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import { isTruthinessTest, spanDeclaration, withoutUndefinedFallback } from '../syntax';
import {
  callTaking,
  declareBaggage,
  escapingUses,
  usedWithoutBaggage,
  wrapInBaggage,
} from './baggage-calls';
import { isMethodWithoutBaggage } from './span-uses-without-baggage';

/**
 * The context whose baggage a span has when it starts under an extracted context that may be
 * missing (`childOf: parent ?? undefined`, `parent` from `h ? tracer.extract(…) : null`): that
 * context, else the active one, as the span then starts under it.
 */
export function optionalBaggageContext(
  plan: FilePlanning,
  start: ts.CallExpression,
): string | undefined {
  const options = start.arguments[1];
  if (options === undefined || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const property of options.properties) {
    if (
      !ts.isPropertyAssignment(property) ||
      !ts.isIdentifier(property.name) ||
      property.name.text !== 'childOf'
    )
      continue;
    const value = withoutUndefinedFallback(property.initializer);
    if (!ts.isIdentifier(value)) return undefined;
    const symbol = plan.checker.getSymbolAtLocation(value);
    if (symbol === undefined || !plan.optionalContexts.has(symbol)) return undefined;
    return `${value.text} ?? ${plan.use('context')}.active()`;
  }
  return undefined;
}

/**
 * The continuation calls of the function that starts the span, when it is a middleware that keeps
 * the span for later (`req.span = span`, `spans.set(call, span)`) and then hands the request on:
 * a call of one of its parameters that is a function (`next()`, `await next(call)`), after every
 * place the span is kept, none of them in a function nested in it. What the request does next,
 * and reads of the kept span there, run inside that call: the rewrite runs it with the incoming
 * baggage in the active context. Undefined when the function is not so.
 */
export function continuationCalls(
  plan: FilePlanning,
  start: ts.CallExpression,
  stored: readonly ts.Identifier[],
): ts.CallExpression[] | undefined {
  let fn: ts.Node = start;
  while (!ts.isFunctionLike(fn)) {
    if (ts.isSourceFile(fn)) return undefined;
    fn = fn.parent;
  }
  const owner = fn;
  const nestedIn = (node: ts.Node): boolean => {
    for (let current = node.parent; current !== owner; current = current.parent)
      if (ts.isFunctionLike(current)) return true;
    return false;
  };
  if (stored.some(nestedIn)) return undefined;
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const declaration = plan.checker.getSymbolAtLocation(node.expression)?.valueDeclaration;
      if (
        declaration !== undefined &&
        ts.isParameter(declaration) &&
        declaration.parent === owner &&
        plan.checker.getTypeAtLocation(declaration).getCallSignatures().length > 0
      )
        found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  const body = (owner as ts.FunctionLikeDeclaration).body;
  if (body === undefined) return undefined;
  ts.forEachChild(body, visit);
  if (found.length === 0) return undefined;
  // Each continuation is called only where it is found: one called in a callback too
  // (`verify(token).then(() => next())`), or handed on, would run without the baggage.
  for (const call of found) {
    const symbol = plan.checker.getSymbolAtLocation(call.expression);
    if (symbol === undefined) return undefined;
    const direct = plan
      .referencesTo(symbol)
      .every((use) => found.some((each) => each.expression === use));
    if (!direct) return undefined;
  }
  const first = Math.min(...found.map((call) => call.getStart(plan.sourceFile)));
  if (!stored.every((use) => use.end <= first)) return undefined;
  // After `next(…)` has returned, the middleware's own code runs without the baggage: there the
  // span, or the field it was kept in (`req.span`), may only be tagged, logged or finished.
  const span = plan.constVariableOf(start);
  const fields = stored.flatMap((use) => {
    const assignment = use.parent;
    return ts.isBinaryExpression(assignment) &&
      assignment.right === use &&
      ts.isPropertyAccessExpression(assignment.left)
      ? [plan.checker.getSymbolAtLocation(assignment.left.name)]
      : [];
  });
  let later = true;
  const visitLater = (node: ts.Node): void => {
    if (!later || ts.isFunctionLike(node)) return;
    if (node.getStart(plan.sourceFile) > first) {
      const read =
        ts.isIdentifier(node) &&
        span !== undefined &&
        plan.checker.getSymbolAtLocation(node) === span
          ? node
          : ts.isPropertyAccessExpression(node) &&
              fields.includes(plan.checker.getSymbolAtLocation(node.name))
            ? node
            : undefined;
      // A call the span is handed to runs with the baggage too (it is wrapped, see callTaking).
      const wrapped =
        read !== undefined && ts.isIdentifier(read) && callTaking(plan, read) !== undefined;
      if (read !== undefined && !wrapped && !usedWithoutBaggage(read)) later = false;
    }
    ts.forEachChild(node, visitLater);
  };
  ts.forEachChild(body, visitLater);
  return later ? found : undefined;
}

/**
 * A span a private method or a function of this file returns (`return span;`, its one return)
 * to callers that each take it in a `const` and keep it for a continuation they then call
 * (`const span = this.spanFromCall(call); spans.set(call, span); await next(call);`): the
 * function returns the incoming baggage with the span (`{ span, baggage }`), and each caller runs
 * its continuation, and the calls it hands the span to, with that baggage in the active context.
 */
export function handOverToCallers(
  plan: FilePlanning,
  start: ts.CallExpression,
  stored: readonly ts.Identifier[],
  calls: ReadonlySet<ts.CallExpression>,
  baggageContext: string,
): boolean {
  const returned = stored.length === 1 ? stored[0].parent : undefined;
  if (returned === undefined || !ts.isReturnStatement(returned)) return false;
  const fn = enclosingFunctionOf(start);
  if (fn === undefined || enclosingFunctionOf(returned) !== fn || !isOwnFunction(fn)) return false;
  if (returnStatements(fn).length !== 1 || fn.name === undefined) return false;
  // A JSDoc `@returns {Span}` would still say what it no longer returns.
  if (ts.getJSDocReturnTag(fn) !== undefined) return false;
  const fnSymbol = plan.checker.getSymbolAtLocation(fn.name);
  if (fnSymbol === undefined) return false;
  const callers: { declaration: ts.VariableDeclaration; wrapped: ts.CallExpression[] }[] = [];
  for (const reference of plan.referencesTo(fnSymbol)) {
    if (reference === fn.name) continue;
    const callee = ts.isPropertyAccessExpression(reference.parent) ? reference.parent : reference;
    if (
      callee !== reference &&
      (callee as ts.PropertyAccessExpression).expression.kind !== ts.SyntaxKind.ThisKeyword
    )
      return false;
    const call = callee.parent;
    if (!ts.isCallExpression(call) || call.expression !== callee) return false;
    const declaration = call.parent;
    if (spanDeclaration(call) === undefined || !ts.isVariableDeclaration(declaration)) return false;
    if ((declaration.parent.flags & ts.NodeFlags.Const) === 0) return false;
    // `const span: Span = …` (or a JSDoc `@type`) types what becomes `{ span, baggage }`.
    if (declaration.type !== undefined || ts.getJSDocType(declaration) !== undefined) return false;
    const variable = plan.checker.getSymbolAtLocation(declaration.name);
    if (variable === undefined) return false;
    const uses = escapingUses(plan, variable, declaration.name);
    const taking = uses.map((use) => callTaking(plan, use));
    const kept = uses.filter((_, position) => taking[position] === undefined);
    const continuations = kept.length === 0 ? [] : continuationCalls(plan, call, kept);
    if (continuations === undefined) return false;
    // The caller's own uses of the span get no baggage: only those that need none.
    const needsNone = plan
      .referencesTo(variable)
      .every(
        (use) =>
          use === declaration.name ||
          uses.includes(use) ||
          isTruthinessTest(use) ||
          isMethodWithoutBaggage(use),
      );
    if (!needsNone) return false;
    callers.push({
      declaration,
      wrapped: [...taking.filter((each) => each !== undefined), ...continuations],
    });
  }
  if (callers.length === 0) return false;
  const baggage = declareBaggage(plan, start, baggageContext);
  if (baggage === undefined) return false;
  wrapInBaggage(plan, calls, baggage);
  const spanName = stored[0].text;
  const spanEntry = spanName === 'span' ? 'span' : `span: ${spanName}`;
  plan.replace(returned.expression!, `{ ${spanEntry}, baggage: ${baggage} }`);
  if (fn.type !== undefined) {
    plan.neededTypes.add('Span');
    plan.neededTypes.add('Baggage');
    plan.replace(fn.type, `{ span: ${plan.names.Span}; baggage: ${plan.names.Baggage} }`);
  }
  for (const { declaration, wrapped } of callers) {
    const name = (declaration.name as ts.Identifier).text;
    const spanBinding = name === 'span' ? 'span' : `span: ${name}`;
    // A caller that hands the span nowhere takes the span alone.
    if (wrapped.length === 0) {
      plan.replace(declaration.name, `{ ${spanBinding} }`);
      continue;
    }
    const callerBaggage = plan.freshName(`${name}Baggage`);
    plan.replace(declaration.name, `{ ${spanBinding}, baggage: ${callerBaggage} }`);
    wrapInBaggage(plan, wrapped, callerBaggage);
  }
  return true;
}

/** The function a node is in (not counting the node itself). */
function enclosingFunctionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent)
    if (ts.isFunctionLike(current)) return current as ts.FunctionLikeDeclaration;
  return undefined;
}

/** A private method, or a function declaration no other module can reach (not exported). */
function isOwnFunction(
  fn: ts.FunctionLikeDeclaration,
): fn is (ts.MethodDeclaration | ts.FunctionDeclaration) & { name: ts.Identifier } {
  if (fn.name === undefined || !ts.isIdentifier(fn.name) || fn.asteriskToken !== undefined)
    return false;
  const flags = ts.getCombinedModifierFlags(fn);
  if (ts.isMethodDeclaration(fn)) return (flags & ts.ModifierFlags.Private) !== 0;
  return (
    ts.isFunctionDeclaration(fn) &&
    (flags & ts.ModifierFlags.Export) === 0 &&
    ts.isSourceFile(fn.parent)
  );
}

/** The return statements of a function's own body (not of functions nested in it). */
function returnStatements(fn: ts.FunctionLikeDeclaration): ts.ReturnStatement[] {
  const found: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  if (fn.body !== undefined) ts.forEachChild(fn.body, visit);
  return found;
}
