// A span started under an extracted context: where it may go without losing the incoming baggage.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import {
  callTaking,
  declareBaggage,
  escapingUses,
  runWithBaggage,
  wrapInBaggage,
} from './baggage-calls';
import {
  continuationCalls,
  handOverToCallers,
  optionalBaggageContext,
} from './baggage-continuations';
import { isExtractVariable } from './span-values';
import { keepStoredSpanBaggage } from './stored-span-baggage';

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
