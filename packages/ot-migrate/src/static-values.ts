import { ts } from '@ts-morph/common';
import * as opentracing from 'opentracing';
import { isOpenTracingSymbol } from './usages';

/**
 * The string a key or value expression always has, when it can be known without running the code:
 * a string literal, or one of opentracing's constants (`Tags.HTTP_METHOD`, `FORMAT_TEXT_MAP`…).
 * @internal
 */
export function staticString(
  expression: ts.Expression,
  checker: ts.TypeChecker,
): string | undefined {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
    return expression.text;
  if (ts.isParenthesizedExpression(expression)) return staticString(expression.expression, checker);
  const name = ts.isPropertyAccessExpression(expression)
    ? expression.name
    : ts.isIdentifier(expression)
      ? expression
      : undefined;
  if (name === undefined) return undefined;
  if (!isOpenTracingSymbol(checker, checker.getSymbolAtLocation(name)))
    return literalTypeValue(expression, checker);
  const constant = openTracingConstant(name.text, expression);
  return typeof constant === 'string' ? constant : undefined;
}

/**
 * The value of a name whose type is one string literal: a member of a string enum (`Keys.EventType`
 * with `enum Keys { EventType = 'event.type' }`), a `const`, an `as const` property. The type
 * checker vouches it always holds that string.
 */
function literalTypeValue(expression: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const type = checker.getTypeAtLocation(expression);
  return type.isStringLiteral() ? type.value : undefined;
}

/** The value of an opentracing export or `Tags` member with this name. */
function openTracingConstant(name: string, expression: ts.Expression): unknown {
  const owner = ts.isPropertyAccessExpression(expression) ? expression.expression : undefined;
  const ownerName =
    owner && ts.isPropertyAccessExpression(owner)
      ? owner.name.text
      : owner && ts.isIdentifier(owner)
        ? owner.text
        : '';
  if (ownerName === 'Tags') return (opentracing.Tags as Record<string, unknown>)[name];
  return (opentracing as unknown as Record<string, unknown>)[name];
}

/**
 * The static text of a property name in an object literal (`a`, `'a'`, `[Tags.X]`).
 * @internal
 */
export function staticPropertyName(
  name: ts.PropertyName,
  checker: ts.TypeChecker,
): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))
    return name.text;
  if (ts.isComputedPropertyName(name)) return staticString(name.expression, checker);
  return undefined;
}
