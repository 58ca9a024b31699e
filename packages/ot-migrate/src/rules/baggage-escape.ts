// A span started under an extracted context: where it may go without losing the incoming baggage.
import { ts } from 'ts-morph';
import type { FilePlanning } from '../planning';
import { calledName, isTruthinessTest, mentionsOpenTracing, spanDeclaration } from '../syntax';
import { isExtractVariable } from './span-values';

/** Whether an expression reads a variable holding an extracted context (its baggage with it). */
export function mentionsExtracted(plan: FilePlanning, node: ts.Node | undefined): boolean {
  if (node === undefined) return false;
  if (ts.isIdentifier(node) && isExtractVariable(plan, node)) return true;
  return ts.forEachChild(node, (child) => mentionsExtracted(plan, child) || undefined) ?? false;
}

/**
 * A span started under an extracted context carries the incoming request's baggage in OpenTracing:
 * its children and what is injected from it get that baggage wherever the span goes. OpenTelemetry
 * keeps baggage in the context. The rewrite carries that context where the span is a `const` used
 * in place (its own methods, a `childOf`, a truthiness test), and where it is handed to a function
 * call (`chargeCard(span)`, `await traced('step', fn, span)`): that call runs with the incoming
 * baggage in the active context (`context.with(…, () => chargeCard(span))`), where the callee's
 * children find it. A span that goes anywhere else (a field, an object, a return value, a
 * container, a call that keeps it for later) would reach code that starts children without the
 * baggage, so the file is held back there.
 * @param baggageContext - the text of the extracted context the span starts under, when known.
 * @internal
 */
export function checkBaggageEscape(
  state: FilePlanning,
  start: ts.CallExpression,
  baggageContext?: string,
): void {
  // `tracer.startSpan(…).finish()`: the span goes nowhere.
  if (ts.isPropertyAccessExpression(start.parent) && start.parent.expression === start) return;
  const symbol = state.constVariableOf(start);
  if (symbol === undefined) {
    state.block(
      start,
      'a span started under an extracted context, kept where its baggage cannot follow: OpenTelemetry keeps baggage in the context, so pass that context along (`context.with(ctx, …)`) and rewrite by hand',
    );
    return;
  }
  const name = (start.parent as ts.VariableDeclaration).name;
  const escaping: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== name &&
      state.checker.getSymbolAtLocation(node) === symbol &&
      !staysInPlace(state, node)
    )
      escaping.push(node);
    ts.forEachChild(node, visit);
  };
  visit(start.getSourceFile());
  if (escaping.length === 0) return;
  const calls = escaping.map((use) => callTaking(state, use));
  if (
    baggageContext !== undefined &&
    calls.every((call) => call !== undefined) &&
    runWithBaggage(state, start, new Set(calls), baggageContext)
  )
    return;
  for (const use of escaping) {
    state.block(
      use,
      'a span started under an extracted context, kept where its baggage cannot follow: OpenTelemetry keeps baggage in the context, so pass that context along (`context.with(ctx, …)`) and rewrite by hand',
    );
  }
}

/**
 * The call a use of the span is an argument of, when running that call with the incoming baggage
 * in the active context carries the baggage everywhere the span goes: a call (not part of an
 * optional chain, nothing awaited in it, not returning `never` or an OpenTracing object, which
 * may be the span) of a function of the program (not a generator, whose body runs later) that uses
 * the span only in place while it runs: its methods, a `childOf`, a test. A callee that keeps the
 * span (a field, a closure, a return value) or hands it on is not followed.
 */
function callTaking(plan: FilePlanning, use: ts.Identifier): ts.CallExpression | undefined {
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
const IN_PLACE_METHODS = new Set([
  'setTag',
  'addTags',
  'log',
  'logEvent',
  'finish',
  'setOperationName',
  'getBaggageItem',
]);

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

/**
 * `const span = tracer.startSpan(…, parent)` is followed by the incoming baggage, and each call the
 * span is handed to runs with it in the context active there:
 * `context.with(propagation.setBaggage(context.active(), spanBaggage), () => chargeCard(span))`.
 * False when the span's declaration shares its statement (the baggage could not come after it).
 */
function runWithBaggage(
  plan: FilePlanning,
  start: ts.CallExpression,
  calls: ReadonlySet<ts.CallExpression>,
  baggageContext: string,
): boolean {
  const sourceFile = plan.sourceFile;
  const declared = spanDeclaration(start);
  if (declared === undefined) return false;
  const { name, statement } = declared;
  const context = plan.use('context');
  const propagation = plan.use('propagation');
  const baggage = plan.freshName(`${name}Baggage`);
  const lineStart =
    sourceFile.getLineStarts()[
      sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line
    ];
  const indent = /^[^\S\r\n]*/.exec(sourceFile.text.slice(lineStart))?.[0] ?? '';
  plan.replaceRange(
    statement.end,
    statement.end,
    `\n${indent}const ${baggage} = ${propagation}.getBaggage(${baggageContext}) ?? ${propagation}.createBaggage();`,
  );
  for (const call of calls) {
    plan.replaceRange(
      call.getStart(sourceFile),
      call.getStart(sourceFile),
      `${context}.with(${propagation}.setBaggage(${context}.active(), ${baggage}), () => `,
    );
    plan.replaceRange(call.end, call.end, ')');
  }
  return true;
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
