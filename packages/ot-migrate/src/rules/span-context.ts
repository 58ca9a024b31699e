import { ts } from '@ts-morph/common';
import { isNamed } from '../syntax';
import { isOpenTracingType } from '../usages';

/** What the `span.context()` rule needs of the planner. */
export interface SpanContextState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
}

/**
 * `span?.context()` with `span` an OpenTracing span that may be missing, its value going where an
 * OpenTracing `SpanContext` (or nothing) is expected: `span?.spanContext()`, an OpenTelemetry
 * SpanContext, where the types say SpanContext too after the rewrite (see checkTypeReferences).
 * The name to replace `context` with, or undefined when the call is not one.
 * @internal
 */
export function optionalSpanContext(
  state: SpanContextState,
  call: ts.CallExpression,
): string | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken === undefined)
    return undefined;
  const type = state.checker.getTypeAtLocation(callee.expression);
  const span = state.checker.getNonNullableType(type);
  if (span.isUnion() || !isOpenTracingType(state.checker, span) || !isNamed(span, 'Span'))
    return undefined;
  const expected = state.checker.getContextualType(call);
  if (expected === undefined) return undefined;
  const context = state.checker.getNonNullableType(expected);
  if (context.isUnion() || !isOpenTracingType(state.checker, context)) return undefined;
  return isNamed(context, 'SpanContext') ? 'spanContext' : undefined;
}
