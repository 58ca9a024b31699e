// `references` of `startSpan`: the parent the bridge picks and the span links it makes.
import { ts } from '@ts-morph/common';
import { REF_TYPE_ATTRIBUTE } from '../../../../src/reference-links';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { staticString } from '../static-values';
import { quote } from '../source-text';
import { isOpenTracingSymbol } from '../usages';
import { isConstVariable, isNothing, isPropertyRead, skipParentheses } from './expressions';
import {
  baggageContextOf,
  isExtractVariable,
  isSpanContextValue,
  optionalSpan,
  spanExpression,
  withSpan,
} from './span-values';

/** An OpenTracing reference type, as the bridge writes it in `opentracing.ref_type`. */
type ReferenceType = 'child_of' | 'follows_from';

/** What a reference points at, as the rewritten code reaches it. */
interface Referent {
  /** The context a child of it starts in. */
  context: string;
  /** Its OpenTelemetry SpanContext (when `test` holds). */
  spanContext: string;
  /** What must hold for it to be a valid reference, when that is known only as the code runs. */
  test?: string;
  /** An extracted context: with nothing in the carrier, it is still a context (the active one). */
  extracted?: boolean;
  /** The `const` holding the context with the baggage it carries, when known. */
  baggageContext?: string;
}

/**
 * A reference made outside `startSpan`'s options (those inside are rewritten with them, see
 * {@link planReferences}).
 */
export function planLooseReference(plan: FilePlanning, usage: Usage): void {
  if (!plan.isHandled(usage.node)) {
    plan.block(
      usage.node,
      'a reference made outside the `references` list of `startSpan`: write it there and run again',
    );
  }
}

/**
 * `references` (with `childOf`, which counts as a ChildOf reference after the list): the parent
 * and the links the bridge makes of them. The parent is the first valid ChildOf reference, else
 * the first valid FollowsFrom one, else the active context; every valid reference but a ChildOf
 * parent is a link with the `opentracing.ref_type` attribute. References that may be empty (an
 * extracted context, a span that may be missing) decide when the code runs, as they did.
 * Undefined (with a blocker) when a reference is not one the codemod can follow.
 */
export function planReferences(
  plan: FilePlanning,
  call: ts.CallExpression,
  list: ts.Expression,
  childOf: ts.Expression | undefined,
): { parent?: string; links?: string; baggageContext?: string } | undefined {
  const elements = referenceElements(plan, list);
  if (elements === undefined) return undefined;
  const references: { type: ReferenceType; referent: Referent }[] = [];
  for (const element of elements) {
    const parsed = reference(plan, element);
    if (parsed === undefined) return undefined;
    if (parsed.referent !== undefined)
      references.push({ type: parsed.type, referent: parsed.referent });
  }
  if (childOf !== undefined) {
    const referent = referentOf(plan, childOf, call);
    if (referent === undefined) return undefined;
    if (referent !== 'nothing') references.push({ type: 'child_of', referent });
  }
  // The parent: each candidate in the bridge's order, the first valid one chosen as the code runs.
  const candidates = [
    ...references.filter((reference) => reference.type === 'child_of'),
    ...references.filter((reference) => reference.type === 'follows_from'),
  ];
  let parent: string | undefined;
  for (const { referent } of [...candidates].reverse()) {
    parent =
      referent.test === undefined || (parent === undefined && referent.extracted)
        ? referent.context
        : `${referent.test} ? ${referent.context} : ${parent ?? 'undefined'}`;
  }
  const entries: string[] = [];
  const childOfs = candidates.filter((reference) => reference.type === 'child_of');
  for (const reference of references) {
    const { type, referent } = reference;
    const entry = `{ context: ${referent.spanContext}, attributes: { ${quote(REF_TYPE_ATTRIBUTE)}: ${quote(type)} } }`;
    const tests = referent.test === undefined ? [] : [referent.test];
    if (type === 'child_of') {
      // The first valid ChildOf reference is the parent, and no link: a later one is a link
      // only when an earlier one is valid.
      const before = childOfs.slice(0, childOfs.indexOf(reference));
      if (before.length === 0) continue;
      if (before.every((earlier) => earlier.referent.test !== undefined)) {
        const earlier = before.map((other) => other.referent.test);
        tests.unshift(earlier.length === 1 ? earlier[0]! : `(${earlier.join(' || ')})`);
      }
    }
    entries.push(tests.length === 0 ? entry : `...(${tests.join(' && ')} ? [${entry}] : [])`);
  }
  let links: string | undefined;
  if (entries.length === 1 && entries[0].startsWith('...(')) {
    // One link that may be missing: `test ? [link] : []`.
    links = entries[0].slice(4, -1);
  } else if (entries.length > 0) {
    links = `[${entries.join(', ')}]`;
  }
  // The span's baggage is its references' (the bridge merges them): followed where one carries
  // baggage the rewrite knows of; several would need their baggage merged.
  const carried = [...new Set(references.flatMap(({ referent }) => referent.baggageContext ?? []))];
  if (carried.length > 1) {
    plan.block(
      list,
      'references to spans that carry different baggage: OpenTelemetry keeps one baggage per context, merge them by hand (`propagation.setBaggage`)',
    );
    return undefined;
  }
  return { parent, links, baggageContext: carried[0] };
}

/** The entries of a `references` value; undefined (with a blocker) when it is not a list here. */
function referenceElements(
  plan: FilePlanning,
  list: ts.Expression,
): readonly ts.Expression[] | undefined {
  const value = skipParentheses(list);
  if (ts.isArrayLiteralExpression(value)) return value.elements;
  // `producer ? [followsFrom(producer)] : []`: an extracted context is never missing after the
  // rewrite, and a reference to one without a span makes no link, as the missing one made none.
  if (
    ts.isConditionalExpression(value) &&
    ts.isIdentifier(skipParentheses(value.condition)) &&
    isExtractVariable(plan, skipParentheses(value.condition)) &&
    ts.isArrayLiteralExpression(skipParentheses(value.whenTrue)) &&
    ts.isArrayLiteralExpression(skipParentheses(value.whenFalse)) &&
    (skipParentheses(value.whenFalse) as ts.ArrayLiteralExpression).elements.length === 0
  ) {
    const condition = skipParentheses(value.condition);
    plan.acceptedReferences.add(condition);
    return (skipParentheses(value.whenTrue) as ts.ArrayLiteralExpression).elements;
  }
  plan.block(list, 'references the codemod cannot follow: rewrite by hand');
  return undefined;
}

/**
 * One entry of `references`: `childOf(x)`, `followsFrom(x)` or `new Reference(type, x)`, with its
 * referent (none for `undefined` or `null`, which the bridge ignores). Undefined (with a blocker)
 * otherwise.
 */
function reference(
  plan: FilePlanning,
  element: ts.Expression,
): { type: ReferenceType; referent: Referent | undefined } | undefined {
  const cannot = () => {
    plan.block(element, 'references the codemod cannot follow: rewrite by hand');
    return undefined;
  };
  if (!ts.isCallExpression(element) && !ts.isNewExpression(element)) return cannot();
  const callee = element.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (
    !ts.isIdentifier(name) ||
    !isOpenTracingSymbol(plan.checker, plan.checker.getSymbolAtLocation(name))
  )
    return cannot();
  const args = element.arguments ?? [];
  let type: string | undefined;
  let target: ts.Expression | undefined;
  if (ts.isNewExpression(element) && name.text === 'Reference' && args.length === 2) {
    type = staticString(args[0], plan.checker);
    target = args[1];
  } else if (ts.isCallExpression(element) && args.length === 1) {
    type =
      name.text === 'childOf'
        ? 'child_of'
        : name.text === 'followsFrom'
          ? 'follows_from'
          : undefined;
    target = args[0];
  }
  if (target === undefined || (type !== 'child_of' && type !== 'follows_from')) return cannot();
  const referent = referentOf(plan, target, element);
  if (referent === undefined) return undefined;
  return { type, referent: referent === 'nothing' ? undefined : referent };
}

/**
 * What a reference points at, as the rewritten code reaches it: a span (or its `context()`), an
 * extracted context, a span that may be missing, a span context; `nothing` for `undefined` and
 * `null`. Each is read more than once, so it must be a name or a property read. Undefined (with a
 * blocker) otherwise.
 */
function referentOf(
  plan: FilePlanning,
  node: ts.Expression,
  site: ts.Node,
): Referent | 'nothing' | undefined {
  let target = skipParentheses(node);
  // `childOf(parent!)`: what it may hold is read from its type below.
  while (ts.isNonNullExpression(target)) target = skipParentheses(target.expression);
  if (isNothing(target)) return 'nothing';
  const read =
    ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression)
      ? target.expression.expression
      : target;
  if (!ts.isIdentifier(read) && !isPropertyRead(read)) {
    plan.block(
      node,
      'a reference to something other than a name or a property read: put it in a variable and run again',
    );
    return undefined;
  }
  if (ts.isIdentifier(target) && isExtractVariable(plan, target)) {
    plan.acceptedReferences.add(target);
    const symbol = plan.checker.getSymbolAtLocation(target)!;
    const text = target.getText(plan.sourceFile);
    const spanContext = plan.hoist(
      site,
      `${text}SpanContext`,
      `${plan.use('trace')}.getSpanContext(${text})`,
      isConstVariable(symbol),
    );
    if (spanContext === undefined) return undefined;
    const fixed = isConstVariable(symbol) && !plan.optionalContexts.has(symbol);
    return {
      context: text,
      spanContext,
      // A span context from the carrier, not the active span the extracted context holds too.
      test: `${spanContext}?.isRemote`,
      extracted: true,
      baggageContext: fixed ? text : undefined,
    };
  }
  const optional = optionalSpan(plan, target);
  if (optional !== undefined) {
    return {
      context: withSpan(plan, optional),
      spanContext: `${optional}.spanContext()`,
      test: optional,
    };
  }
  const span = spanExpression(plan, target);
  if (span !== undefined) {
    const base = baggageContextOf(plan, target);
    return {
      context: `${plan.use('trace')}.setSpan(${base ?? `${plan.use('context')}.active()`}, ${span})`,
      spanContext: `${span}.spanContext()`,
      baggageContext: base,
    };
  }
  if (isSpanContextValue(plan, target)) {
    plan.acceptedReferences.add(target);
    const text = target.getText(plan.sourceFile);
    const type = plan.checker.getTypeAtLocation(target);
    return {
      context: `${plan.use('trace')}.setSpanContext(${plan.use('context')}.active(), ${text})`,
      spanContext: text,
      test: type.isUnion() ? text : undefined,
    };
  }
  plan.block(node, 'references the codemod cannot follow: rewrite by hand');
  return undefined;
}
