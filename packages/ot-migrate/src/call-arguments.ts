import { ts } from '@ts-morph/common';

// Where a value goes as an argument: the call or `new` that is handed it, directly or as a field of
// an options object. The boundary adapters convert what crosses there (adapters-plan.ts).

/**
 * For a value in an object literal handed straight to a call (`new Plugin({ tracer })`): its
 * property, and the type the callee declares for that field, as written there. @internal
 */
export function argumentField(
  checker: ts.TypeChecker,
  node: ts.Expression,
):
  | {
      property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment;
      type: ts.TypeNode | undefined;
    }
  | undefined {
  const property = node.parent;
  if (
    !(ts.isPropertyAssignment(property) && property.initializer === node) &&
    !(ts.isShorthandPropertyAssignment(property) && property.name === node)
  )
    return undefined;
  const literal = property.parent;
  if (!ts.isObjectLiteralExpression(literal) || !isArgument(literal)) return undefined;
  if (!ts.isIdentifier(property.name)) return undefined;
  const symbol = checker
    .getContextualType(literal)
    ?.getNonNullableType()
    .getProperty(property.name.text);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  const type =
    declaration !== undefined &&
    (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))
      ? declaration.type
      : undefined;
  return { property, type };
}

/**
 * The call an adapter's value goes to as a field of an options object (`f({ tracer: … })`).
 * @internal
 */
export function optionsCallOf(
  node: ts.Expression,
): ts.CallExpression | ts.NewExpression | undefined {
  const property = node.parent;
  if (!ts.isPropertyAssignment(property) || property.initializer !== node) return undefined;
  return ts.isObjectLiteralExpression(property.parent) ? argumentOf(property.parent) : undefined;
}

/** Whether a value is one of the arguments of a call or `new`. @internal */
export function isArgument(node: ts.Expression): boolean {
  return argumentOf(node) !== undefined;
}

/** The call or `new` a value is an argument of. @internal */
export function argumentOf(node: ts.Expression): ts.CallExpression | ts.NewExpression | undefined {
  const parent = node.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.includes(node)
    ? parent
    : undefined;
}
