import { ts } from '@ts-morph/common';
import { argumentOf } from './call-arguments';
import { openTracingObject } from './syntax';

// The types as the code declares them, where a boundary adapter may go (adapters-plan.ts): a
// callee's parameter, its return type, a field. What is written there, not what the checker
// infers at the use: a type parameter stays one, since a generic callee takes what the caller's
// types say (OpenTelemetry's after the rewrite).

/**
 * A type an adapter takes as it is: `Tracer`, `opentracing.Span`; `Span | undefined` for a
 * parameter. @internal
 */
export function isPlainType(type: ts.TypeNode, orMissing: boolean): boolean {
  if (orMissing && ts.isUnionTypeNode(type)) {
    const missing = (member: ts.TypeNode) =>
      member.kind === ts.SyntaxKind.UndefinedKeyword ||
      (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword);
    const present = type.types.filter((member) => !missing(member));
    return present.length === 1 && isPlainType(present[0], false);
  }
  return ts.isTypeReferenceNode(type) || ts.isImportTypeNode(type);
}

/**
 * The type the callee declares for the parameter an argument goes to, as written there (a type
 * parameter stays one). @internal
 */
export function parameterType(
  checker: ts.TypeChecker,
  argument: ts.Expression,
): ts.TypeNode | undefined {
  const call = argumentOf(argument);
  const declaration = call && checker.getResolvedSignature(call)?.declaration;
  if (declaration === undefined || ts.isJSDocSignature(declaration)) return undefined;
  const position = call!.arguments!.indexOf(argument);
  const parameters = declaration.parameters;
  const parameter =
    parameters[position] ??
    (parameters.length > 0 && parameters[parameters.length - 1].dotDotDotToken
      ? parameters[parameters.length - 1]
      : undefined);
  return parameter?.dotDotDotToken ? undefined : parameter?.type;
}

/**
 * The type a call's callee declares it returns, or a field's declared type, as written there.
 * @internal
 */
export function declaredType(
  checker: ts.TypeChecker,
  node: ts.CallExpression | ts.PropertyAccessExpression,
): ts.TypeNode | undefined {
  if (ts.isCallExpression(node)) {
    const declaration = checker.getResolvedSignature(node)?.declaration;
    return declaration === undefined || ts.isJSDocSignature(declaration)
      ? undefined
      : declaration.type;
  }
  const declaration = checker.getSymbolAtLocation(node.name)?.valueDeclaration;
  return declaration !== undefined &&
    (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))
    ? declaration.type
    : undefined;
}

/**
 * Whether a declared type is OpenTracing's own (`Span`, `opentracing.Tracer`), not a type
 * parameter. @internal
 */
export function declaresOpenTracing(
  checker: ts.TypeChecker,
  type: ts.TypeNode | undefined,
): boolean {
  if (type === undefined) return false;
  return openTracingObject(checker, checker.getTypeFromTypeNode(type)) !== undefined;
}
