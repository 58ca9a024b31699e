// `span.setBaggageItem` and `span.getBaggageItem`: OpenTelemetry keeps baggage in the Context.
import { ts } from '@ts-morph/common';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { isNamed, isTruthinessTest, lineEnd } from '../syntax';
import { enclosingFunction, isConstVariable } from './expressions';
import { baggageContextOf } from './span-values';

/**
 * Baggage lives in the Context in OpenTelemetry, not on the span. `span.getBaggageItem(k)` reads
 * it from the context the span's baggage is in (see baggageContextOf); `span.setBaggageItem(k,
 * v);` makes a new context with the item, kept in a `const` that what the span starts, injects
 * and reads from then on is based on: the baggage goes on to its children and to what is injected
 * from it, as it did. Statements that set items one after the other make one context.
 */
export function planBaggage(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  if (plan.isHandled(call)) return;
  const callee = call.expression as ts.PropertyAccessExpression;
  const span = callee.expression;
  const type = plan.checker.getTypeAtLocation(span);
  // `span?.getBaggageItem(k)` on a span that may be missing: nothing then, as before.
  const optional = isOptionalRead(plan, call);
  const spanType = optional ? plan.checker.getNonNullableType(type) : type;
  if (
    !ts.isPropertyAccessExpression(call.expression) ||
    spanType.isUnion() ||
    !isNamed(spanType, 'Span')
  )
    return plan.block(call, `\`${usage.name}\` on something the codemod cannot follow`);
  if (usage.name === 'getBaggageItem') {
    const [key] = call.arguments;
    if (key === undefined || call.arguments.length !== 1)
      return plan.block(call, `\`${usage.name}\` on something the codemod cannot follow`);
    const base = baggageContextOf(plan, span) ?? `${plan.use('context')}.active()`;
    const read = `${plan.use('propagation')}.getBaggage(${base})?.getEntry(${plan.text(key)})?.value`;
    // `undefined` when the span is missing (`null` too), as `span?.getBaggageItem(k)` gave.
    plan.replace(call, optional ? `(${plan.text(span)} ? ${read} : undefined)` : read);
    return;
  }
  if (optional) return plan.block(call, `\`${usage.name}\` on something the codemod cannot follow`);
  const group = baggageStatements(plan, call);
  if (group === undefined) {
    return plan.block(
      call,
      'baggage set where the rewrite cannot carry it to what the span starts and injects: set it in a statement of its own, in the block that declares the span (a `const`), and run again',
    );
  }
  const symbol = plan.checker.getSymbolAtLocation(span)!;
  const base = baggageContextOf(plan, span) ?? `${plan.use('context')}.active()`;
  const entries = group.map(({ expression }) => {
    const [key, value] = (expression as ts.CallExpression).arguments;
    return `.setEntry(${asText(plan, key)}, { value: ${asText(plan, value)} })`;
  });
  const name = plan.freshName(`${span.getText(plan.sourceFile)}Ctx`);
  const propagation = plan.use('propagation');
  plan.replace(
    group[0],
    `const ${name} = ${propagation}.setBaggage(${base}, (${propagation}.getBaggage(${base}) ?? ${propagation}.createBaggage())${entries.join('')});`,
  );
  for (const statement of group.slice(1)) removeStatement(plan, statement);
  const variables = plan.baggageVariables.get(symbol) ?? [];
  variables.push({ end: group[group.length - 1].end, name });
  plan.baggageVariables.set(symbol, variables);
}

/**
 * For `span.setBaggageItem(k, v);` standing in the list of statements that declares `const span`:
 * it and the statements right after it that set baggage on the same span. Undefined otherwise.
 */
function baggageStatements(
  plan: FilePlanning,
  call: ts.CallExpression,
): ts.ExpressionStatement[] | undefined {
  const statement = call.parent;
  const span = (call.expression as ts.PropertyAccessExpression).expression;
  const symbol = ts.isIdentifier(span) ? plan.checker.getSymbolAtLocation(span) : undefined;
  const declaration = symbol?.valueDeclaration;
  if (
    !ts.isExpressionStatement(statement) ||
    call.arguments.length !== 2 ||
    symbol === undefined ||
    declaration === undefined ||
    !isConstVariable(symbol) ||
    declaration.getSourceFile() !== plan.sourceFile ||
    declaration.parent.parent.parent !== statement.parent
  )
    return undefined;
  const siblings = (statement.parent as ts.Block).statements;
  const group: ts.ExpressionStatement[] = [statement];
  for (let index = siblings.indexOf(statement) + 1; index < siblings.length; index++) {
    const next = siblings[index];
    const nextCall = ts.isExpressionStatement(next) ? next.expression : undefined;
    if (
      nextCall === undefined ||
      !ts.isCallExpression(nextCall) ||
      !ts.isPropertyAccessExpression(nextCall.expression) ||
      nextCall.expression.name.text !== 'setBaggageItem' ||
      nextCall.arguments.length !== 2 ||
      !ts.isIdentifier(nextCall.expression.expression) ||
      plan.checker.getSymbolAtLocation(nextCall.expression.expression) !== symbol
    )
      break;
    group.push(next as ts.ExpressionStatement);
    plan.handled.add(nextCall);
  }
  return group;
}

/** A key or value as a string, as the bridge converts it: `String(v)` unless it is one already. */
function asText(plan: FilePlanning, node: ts.Expression): string {
  const type = plan.checker.getTypeAtLocation(node);
  const members = type.isUnion() ? type.types : [type];
  const text = plan.text(node);
  return members.every((member) => (member.flags & ts.TypeFlags.StringLike) !== 0)
    ? text
    : `String(${text})`;
}

/** Removes a statement, with its line when it stands alone on it. */
function removeStatement(plan: FilePlanning, statement: ts.Statement): void {
  const text = plan.sourceFile.text;
  const start = statement.getStart(plan.sourceFile);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const end = lineEnd(plan.sourceFile, statement.end);
  const alone =
    /^[^\S\n]*$/.test(text.slice(lineStart, start)) &&
    /^[^\S\n]*\r?\n?$/.test(text.slice(statement.end, end));
  if (alone) plan.replaceRange(lineStart, end, '', statement);
  else plan.replaceRange(start, statement.end, '', statement);
  plan.handled.add(statement);
}

/**
 * A span with baggage set on it goes only where the rewrite carries that baggage along (its
 * methods, `childOf`, references, inject, tests), and no function that may run later reads it
 * before the last statement that sets baggage: one TODO, at the first place it does not.
 */
export function checkBaggageSpans(plan: FilePlanning): void {
  for (const [symbol, variables] of plan.baggageVariables) {
    const last = variables[variables.length - 1].end;
    const home = enclosingFunction(symbol.valueDeclaration!);
    for (const reference of plan.referencesTo(symbol)) {
      const later =
        enclosingFunction(reference) !== home && reference.getStart(plan.sourceFile) < last;
      if (!later && carriesBaggage(plan, reference)) continue;
      plan.block(
        reference,
        `\`${reference.text}\` has baggage set on it, which the rewrite keeps in a context of its own and cannot carry here: rewrite by hand (pass the context with the span, or start what needs the baggage where the span is)`,
      );
      break;
    }
  }
}

/** Whether a reference to a span is one of the uses the rewrite bases on the span's baggage. */
function carriesBaggage(plan: FilePlanning, reference: ts.Identifier): boolean {
  const parent = reference.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === reference) {
    if (parent.name.text !== 'context') return true;
    // `span.context()` as a parent or injected (its baggage goes on), or for its ids.
    return plan.handled.has(parent.parent);
  }
  return plan.acceptedReferences.has(reference) || isTruthinessTest(reference);
}

/**
 * `span?.getBaggageItem(k)` where `span` is a name or a field read (read twice by the rewrite, so
 * nothing may run in it) and the call ends the chain.
 */
function isOptionalRead(plan: FilePlanning, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken === undefined) return false;
  const parent = call.parent;
  if (
    (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
    parent.expression === call
  )
    return false;
  if (ts.isCallExpression(parent) && parent.expression === call) return false;
  const plain = (node: ts.Expression): boolean =>
    ts.isIdentifier(node) ||
    node.kind === ts.SyntaxKind.ThisKeyword ||
    (ts.isPropertyAccessExpression(node) &&
      node.questionDotToken === undefined &&
      plain(node.expression));
  return plain(callee.expression) && plan.checker.getTypeAtLocation(callee.expression).isUnion();
}
