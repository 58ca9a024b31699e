import { ts } from '@ts-morph/common';
import { quote } from '../source-text';
import { isStatementList, lineIndent } from '../syntax';
import { checkAttributeValue } from './attributes';

/** What the error-log rule needs of the planner. */
export interface ErrorLogState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  block(node: ts.Node, reason: string): void;
  /** Records a decision the rewritten code still needs at a site. */
  note(node: ts.Node, reason: string): void;
  /** A node's text, with the edits inside it applied. */
  text(node: ts.Node): string;
  replaceRange(start: number, end: number, text: string, anchor?: ts.Node): void;
  /** A name no identifier of the file has. */
  freshName(base: string): string;
}

/** A log field: its key, its value, and how its key is written in the event's attributes. */
export type LogField = readonly [key: string, value: ts.Expression, keyText: string];

/** The fields of an error log the bridge reads itself: the others stay attributes of the event. */
const OWN_FIELDS = ['error.kind', 'message', 'stack', 'error.object'];

/** How the rewritten code reads the error of `error.object`. */
interface ErrorAccess {
  /** What must hold for the error to have the values below (`err instanceof Error`), if any. */
  guard?: string;
  /** Its class name, message and stack, as the bridge reads them (each when it has one). */
  own: Partial<Record<ExceptionKey, string>>;
  /** The error's values when `guard` does not hold (a thrown string is the message itself). */
  otherwise?: string;
  /** The text of `<error>.message` and `<error>.stack` as the log may write them. */
  reads: string[];
}

type ExceptionKey = 'exception.type' | 'exception.message' | 'exception.stacktrace';

/** Each exception attribute and the log field it is read from first. */
const EXCEPTION_FIELDS: readonly [ExceptionKey, string][] = [
  ['exception.type', 'error.kind'],
  ['exception.message', 'message'],
  ['exception.stacktrace', 'stack'],
];

/**
 * An error log (`event: 'error'`): the `exception` event the bridge records for it, with the same
 * attributes. `exception.type` from `error.kind`, else the error's class name (`constructor.name`,
 * guarded by `instanceof Error` when the error's type does not say it is one); `exception.message`
 * and `exception.stacktrace` from `message` and `stack`, else from the error; the other fields as
 * they are. No status: the bridge sets one only from the `error` tag. What the bridge leaves out
 * (a missing value) is left out, not written as `undefined`. An `error.object` that is not a name
 * is put in a `const` before the statement, so that it is evaluated once.
 * @internal
 */
export function planErrorLog(
  state: ErrorLogState,
  call: ts.CallExpression,
  fields: readonly LogField[],
  time: string,
): void {
  const value = (key: string) => fields.find(([name]) => name === key)?.[1];
  const notAnError = () =>
    state.block(
      call,
      'an error log whose `error.object` is not a variable of an Error type: rewrite by hand',
    );
  const notText = () =>
    state.block(
      call,
      'an error log whose `error.kind`, `message` or `stack` may not be a string: rewrite by hand',
    );
  const errorNode = value('error.object');
  let error: ErrorAccess | undefined;
  let hoisted: { name: string; statement: ts.Statement } | undefined;
  if (errorNode !== undefined) {
    let name = errorNode.getText(state.sourceFile);
    if (!ts.isIdentifier(errorNode)) {
      const statement = call.parent;
      if (
        !ts.isExpressionStatement(statement) ||
        statement.expression !== call ||
        !isStatementList(statement.parent)
      )
        return notAnError();
      name = state.freshName('error');
      hoisted = { name, statement };
    }
    error = errorAccess(state, errorNode, name);
    if (error === undefined) return notAnError();
  }
  const attributes: string[] = [];
  for (const [key, node, keyText] of fields) {
    if (OWN_FIELDS.includes(key)) continue;
    if (!checkAttributeValue(state, node, key)) return;
    const same = keyText === node.getText(state.sourceFile);
    attributes.push(same ? keyText : `${keyText}: ${state.text(node)}`);
  }
  // Each exception attribute: from the error (guarded, in one spread), or from its own field.
  const fromError: string[] = [];
  const explicit: string[] = [];
  let messageFromError = false;
  for (const [name, field] of EXCEPTION_FIELDS) {
    const node = value(field);
    const own = error?.own[name];
    const entry = (text: string) => `${quote(name)}: ${text}`;
    if (node === undefined || error?.reads.includes(node.getText(state.sourceFile))) {
      if (own !== undefined) (error?.guard === undefined ? explicit : fromError).push(entry(own));
      if (field === 'message') messageFromError = true;
      continue;
    }
    if (!isText(state, node)) return notText();
    const text = state.text(node);
    if (!mayBeNothing(state, node)) explicit.push(entry(text));
    else if (own !== undefined && error?.guard === undefined)
      explicit.push(entry(`${text} ?? ${own}`));
    else if (own === undefined && isRead(node))
      explicit.push(`...(${text} != null ? { ${entry(text)} } : {})`);
    else return notText();
  }
  if (error?.guard !== undefined && (fromError.length > 0 || error.otherwise !== undefined)) {
    const otherwise = messageFromError ? (error.otherwise ?? '{}') : '{}';
    const guarded = fromError.length === 0 ? '{}' : `{ ${fromError.join(', ')} }`;
    if (guarded !== '{}' || otherwise !== '{}')
      attributes.push(`...(${error.guard} ? ${guarded} : ${otherwise})`);
  }
  attributes.push(...explicit);
  const callee = call.expression as ts.PropertyAccessExpression;
  const event = attributes.length === 0 ? '{}' : `{ ${attributes.join(', ')} }`;
  state.replaceRange(
    callee.name.getStart(state.sourceFile),
    call.end,
    `addEvent('exception', ${event}${time})`,
    call,
  );
  if (hoisted !== undefined && errorNode !== undefined) {
    const start = hoisted.statement.getStart(state.sourceFile);
    const indent = lineIndent(state.sourceFile, start);
    state.replaceRange(
      start,
      start,
      `const ${hoisted.name} = ${state.text(errorNode)};\n${indent}`,
    );
  }
}

/**
 * How the rewritten code reads an `error.object` of this type, named `name`: an Error (or a type
 * with a string `message` and `stack`), guarded when it may be missing; `unknown` or `any`,
 * guarded by `instanceof Error` (a thrown string is the message); a string, the message itself.
 * Undefined for other types.
 */
function errorAccess(
  state: ErrorLogState,
  node: ts.Expression,
  name: string,
): ErrorAccess | undefined {
  const written = node.getText(state.sourceFile);
  const reads = [`${written}.message`, `${written}.stack`];
  const own = {
    'exception.type': `${name}.constructor.name`,
    'exception.message': `${name}.message`,
    'exception.stacktrace': `${name}.stack`,
  };
  const type = state.checker.getTypeAtLocation(node);
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) {
    return {
      guard: `${name} instanceof Error`,
      own,
      otherwise: `typeof ${name} === 'string' ? { 'exception.message': ${name} } : {}`,
      reads,
    };
  }
  if (isText(state, node) && !mayBeNothing(state, node))
    return { own: { 'exception.message': name }, reads: [] };
  const present = state.checker.getNonNullableType(type);
  if (!isTextProperties(state, present, node)) return undefined;
  // Guarded even when the type says it is there: a caller's `e as Error` may hand undefined, and
  // the bridge records the event without throwing where `undefined.constructor` would throw.
  return { guard: name, own, reads };
}

/** A name or a property read (`a.b`): the same value each time it is read. */
function isRead(node: ts.Expression): boolean {
  return (
    ts.isIdentifier(node) ||
    (ts.isPropertyAccessExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ThisKeyword || isRead(node.expression)))
  );
}

/** Whether a value's type lets it be undefined or null. */
function mayBeNothing(state: ErrorLogState, node: ts.Expression): boolean {
  const type = state.checker.getTypeAtLocation(node);
  const members = type.isUnion() ? type.types : [type];
  return members.some(
    (member) => (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0,
  );
}

/** Whether a value is a string, or nothing (which the bridge leaves out, as OpenTelemetry does). */
function isText(state: ErrorLogState, node: ts.Expression): boolean {
  const type = state.checker.getTypeAtLocation(node);
  const text = ts.TypeFlags.StringLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null;
  const members = type.isUnion() ? type.types : [type];
  return members.every(
    (member) => (member.flags & text) !== 0 && (member.flags & ts.TypeFlags.Any) === 0,
  );
}

/** Whether a type has a string `message` and a string-or-undefined `stack`, as an Error does. */
function isTextProperties(state: ErrorLogState, type: ts.Type, node: ts.Node): boolean {
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || type.isUnion())
    return false;
  return ['message', 'stack'].every((name) => {
    const property = type.getProperty(name);
    if (property === undefined) return false;
    const propertyType = state.checker.getTypeOfSymbolAtLocation(property, node);
    const members = propertyType.isUnion() ? propertyType.types : [propertyType];
    return members.every(
      (member) => (member.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Undefined)) !== 0,
    );
  });
}
