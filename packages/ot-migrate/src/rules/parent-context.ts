import { ts } from '@ts-morph/common';
import type { ApiValue } from '../source-text';
import { isNamed, isStatementList, lineIndent } from '../syntax';
import { isOpenTracingType } from '../usages';

/** What the parent rule needs of the planner. */
export interface ParentState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  /** Nodes a handler took responsibility for. */
  readonly acceptedReferences: Set<ts.Node>;
  text(node: ts.Node): string;
  replaceRange(start: number, end: number, text: string, anchor?: ts.Node): void;
  freshName(base: string): string;
  use(name: ApiValue): string;
}

/**
 * The parent context for a `childOf` value by its type, as the bridge takes it: an OpenTracing
 * span (OpenTelemetry's after the rewrite) `trace.setSpan(context.active(), x)`; a span context
 * `trace.setSpanContext(context.active(), x)`; either (`Span | SpanContext`) decided as the code
 * runs (`'spanContext' in x`, which only a span has); and when it may be missing, `undefined`
 * then, which starts the span under the active context as the bridge does without a parent. A
 * value read more than once must be a name or a property read: another (`currentSpan()`) is put
 * in a `const` before the statement, so that it is evaluated once, as it was. Undefined when the
 * value is none of those.
 * @internal
 */
export function parentByType(state: ParentState, value: ts.Expression): string | undefined {
  const type = state.checker.getTypeAtLocation(value);
  const present = state.checker.getNonNullableType(type);
  const members = present.isUnion() ? present.types : [present];
  const kinds = new Set<string>();
  for (const member of members) {
    if (!isOpenTracingType(state.checker, member)) return undefined;
    if (isNamed(member, 'Span')) kinds.add('span');
    else if (isNamed(member, 'SpanContext')) kinds.add('context');
    else return undefined;
  }
  if (kinds.size === 0) return undefined;
  const optional = present !== type;
  let name = state.text(value);
  if (!isRead(value) && (optional || kinds.size > 1)) {
    const hoisted = hoist(state, value, 'parent');
    if (hoisted === undefined) return undefined;
    name = hoisted;
  }
  state.acceptedReferences.add(value);
  const active = `${state.use('context')}.active()`;
  const withSpan = `${state.use('trace')}.setSpan(${active}, ${name})`;
  const withContext = `${state.use('trace')}.setSpanContext(${active}, ${name})`;
  const parent =
    kinds.size > 1
      ? `'spanContext' in ${name} ? ${withSpan} : ${withContext}`
      : kinds.has('span')
        ? withSpan
        : withContext;
  return optional ? `${name} ? ${kinds.size > 1 ? `(${parent})` : parent} : undefined` : parent;
}

const EVALUATED_ALWAYS: ((node: ts.Node) => boolean)[] = [
  ts.isPropertyAssignment,
  ts.isObjectLiteralExpression,
  ts.isCallExpression,
  ts.isParenthesizedExpression,
  ts.isAwaitExpression,
  ts.isReturnStatement,
  ts.isExpressionStatement,
  ts.isVariableDeclaration,
  ts.isVariableDeclarationList,
  ts.isVariableStatement,
];

/**
 * A `const` named after `base` holding `value`, declared right before the statement that holds it
 * (no function between them): the name. Undefined when there is no such statement.
 */
function hoist(state: ParentState, value: ts.Expression, base: string): string | undefined {
  let statement: ts.Node = value;
  // Only through nodes that evaluate it every time the statement runs, and first among the
  // statement's parts that may have effects (the options' other values are read after it).
  while (!isStatementList(statement.parent)) {
    const parent = statement.parent;
    if (!EVALUATED_ALWAYS.some((is) => is(parent))) return undefined;
    statement = parent;
  }
  const name = state.freshName(base);
  const start = statement.getStart(state.sourceFile);
  const indent = lineIndent(state.sourceFile, start);
  state.replaceRange(start, start, `const ${name} = ${state.text(value)};\n${indent}`);
  return name;
}

/** A name or a property read (`a.b`, `this.b`): the same value each time it is read. */
function isRead(node: ts.Expression): boolean {
  return (
    ts.isIdentifier(node) ||
    (ts.isPropertyAccessExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ThisKeyword || isRead(node.expression)))
  );
}
