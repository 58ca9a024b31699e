import { ts } from '@ts-morph/common';
import { mentionsOpenTracing } from './syntax';

// Containers of OpenTracing objects (`Map<string, Span>`, `Span[]`): the rewrite changes their
// type argument, so their methods and callbacks carry the objects without crossing to other code.

/** The array methods whose callback is given the elements. */
const ARRAY_CALLBACK_METHODS = new Set([
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
]);

/** A callback over a list of OpenTracing objects: `spans.forEach((span) => …)`. */
export function isArrayCallback(fn: ts.Node, checker: ts.TypeChecker): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let outer: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  if (!ts.isCallExpression(outer) || !ts.isPropertyAccessExpression(outer.expression)) return false;
  if (!ARRAY_CALLBACK_METHODS.has(outer.expression.name.text)) return false;
  const receiver = checker.getTypeAtLocation(outer.expression.expression);
  return (
    checker.isArrayType(receiver) ||
    checker.isTupleType(receiver) ||
    (outer.expression.name.text === 'forEach' && isContainerOfOpenTracing(checker, receiver))
  );
}

/** The containers whose methods keep what they are given: the rewrite changes their type argument. */
const CONTAINERS = new Set([
  'Array',
  'ReadonlyArray',
  'Map',
  'ReadonlyMap',
  'WeakMap',
  'Set',
  'ReadonlySet',
  'WeakSet',
  'AsyncLocalStorage',
]);

/** `Map<string, Span>`, `Span[]`, `AsyncLocalStorage<Span>`: a container of OpenTracing objects. */
export function isContainerOfOpenTracing(checker: ts.TypeChecker, type: ts.Type): boolean {
  const target = type.getNonNullableType();
  const symbol = target.getSymbol();
  if (symbol === undefined || !CONTAINERS.has(symbol.getName())) return false;
  const declared = symbol.declarations?.[0]?.getSourceFile();
  if (declared === undefined || !(declared.isDeclarationFile || checker.isArrayType(target)))
    return false;
  return mentionsOpenTracing(checker, target);
}
