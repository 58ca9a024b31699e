// Spans, span contexts and extracted contexts as values: how the rewritten code reaches a span's
// parent context, its span context, and the context that holds its baggage.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import { isNamed, withoutUndefinedFallback } from '../syntax';
import { isOpenTracingType } from '../usages';
import { parentByType } from './parent-context';
import { storedSpanBaggage } from './stored-span-baggage';
import {
  isConstVariable,
  isFallbackOperator,
  isPropertyRead,
  skipParentheses,
} from './expressions';

/** The context holding the baggage of a span given as `span` or `span.context()`, if known. */
export function baggageContextOf(plan: FilePlanning, node: ts.Expression): string | undefined {
  const spanNode =
    ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
      ? node.expression.expression
      : node;
  if (!ts.isIdentifier(spanNode)) return undefined;
  const symbol = plan.checker.getSymbolAtLocation(spanNode);
  if (symbol === undefined) return undefined;
  // Baggage set on the span before this point: the context the last such statement made.
  const start = node.getStart(plan.sourceFile);
  const set = plan.baggageVariables
    .get(symbol)
    ?.filter((variable) => variable.end <= start)
    .pop();
  const text = set?.name ?? plan.baggageContexts.get(symbol);
  if (text === undefined) return undefined;
  // A name the rewrite made up hides nothing and is hidden by nothing.
  if (plan.madeUpNames.has(text)) return text;
  // The name must still mean the extracted context here, not a variable that hides it.
  const visible = plan.checker.resolveName(text, node, ts.SymbolFlags.Value, false);
  if (visible === undefined || !plan.extractVariables.has(visible)) {
    plan.block(
      node,
      `the extracted context \`${text}\` is hidden by another \`${text}\` here: rewrite by hand`,
    );
    return undefined;
  }
  return text;
}

/**
 * The parent-context argument for a `childOf` value, or undefined (with a blocker).
 * `baggageContext`: the `const` variable holding the extracted context whose baggage the new
 * span carries, when there is one.
 */
export function parentContext(
  plan: FilePlanning,
  value: ts.Expression,
): { text: string; baggageContext: string | undefined } | undefined {
  const parent = parentContextOf(plan, value);
  const baggage = parent && storedSpanBaggage(plan, withoutUndefinedFallback(value));
  if (parent === undefined || baggage === undefined) return parent;
  // A descendant of a span kept for later: its children get the incoming baggage, as they did.
  const active = `${plan.use('context')}.active()`;
  const base = `${plan.use('propagation')}.setBaggage(${active}, ${baggage})`;
  return { text: parent.text.split(active).join(base), baggageContext: undefined };
}

function parentContextOf(
  plan: FilePlanning,
  value: ts.Expression,
): { text: string; baggageContext: string | undefined } | undefined {
  const core = withoutUndefinedFallback(value);
  const symbol = ts.isIdentifier(core) ? plan.checker.getSymbolAtLocation(core) : undefined;
  if (symbol !== undefined && plan.extractVariables.has(symbol)) {
    // After the rewrite the variable holds a Context, never null: no fallback needed.
    plan.acceptedReferences.add(core);
    const text = core.getText(plan.sourceFile);
    const fixed = isConstVariable(symbol) && !plan.optionalContexts.has(symbol);
    return { text, baggageContext: fixed ? text : undefined };
  }
  if (ts.isBinaryExpression(core) && isFallbackOperator(core.operatorToken.kind))
    return fallbackParent(plan, core);
  const optional = optionalSpanParent(plan, core);
  if (optional !== undefined) return { text: optional, baggageContext: undefined };
  const span = spanExpression(plan, core);
  if (span !== undefined) {
    const base = baggageContextOf(plan, core);
    return {
      text: `${plan.use('trace')}.setSpan(${base ?? `${plan.use('context')}.active()`}, ${span})`,
      baggageContext: base,
    };
  }
  const byType = parentByType(plan, core);
  if (byType !== undefined) return { text: byType, baggageContext: undefined };
  plan.block(value, 'a parent the codemod cannot follow: rewrite by hand');
  return undefined;
}

/**
 * `childOf: span || other`: the span when there is one, else the other parent, as OpenTracing
 * picks it. For an extracted context first (`childOf: parent || this.current`): OpenTelemetry's
 * extract gives a context even when the carrier holds nothing, where OpenTracing's gave null when
 * it held neither a span context nor baggage, so the test is written out, and the chosen context
 * named, for the span's children to start under (its baggage with it).
 */
function fallbackParent(
  plan: FilePlanning,
  value: ts.BinaryExpression,
): { text: string; baggageContext: string | undefined } | undefined {
  const left = skipParentheses(value.left);
  const symbol = ts.isIdentifier(left) ? plan.checker.getSymbolAtLocation(left) : undefined;
  if (symbol !== undefined && plan.extractVariables.has(symbol) && isConstVariable(symbol)) {
    plan.acceptedReferences.add(left);
    const other = parentContext(plan, value.right);
    if (other === undefined) return undefined;
    const extracted = left.getText(plan.sourceFile);
    const holds = `(${plan.use('trace')}.getSpanContext(${extracted}) || ${plan.use('propagation')}.getBaggage(${extracted}))`;
    const test = plan.optionalContexts.has(symbol) ? `${extracted} && ${holds}` : holds;
    // Named, the context must be one: no parent (`undefined`) is the active context.
    const otherContext = other.text.endsWith(' : undefined')
      ? `${other.text.slice(0, -' : undefined'.length)} : ${plan.use('context')}.active()`
      : other.text;
    const chosen = plan.hoist(value, 'parentContext', `${test} ? ${extracted} : ${otherContext}`);
    return chosen === undefined ? undefined : { text: chosen, baggageContext: chosen };
  }
  const first = optionalSpan(plan, left);
  if (first === undefined) {
    plan.block(value, 'a parent with a fallback the codemod cannot follow: rewrite by hand');
    return undefined;
  }
  const second = parentContext(plan, value.right);
  if (second === undefined) return undefined;
  return {
    text: `${first} ? ${withSpan(plan, first)} : ${second.text}`,
    baggageContext: undefined,
  };
}

/**
 * For a span that may be undefined or null (`span?: Span`): the context with the span when there
 * is one, else `undefined`, which starts the span under the active context as OpenTracing does
 * without a parent. Undefined when `node` is not such a span.
 */
function optionalSpanParent(plan: FilePlanning, node: ts.Expression): string | undefined {
  const span = optionalSpan(plan, node);
  return span === undefined ? undefined : `${span} ? ${withSpan(plan, span)} : undefined`;
}

/** The text of a variable or property read holding an OpenTracing span or nothing. */
export function optionalSpan(plan: FilePlanning, node: ts.Expression): string | undefined {
  // The text is read twice: only names and property reads, which give the same value both times.
  if (!ts.isIdentifier(node) && !isPropertyRead(node)) return undefined;
  const type = plan.checker.getTypeAtLocation(node);
  if (!type.isUnion()) return undefined;
  const span = plan.checker.getNonNullableType(type);
  if (span.isUnion() || !isOpenTracingType(plan.checker, span) || !isNamed(span, 'Span'))
    return undefined;
  plan.acceptedReferences.add(node);
  return node.getText(plan.sourceFile);
}

/** The active context with this span in it. */
export function withSpan(plan: FilePlanning, span: string): string {
  return `${plan.use('trace')}.setSpan(${plan.use('context')}.active(), ${span})`;
}

/** Source text for an OpenTracing span given as a span or as `span.context()`. */
export function spanExpression(plan: FilePlanning, node: ts.Expression): string | undefined {
  if (ts.isCallExpression(node)) {
    const span = contextOfSpan(plan, node);
    if (span !== undefined) {
      plan.handled.add(node);
      return span;
    }
  }
  const type = plan.checker.getTypeAtLocation(node);
  if (type.isUnion() || !isOpenTracingType(plan.checker, type) || !isNamed(type, 'Span'))
    return undefined;
  plan.acceptedReferences.add(node);
  return plan.text(node);
}

/**
 * Whether a node is a name or property read holding an OpenTracing span context (or nothing)
 * that is not an extracted context: the rewrite makes it an OpenTelemetry SpanContext.
 */
export function isSpanContextValue(plan: FilePlanning, node: ts.Expression): boolean {
  if (!ts.isIdentifier(node) && !isPropertyRead(node)) return false;
  const symbol = ts.isIdentifier(node) ? plan.checker.getSymbolAtLocation(node) : undefined;
  if (symbol !== undefined && plan.extractVariables.has(symbol)) return false;
  const type = plan.checker.getNonNullableType(plan.checker.getTypeAtLocation(node));
  return !type.isUnion() && isOpenTracingType(plan.checker, type) && isNamed(type, 'SpanContext');
}

/** For `span.context()` with `span` an OpenTracing span: the text of `span`. */
export function contextOfSpan(plan: FilePlanning, call: ts.CallExpression): string | undefined {
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'context')
    return undefined;
  const receiver = call.expression.expression;
  const type = plan.checker.getTypeAtLocation(receiver);
  if (type.isUnion() || !isOpenTracingType(plan.checker, type) || !isNamed(type, 'Span'))
    return undefined;
  plan.acceptedReferences.add(receiver);
  return plan.text(receiver);
}

/** Whether a name is a variable holding an extracted context. */
export function isExtractVariable(plan: FilePlanning, node: ts.Expression): boolean {
  const symbol = ts.isIdentifier(node) ? plan.checker.getSymbolAtLocation(node) : undefined;
  return symbol !== undefined && plan.extractVariables.has(symbol);
}
