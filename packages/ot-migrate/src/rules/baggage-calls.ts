// The calls a span started under an extracted context is handed to, and how the rewrite runs them
// with the incoming baggage in the active context (`context.with(…, () => chargeCard(span))`).
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import {
  calledName,
  isTruthinessTest,
  lineIndent,
  mentionsOpenTracing,
  spanDeclaration,
} from '../syntax';
import { WITHOUT_BAGGAGE, isMethodWithoutBaggage } from './span-uses-without-baggage';

/**
 * The call a use of the span is an argument of, when running that call with the incoming baggage
 * in the active context carries the baggage everywhere the span goes: a call (not part of an
 * optional chain, nothing awaited in it, not returning `never` or an OpenTracing object, which
 * may be the span) of a function of the program (not a generator, whose body runs later) that uses
 * the span only in place while it runs: its methods, a `childOf`, a test. A callee that keeps the
 * span (a field, a closure, a return value) or hands it on is not followed.
 */
export function callTaking(plan: FilePlanning, use: ts.Identifier): ts.CallExpression | undefined {
  const call = use.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(use)) return undefined;
  if (plan.usages.some((usage) => usage.node === call)) return undefined;
  if (ts.isOptionalChain(call) || (call.flags & ts.NodeFlags.OptionalChain) !== 0) return undefined;
  const suspends = (node: ts.Node): boolean =>
    ts.isAwaitExpression(node) ||
    ts.isYieldExpression(node) ||
    (!ts.isFunctionLike(node) && (ts.forEachChild(node, suspends) ?? false));
  if (suspends(call)) return undefined;
  const checker = plan.checker;
  const result = checker.getTypeAtLocation(call);
  if ((result.flags & ts.TypeFlags.Never) !== 0 || mentionsOpenTracing(checker, result))
    return undefined;
  const callee = checker.getResolvedSignature(call)?.declaration;
  if (
    callee === undefined ||
    ts.isJSDocSignature(callee) ||
    !(
      ts.isFunctionDeclaration(callee) ||
      ts.isMethodDeclaration(callee) ||
      ts.isFunctionExpression(callee) ||
      ts.isArrowFunction(callee)
    ) ||
    callee.body === undefined ||
    callee.asteriskToken !== undefined
  )
    return undefined;
  const parameter = callee.parameters[call.arguments.indexOf(use)];
  if (parameter === undefined || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name))
    return undefined;
  return usesInPlace(checker, callee, parameter.name) ? call : undefined;
}

/** What a callee may do with the span while it runs: the methods that neither keep nor hand it on. */
const IN_PLACE_METHODS: ReadonlySet<string> = new Set([...WITHOUT_BAGGAGE, 'getBaggageItem']);

/** Whether a function uses a parameter (a span) only in place, in its own body. */
function usesInPlace(
  checker: ts.TypeChecker,
  fn: ts.FunctionLikeDeclaration,
  name: ts.Identifier,
): boolean {
  const symbol = checker.getSymbolAtLocation(name);
  let inPlace = true;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (!inPlace) return;
    if (ts.isIdentifier(node) && node !== name && checker.getSymbolAtLocation(node) === symbol) {
      inPlace = !nested && isInPlaceUse(checker, node);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, nested || ts.isFunctionLike(child)));
  };
  if (fn.body !== undefined) visit(fn.body, false);
  return inPlace;
}

/**
 * `span.setTag(…)`, `childOf: span`, `if (span)`, `span ? … : …`, `span && …`, `!span`,
 * `span === undefined`, and `storage.run(span, work)` of an `AsyncLocalStorage`: the span is in the
 * store only while `work` and what it awaits run, which is inside the call, under its baggage.
 */
function isInPlaceUse(checker: ts.TypeChecker, use: ts.Identifier): boolean {
  const parent = use.parent;
  if (ts.isCallExpression(parent) && parent.arguments[0] === use)
    return isAsyncLocalStorageRun(checker, parent);
  if (ts.isPropertyAccessExpression(parent) && parent.expression === use) {
    const call = parent.parent;
    if (!ts.isCallExpression(call) || call.expression !== parent) return false;
    // `span.context()` as a reference or parent right where a span starts, or what is injected.
    if (parent.name.text === 'context') return isReferenceOrParent(call);
    return IN_PLACE_METHODS.has(parent.name.text);
  }
  return isReferenceOrParent(use) || isTruthinessTest(use);
}

/** `storage.run(value, work)` on Node's `AsyncLocalStorage`. */
function isAsyncLocalStorageRun(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'run') return false;
  const declaration = checker.getSymbolAtLocation(callee.name)?.declarations?.[0];
  const owner = declaration?.parent;
  return (
    owner !== undefined &&
    ts.isClassDeclaration(owner) &&
    owner.name?.text === 'AsyncLocalStorage' &&
    /[\\/]@types[\\/]node[\\/]/.test(owner.getSourceFile().fileName)
  );
}

/** `childOf: x`, `childOf(x)`, `followsFrom(x)`, `tracer.inject(x, …)`: used where it is given. */
function isReferenceOrParent(value: ts.Expression): boolean {
  const parent = value.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === value)
    return ts.isIdentifier(parent.name) && parent.name.text === 'childOf';
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(value)) return false;
  const name = calledName(parent);
  return (
    name === 'childOf' ||
    name === 'followsFrom' ||
    (name === 'inject' && parent.arguments[0] === value)
  );
}

/** The uses of a span variable that leave it somewhere the rewrite does not follow as it is. */
export function escapingUses(
  plan: FilePlanning,
  symbol: ts.Symbol,
  name: ts.Node,
): ts.Identifier[] {
  const escaping: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== name &&
      plan.checker.getSymbolAtLocation(node) === symbol &&
      !staysInPlace(plan, node)
    )
      escaping.push(node);
    ts.forEachChild(node, visit);
  };
  visit(plan.sourceFile);
  return escaping;
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
  return isTruthinessTest(use);
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

/** `const spanBaggage = propagation.getBaggage(parent) ?? …;` after the span's declaration: its name. */
export function declareBaggage(
  plan: FilePlanning,
  start: ts.CallExpression,
  baggageContext: string,
): string | undefined {
  const sourceFile = plan.sourceFile;
  const declared = spanDeclaration(start);
  if (declared === undefined) return undefined;
  const { name, statement } = declared;
  const propagation = plan.use('propagation');
  const baggage = plan.freshName(`${name}Baggage`);
  const indent = lineIndent(sourceFile, statement.getStart(sourceFile));
  plan.replaceRange(
    statement.end,
    statement.end,
    `\n${indent}const ${baggage} = ${propagation}.getBaggage(${baggageContext}) ?? ${propagation}.createBaggage();`,
  );
  return baggage;
}

/** Each call, run with the baggage in the active context. */
export function wrapInBaggage(
  plan: FilePlanning,
  calls: Iterable<ts.CallExpression>,
  baggage: string,
): void {
  const context = plan.use('context');
  const propagation = plan.use('propagation');
  for (const call of calls) {
    const start = call.getStart(plan.sourceFile);
    plan.replaceRange(
      start,
      start,
      `${context}.with(${propagation}.setBaggage(${context}.active(), ${baggage}), () => `,
    );
    plan.replaceRange(call.end, call.end, ')');
  }
}

/**
 * `const span = tracer.startSpan(…, parent)` is followed by the incoming baggage, and each call the
 * span is handed to runs with it in the context active there:
 * `context.with(propagation.setBaggage(context.active(), spanBaggage), () => chargeCard(span))`.
 * False when the span's declaration shares its statement (the baggage could not come after it).
 */
export function runWithBaggage(
  plan: FilePlanning,
  start: ts.CallExpression,
  calls: ReadonlySet<ts.CallExpression>,
  baggageContext: string,
): boolean {
  const baggage = declareBaggage(plan, start, baggageContext);
  if (baggage === undefined) return false;
  wrapInBaggage(plan, calls, baggage);
  return true;
}

/** `x.setTag(…)`, `x?.finish()`, `if (x)`: a use of a span that needs no baggage. */
export function usedWithoutBaggage(read: ts.Expression): boolean {
  return isMethodWithoutBaggage(read) || isTruthinessTest(read);
}
