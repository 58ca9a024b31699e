// A span started under an extracted context: where it may go without losing the incoming baggage.
import { ts } from 'ts-morph';
import type { FilePlanning } from '../planning';
import {
  calledName,
  isTruthinessTest,
  lineIndent,
  mentionsOpenTracing,
  spanDeclaration,
  withoutUndefinedFallback,
} from '../syntax';
import { isExtractVariable } from './span-values';
import {
  WITHOUT_BAGGAGE,
  isMethodWithoutBaggage,
  keepStoredSpanBaggage,
} from './stored-span-baggage';

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
  const escaping = escapingUses(state, symbol, name);
  if (escaping.length === 0) return;
  const calls = escaping.map((use) => callTaking(state, use));
  if (
    baggageContext !== undefined &&
    calls.every((call) => call !== undefined) &&
    runWithBaggage(state, start, new Set(calls), baggageContext)
  )
    return;
  // Kept for later (`req.span = span`) by a middleware that then hands the request on (`next()`).
  const stored = escaping.filter((_, position) => calls[position] === undefined);
  const continuations =
    baggageContext === undefined ? undefined : continuationCalls(state, start, stored);
  if (
    continuations !== undefined &&
    runWithBaggage(
      state,
      start,
      new Set([...calls.filter((call) => call !== undefined), ...continuations]),
      baggageContext!,
    )
  )
    return;
  const keptBaggage = baggageContext ?? optionalBaggageContext(state, start);
  if (
    keptBaggage !== undefined &&
    keepStoredSpanBaggage(
      state,
      start,
      stored,
      () => {
        const baggage = declareBaggage(state, start, keptBaggage);
        if (baggage !== undefined)
          wrapInBaggage(
            state,
            calls.filter((call) => call !== undefined),
            baggage,
          );
        return baggage;
      },
      calls.some((call) => call !== undefined),
    )
  )
    return;
  if (
    baggageContext !== undefined &&
    handOverToCallers(
      state,
      start,
      stored,
      new Set(calls.filter((call) => call !== undefined)),
      baggageContext,
    )
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

/**
 * The context whose baggage a span has when it starts under an extracted context that may be
 * missing (`childOf: parent ?? undefined`, `parent` from `h ? tracer.extract(…) : null`): that
 * context, else the active one, as the span then starts under it.
 */
function optionalBaggageContext(plan: FilePlanning, start: ts.CallExpression): string | undefined {
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

/** The uses of a span variable that leave it somewhere the rewrite does not follow as it is. */
function escapingUses(plan: FilePlanning, symbol: ts.Symbol, name: ts.Node): ts.Identifier[] {
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

/**
 * A span a private method or a function of this file returns (`return span;`, its one return)
 * to callers that each take it in a `const` and keep it for a continuation they then call
 * (`const span = this.spanFromCall(call); spans.set(call, span); await next(call);`): the
 * function returns the incoming baggage with the span (`{ span, baggage }`), and each caller runs
 * its continuation, and the calls it hands the span to, with that baggage in the active context.
 */
function handOverToCallers(
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

/**
 * The continuation calls of the function that starts the span, when it is a middleware that keeps
 * the span for later (`req.span = span`, `spans.set(call, span)`) and then hands the request on:
 * a call of one of its parameters that is a function (`next()`, `await next(call)`), after every
 * place the span is kept, none of them in a function nested in it. What the request does next,
 * and reads of the kept span there, run inside that call: the rewrite runs it with the incoming
 * baggage in the active context. Undefined when the function is not so.
 */
function continuationCalls(
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

/** `x.setTag(…)`, `x?.finish()`, `if (x)`: a use of a span that needs no baggage. */
function usedWithoutBaggage(read: ts.Expression): boolean {
  return isMethodWithoutBaggage(read) || isTruthinessTest(read);
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
  const baggage = declareBaggage(plan, start, baggageContext);
  if (baggage === undefined) return false;
  wrapInBaggage(plan, calls, baggage);
  return true;
}

/** `const spanBaggage = propagation.getBaggage(parent) ?? …;` after the span's declaration: its name. */
function declareBaggage(
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
function wrapInBaggage(
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
