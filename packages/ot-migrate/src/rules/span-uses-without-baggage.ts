// Uses of a span that need no baggage: setting its tags, logs or name, finishing it. A span
// used only so, by its own code or by a function it is handed to, can do without the incoming
// baggage (see baggage-calls.ts, baggage-continuations.ts, stored-span-baggage.ts).
import { ts } from '@ts-morph/common';

/**
 * Span methods that need no baggage: they neither start, inject nor read anything.
 * @internal
 */
export const WITHOUT_BAGGAGE: ReadonlySet<string> = new Set([
  'setTag',
  'addTags',
  'log',
  'logEvent',
  'finish',
  'setOperationName',
]);

/**
 * `span.setTag(…)` and the like: a call of a span method that needs no baggage.
 * @internal
 */
export function isMethodWithoutBaggage(use: ts.Expression): boolean {
  const access = use.parent;
  return (
    ts.isPropertyAccessExpression(access) &&
    access.expression === use &&
    ts.isCallExpression(access.parent) &&
    access.parent.expression === access &&
    WITHOUT_BAGGAGE.has(access.name.text)
  );
}

/**
 * Whether the function a call reaches uses its parameter only in ways that need no baggage.
 * @internal
 */
export function calleeUsesWithoutBaggage(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
  position: number,
): boolean {
  const callee = checker.getResolvedSignature(call)?.declaration;
  if (
    callee === undefined ||
    ts.isJSDocSignature(callee) ||
    !ts.isFunctionDeclaration(callee) ||
    callee.body === undefined
  )
    return false;
  const parameter = callee.parameters[position];
  if (parameter === undefined || !ts.isIdentifier(parameter.name)) return false;
  const symbol = checker.getSymbolAtLocation(parameter.name);
  let well = true;
  const visit = (node: ts.Node): void => {
    if (!well) return;
    if (
      ts.isIdentifier(node) &&
      node !== parameter.name &&
      checker.getSymbolAtLocation(node) === symbol
    ) {
      const access = node.parent;
      well =
        ts.isPropertyAccessExpression(access) &&
        access.expression === node &&
        ts.isCallExpression(access.parent) &&
        access.parent.expression === access &&
        WITHOUT_BAGGAGE.has(access.name.text);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(callee.body);
  return well;
}
