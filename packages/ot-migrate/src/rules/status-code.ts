import type { Attributes } from '@opentelemetry/api';
import { ts } from '@ts-morph/common';
import { SpanKind } from '@opentelemetry/api';
import { httpStatusToSpanStatus } from '../../../../src/conventions/http-status';
import { toSpanKind } from '../../../../src/conventions/span-kind';
import { tagTranslation } from '../../../../src/conventions/tag-translation';
import type { ApiValue } from '../source-text';
import { literal, propertyKey, quote } from '../source-text';
import { staticPropertyName, staticString } from '../static-values';
import { isStatementList, lineIndent } from '../syntax';
import type { Usage } from '../usages';
import type { CrossFile } from '../cross-file';
import { givenInObjectLiteral, isWrittenTo, structuralAccesses } from '../field-accesses';

/** What the `http.status_code` rule needs of the planner. */
export interface StatusCodeState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly usages: readonly Usage[];
  block(node: ts.Node, reason: string): void;
  text(node: ts.Node): string;
  replaceRange(start: number, end: number, text: string, anchor?: ts.Node): void;
  freshName(base: string): string;
  use(name: ApiValue): string;
  readonly crossFile?: CrossFile;
}

const STATUS_CODE = 'http.status_code';

/**
 * The kind of the span a `const` of this file holds, when its `startSpan` call says it: a literal
 * `span.kind` tag, or none (an internal span). Undefined when the kind is not known before the
 * code runs (another span, tags the codemod cannot read).
 * @internal
 */
export function knownSpanKind(
  state: StatusCodeState,
  span: ts.Expression,
  depth = 0,
): SpanKind | undefined {
  if (!ts.isIdentifier(span)) return undefined;
  const declaration = state.checker.getSymbolAtLocation(span)?.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    !ts.isVariableDeclarationList(declaration.parent) ||
    (declaration.parent.flags & ts.NodeFlags.Const) === 0 ||
    declaration.initializer === undefined
  )
    return undefined;
  const call = declaration.initializer;
  if (!state.usages.some((usage) => usage.kind === 'startSpan' && usage.node === call))
    return depth < 2 ? fieldSpanKind(state, call, depth + 1) : undefined;
  const options = (call as ts.CallExpression).arguments[1];
  if (options === undefined) return SpanKind.INTERNAL;
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  let kind: SpanKind | undefined = SpanKind.INTERNAL;
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property)) return undefined;
    if (staticPropertyName(property.name, state.checker) !== 'tags') continue;
    const tags = property.initializer;
    if (!ts.isObjectLiteralExpression(tags)) return undefined;
    for (const tag of tags.properties) {
      if (!ts.isPropertyAssignment(tag)) {
        if (ts.isShorthandPropertyAssignment(tag)) continue;
        return undefined;
      }
      const name = staticPropertyName(tag.name, state.checker);
      if (name === undefined) return undefined;
      if (name === 'span.kind') kind = toSpanKind(staticString(tag.initializer, state.checker));
    }
  }
  return kind;
}

/**
 * The kind of the spans a field holds (`const span = (response.config as Config).span`), when
 * every write of the field is `x.span = s` in this file, `s` a span whose kind the file shows,
 * all of one kind. No object literal of the program may give the field (`{ span }`): such a write
 * is not followed.
 */
function fieldSpanKind(
  state: StatusCodeState,
  value: ts.Expression,
  depth: number,
): SpanKind | undefined {
  let read = value;
  while (
    ts.isParenthesizedExpression(read) ||
    ts.isAsExpression(read) ||
    ts.isNonNullExpression(read)
  )
    read = read.expression;
  if (!ts.isPropertyAccessExpression(read)) return undefined;
  const field = state.checker.getSymbolAtLocation(read.name);
  const index = state.crossFile?.index;
  if (field === undefined || index === undefined) return undefined;
  let kind: SpanKind | undefined;
  for (const reference of index.referencesTo(field)) {
    const access = reference.parent;
    if (!ts.isPropertyAccessExpression(access) || access.name !== reference) continue;
    if (!isWrittenTo(access)) continue;
    const assignment = access.parent;
    if (
      !ts.isBinaryExpression(assignment) ||
      assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
      reference.getSourceFile() !== state.sourceFile
    )
      return undefined;
    const written = knownSpanKind(state, assignment.right, depth);
    if (written === undefined || (kind !== undefined && kind !== written)) return undefined;
    kind = written;
  }
  if (kind === undefined || givenInObjectLiteral(index, field)) return undefined;
  // Written through another type's property (`attach(target: { span?: Span }, s)`): not followed.
  if (structuralAccesses(index, field).some(isWrittenTo)) return undefined;
  return kind;
}

/**
 * The kind of the span a `const` of this file holds, as the name of its `SpanKind` member
 * (`SERVER`), when the file shows it (see {@link knownSpanKind}).
 * @internal
 */
export function knownSpanKindName(state: StatusCodeState, span: ts.Expression): string | undefined {
  const kind = knownSpanKind(state, span);
  return kind === undefined ? undefined : SpanKind[kind];
}

/**
 * `span.setTag('http.status_code', code)` after start: the attribute the bridge writes
 * (`http.response.status_code`) and the status it sets for the span's kind (5xx: ERROR; 4xx too on
 * a client span; with `error.type` the code as text). A literal code is decided now; another
 * number is tested as the code runs (read once: a `const` when it is not a name). The span's kind
 * must be known in the file (see {@link knownSpanKind}), unless the code decides alone (a literal
 * 5xx, say). Otherwise (with a blocker) it stays.
 * @internal
 */
export function planStatusCode(
  state: StatusCodeState,
  call: ts.CallExpression,
  value: ts.Expression,
): void {
  const cannot = () =>
    state.block(
      call,
      `\`${STATUS_CODE}\` after start depends on the span kind or sets the status: rewrite by hand`,
    );
  const callee = call.expression as ts.PropertyAccessExpression;
  const span = callee.expression;
  const kind = knownSpanKind(state, span);
  const name = tagTranslation(STATUS_CODE)!.otel!;
  const errorType = 'error.type';
  const error = `setStatus({ code: ${state.use('SpanStatusCode')}.ERROR })`;
  if (ts.isNumericLiteral(value)) {
    const code = Number(value.text);
    const statuses = [SpanKind.SERVER, SpanKind.CLIENT].map((each) => {
      const out: Attributes = {};
      return httpStatusToSpanStatus(code, kind ?? each, out) !== undefined;
    });
    if (kind === undefined && statuses[0] !== statuses[1]) return cannot();
    const attributes = [`${propertyKey(name)}: ${literal(code)}`];
    if (statuses[0] || statuses[1]) attributes.push(`${quote(errorType)}: ${quote(String(code))}`);
    const setStatus = statuses[0] || statuses[1] ? `.${error}` : '';
    const text =
      attributes.length === 1
        ? `setAttribute(${quote(name)}, ${literal(code)})`
        : `setAttributes({ ${attributes.join(', ')} })`;
    state.replaceRange(
      callee.name.getStart(state.sourceFile),
      call.end,
      `${text}${setStatus}`,
      call,
    );
    return;
  }
  const type = state.checker.getTypeAtLocation(value);
  const statement = call.parent;
  if (
    kind === undefined ||
    (type.flags & ts.TypeFlags.NumberLike) === 0 ||
    type.isUnion() ||
    !ts.isExpressionStatement(statement) ||
    !isStatementList(statement.parent) ||
    !ts.isIdentifier(span)
  )
    return cannot();
  const start = statement.getStart(state.sourceFile);
  const indent = lineIndent(state.sourceFile, start);
  const lines: string[] = [];
  let code = state.text(value);
  if (!ts.isIdentifier(value)) {
    const fresh = state.freshName(ts.isPropertyAccessExpression(value) ? value.name.text : 'code');
    lines.push(`const ${fresh} = ${code};`);
    code = fresh;
  }
  const spanText = span.text;
  const lowest = kind === SpanKind.CLIENT ? 400 : 500;
  lines.push(
    `${spanText}.setAttribute(${quote(name)}, ${code});`,
    `if (${code} >= ${lowest} && ${code} <= 599 && Number.isInteger(${code})) {`,
    `  ${spanText}.setAttribute(${quote(errorType)}, String(${code})).${error};`,
    '}',
  );
  state.replaceRange(start, statement.end, lines.join(`\n${indent}`), call);
}
