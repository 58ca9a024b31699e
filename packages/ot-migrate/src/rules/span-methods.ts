// The span's other methods: `finish`, `setOperationName`, `context()`, `toTraceId()`/`toSpanId()`.
import { ts } from '@ts-morph/common';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { optionalSpanContext } from './span-context';
import { contextOfSpan, isSpanContextValue } from './span-values';

/** The span's other methods (see the file's header). */
export function planSpanMethod(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  if (plan.isHandled(call)) return;
  if (usage.name === 'setOperationName') return rename(plan, usage, 'updateName');
  if (
    (usage.name === 'toTraceId' || usage.name === 'toSpanId') &&
    ts.isPropertyAccessExpression(call.expression)
  ) {
    const receiver = call.expression.expression;
    const field = usage.name === 'toTraceId' ? 'traceId' : 'spanId';
    const span = ts.isCallExpression(receiver) ? contextOfSpan(plan, receiver) : undefined;
    if (span !== undefined) {
      plan.handled.add(receiver);
      plan.replace(call, `${span}.spanContext().${field}`);
      return;
    }
    // A span context kept in a variable or a field: an OpenTelemetry SpanContext after the
    // rewrite (its type too, see checkTypeReferences), whose ids are fields.
    if (isSpanContextValue(plan, receiver)) {
      const dot = call.expression.questionDotToken === undefined ? '.' : '?.';
      plan.replace(call, `${receiver.getText(plan.sourceFile)}${dot}${field}`);
      return;
    }
  }
  if (usage.name === 'context') {
    // Followed by `.toTraceId()`: that call decides. Else `span.spanContext()`, the ids of the
    // span as an OpenTelemetry SpanContext, where the types say SpanContext too.
    if (call.parent && ts.isPropertyAccessExpression(call.parent)) return;
    if (contextOfSpan(plan, call) !== undefined) return rename(plan, usage, 'spanContext');
    const renamed = optionalSpanContext(plan, call);
    if (renamed !== undefined) return rename(plan, usage, renamed);
  }
  plan.block(
    call,
    `\`${usage.name}\` has no direct OpenTelemetry equivalent here: rewrite by hand`,
  );
}

/** A method with another name and the same arguments (`finish` is `end`). */
export function rename(plan: FilePlanning, usage: Usage, name: string): void {
  const call = usage.node as ts.CallExpression;
  if (!ts.isPropertyAccessExpression(call.expression))
    return plan.block(call, `\`${usage.name}\` the codemod cannot follow`);
  plan.replace(call.expression.name, name);
}
