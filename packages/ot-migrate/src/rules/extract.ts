// `tracer.extract(format, carrier)`: `propagation.extract`, a Context the rewrite then follows.
import { ts } from '@ts-morph/common';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { extractInitializer } from './expressions';
import { isPlainCarrier, isTextFormat } from './inject';
import { planExtractingReturn } from './extracting-functions';
import { renameUnusedTracer } from './unused-tracer';

/**
 * `const ctx = tracer.extract(format, carrier)` (with a fallback, or under a condition): the
 * variable then holds `propagation.extract(context.active(), carrier)`, which the rules follow.
 */
export function planExtract(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  const [format, carrier] = call.arguments;
  if (format === undefined || carrier === undefined || !isTextFormat(plan, format)) {
    return plan.block(
      call,
      'extract in a format other than HTTP headers or text map: rewrite by hand',
    );
  }
  if (!isPlainCarrier(plan, carrier)) {
    return plan.block(
      carrier,
      'a carrier that is not a plain object (Headers, Map, gRPC Metadata, a response): pass propagation.extract a TextMapGetter for it by hand',
    );
  }
  const { initializer, replaced, optional } = extractInitializer(call);
  const declaration = initializer.parent;
  if (initializer === call && planExtractingReturn(plan, call)) {
    renameUnusedTracer(plan, call);
    plan.handled.add(call);
    plan.replace(
      call,
      `${plan.use('propagation')}.extract(${plan.use('context')}.active(), ${plan.text(carrier)})`,
    );
    return;
  }
  if (
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== initializer ||
    !ts.isIdentifier(declaration.name) ||
    declaration.type !== undefined
  ) {
    return plan.block(call, 'an extracted context the codemod cannot follow: rewrite by hand');
  }
  const symbol = plan.checker.getSymbolAtLocation(declaration.name);
  if (symbol === undefined)
    return plan.block(call, 'an extracted context the codemod cannot follow');
  plan.extractVariables.add(symbol);
  if (optional) plan.optionalContexts.add(symbol);
  // `: null` becomes `: undefined`, which OpenTelemetry takes for no context (the active one).
  const otherwise = ts.isConditionalExpression(initializer) ? initializer.whenFalse : undefined;
  if (optional && otherwise?.kind === ts.SyntaxKind.NullKeyword)
    plan.replace(otherwise, 'undefined');
  plan.handled.add(declaration.name);
  plan.handled.add(call);
  renameUnusedTracer(plan, call);
  plan.replace(
    replaced,
    `${plan.use('propagation')}.extract(${plan.use('context')}.active(), ${plan.text(carrier)})`,
  );
}

/** An extracted context may go only where the rules took it (a parent, a reference, a test). */
export function checkExtractVariables(plan: FilePlanning): void {
  for (const symbol of plan.extractVariables) {
    for (const reference of plan.referencesTo(symbol)) {
      if (!plan.acceptedReferences.has(reference) && !plan.handled.has(reference)) {
        plan.block(reference, 'an extracted context used other than as `childOf`: rewrite by hand');
      }
    }
  }
}
