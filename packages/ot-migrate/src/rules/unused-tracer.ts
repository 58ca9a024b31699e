// `tracer` in `tracer.inject(…)` and `tracer.extract(…)`: OpenTelemetry's `propagation` needs no
// tracer, so a parameter used for nothing else is unused once they are rewritten.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';

/**
 * The tracer parameter a rewritten `inject`/`extract` call was made on, when the function uses it
 * for nothing else: it is named `_tracer`, as unused parameters are (callers pass it by position,
 * as before; `noUnusedParameters` accepts it).
 */
export function renameUnusedTracer(plan: FilePlanning, call: ts.CallExpression): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return;
  const declaration = plan.checker.getSymbolAtLocation(callee.expression)?.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isParameter(declaration) ||
    !ts.isIdentifier(declaration.name) ||
    declaration.name.text.startsWith('_') ||
    plan.handled.has(declaration.name) ||
    ts.isParameterPropertyDeclaration(declaration, declaration.parent)
  )
    return;
  const symbol = plan.checker.getSymbolAtLocation(declaration.name);
  if (symbol === undefined) return;
  const propagating = new Set(
    plan.usages
      .filter((usage) => usage.kind === 'inject' || usage.kind === 'extract')
      .map((usage) => usage.node),
  );
  const onlyPropagates = plan.referencesTo(symbol).every((reference) => {
    const access = reference.parent;
    return (
      ts.isPropertyAccessExpression(access) &&
      access.expression === reference &&
      propagating.has(access.parent)
    );
  });
  if (!onlyPropagates) return;
  const name = plan.freshName(`_${declaration.name.text}`);
  // A JSDoc `@param {Tracer} tracer` names it too (its type, in JavaScript): renamed with it.
  for (const tag of ts.getJSDocParameterTags(declaration)) {
    if (ts.isIdentifier(tag.name) && tag.name.text === declaration.name.text)
      plan.replace(tag.name, name);
  }
  plan.replace(declaration.name, name);
}
