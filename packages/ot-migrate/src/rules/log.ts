// `span.log(fields)` and `span.logEvent(name)`: events; error logs the exception event the bridge
// records.
import { ts } from 'ts-morph';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { staticString } from '../static-values';
import { propertyKey, quote } from '../source-text';
import { tagField, isAttributeValue } from './attributes';

/** `span.log(fields, time?)` and `span.logEvent(name)`. */
export function planLog(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  const callee = call.expression as ts.PropertyAccessExpression;
  if (usage.name === 'logEvent') {
    const [name, payload] = call.arguments;
    if (name === undefined || payload !== undefined)
      return plan.block(call, 'logEvent with a payload: rewrite by hand');
    plan.replaceRange(
      callee.name.getStart(plan.sourceFile),
      call.end,
      `addEvent(${plan.text(name)})`,
      call,
    );
    return;
  }
  const [fields, timestamp] = call.arguments;
  if (fields === undefined || !ts.isObjectLiteralExpression(fields)) {
    return plan.block(call, 'log fields that are not an object literal: rewrite by hand');
  }
  let eventName = 'log';
  const rest: [string, ts.Expression, string][] = [];
  for (const property of fields.properties) {
    const field = tagField(plan, property);
    if (field === undefined) {
      return plan.block(property, 'a log field whose name is not known before the code runs');
    }
    const [key, value, keyText] = field;
    if (key === 'event') {
      const name = staticString(value, plan.checker);
      if (name === undefined) return plan.block(property, 'an event name that is not a literal');
      eventName = name;
    } else {
      rest.push([key, value, logKey(property, key, keyText)]);
    }
  }
  const time = timestamp === undefined ? '' : `, ${plan.text(timestamp)}`;
  if (eventName === 'error' && rest.some(([key]) => key === 'error.kind'))
    return planKindedErrorLog(plan, call, rest, time);
  if (eventName === 'error') {
    if (rest.length !== 1 || rest[0][0] !== 'error.object') {
      return plan.block(
        call,
        'an error log with other fields: use recordException and addEvent by hand',
      );
    }
    const errorType = rest.length === 1 ? plan.checker.getTypeAtLocation(rest[0][1]) : undefined;
    const errorLike =
      errorType !== undefined &&
      (errorType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0 &&
      errorType.getProperty('message') !== undefined;
    if (!errorLike || !ts.isExpressionStatement(call.parent)) {
      return plan.block(
        call,
        'an error log whose value or result recordException cannot take: rewrite by hand',
      );
    }
    plan.replaceRange(
      callee.name.getStart(plan.sourceFile),
      call.end,
      `recordException(${plan.text(rest[0][1])}${time})`,
      call,
    );
    return;
  }
  const attributes: string[] = [];
  for (const [key, value, keyText] of rest) {
    if (!isAttributeValue(plan, value)) {
      return plan.block(
        value,
        `the value of \`${key}\` is not a string, number or boolean: convert it by hand`,
      );
    }
    // Shorthand stays shorthand.
    const same = keyText === value.getText(plan.sourceFile);
    attributes.push(same ? keyText : `${keyText}: ${plan.text(value)}`);
  }
  const attributesText =
    attributes.length === 0 ? (time ? ', {}' : '') : `, { ${attributes.join(', ')} }`;
  plan.replaceRange(
    callee.name.getStart(plan.sourceFile),
    call.end,
    `addEvent(${quote(eventName)}${attributesText}${time})`,
    call,
  );
}

/**
 * An error log that names the error's kind: the `exception` event the bridge records for it, with
 * the same attributes — `exception.type` from `error.kind`, `exception.message` and
 * `exception.stacktrace` from `message` and `stack`, else from the error, the other fields as
 * they are. No status: the bridge sets one only from the `error` tag. Without `error.kind` the
 * bridge names the exception by the error's class, which no expression gives exactly.
 */
function planKindedErrorLog(
  plan: FilePlanning,
  call: ts.CallExpression,
  fields: readonly [string, ts.Expression, string][],
  time: string,
): void {
  const value = (key: string) => fields.find(([name]) => name === key)?.[1];
  const error = value('error.object');
  const texts = ['error.kind', 'message', 'stack'].map(value);
  if (texts.some((text) => text !== undefined && !isText(plan, text)))
    return plan.block(
      call,
      'an error log whose `error.kind`, `message` or `stack` may not be a string: rewrite by hand',
    );
  if (error !== undefined && !(ts.isIdentifier(error) && isTextProperties(plan, error)))
    return plan.block(
      call,
      'an error log whose `error.object` is not a variable of an Error type: rewrite by hand',
    );
  // The bridge falls back to the error's own property when the field is missing or nothing.
  const fallback = (node: ts.Expression | undefined, property: string) => {
    const own = error === undefined ? undefined : `${error.getText(plan.sourceFile)}.${property}`;
    if (node === undefined) return own;
    const text = plan.text(node);
    if (own === undefined || node.getText(plan.sourceFile) === own) return text;
    return mayBeNothing(plan, node) ? `${text} ?? ${own}` : text;
  };
  const [kindNode, messageNode, stackNode] = texts;
  const kind = kindNode === undefined ? undefined : plan.text(kindNode);
  const attributes: string[] = [];
  for (const [key, node, keyText] of fields) {
    if (['error.kind', 'message', 'stack', 'error.object'].includes(key)) continue;
    if (!isAttributeValue(plan, node))
      return plan.block(
        node,
        `the value of \`${key}\` is not a string, number or boolean: convert it by hand`,
      );
    const same = keyText === node.getText(plan.sourceFile);
    attributes.push(same ? keyText : `${keyText}: ${plan.text(node)}`);
  }
  const exception: [string, string | undefined][] = [
    ['exception.type', kind],
    ['exception.message', fallback(messageNode, 'message')],
    ['exception.stacktrace', fallback(stackNode, 'stack')],
  ];
  for (const [name, text] of exception)
    if (text !== undefined) attributes.push(`${quote(name)}: ${text}`);
  const callee = call.expression as ts.PropertyAccessExpression;
  plan.replaceRange(
    callee.name.getStart(plan.sourceFile),
    call.end,
    `addEvent('exception', { ${attributes.join(', ')} }${time})`,
    call,
  );
}

/** Whether a value's type lets it be undefined or null. */
function mayBeNothing(plan: FilePlanning, node: ts.Expression): boolean {
  const type = plan.checker.getTypeAtLocation(node);
  const members = type.isUnion() ? type.types : [type];
  return members.some(
    (member) => (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0,
  );
}

/** Whether a value is a string, or nothing (which the bridge leaves out, as OpenTelemetry does). */
function isText(plan: FilePlanning, node: ts.Expression): boolean {
  const type = plan.checker.getTypeAtLocation(node);
  const text = ts.TypeFlags.StringLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null;
  const members = type.isUnion() ? type.types : [type];
  return members.every(
    (member) => (member.flags & text) !== 0 && (member.flags & ts.TypeFlags.Any) === 0,
  );
}

/** Whether a value has a string `message` and a string-or-undefined `stack`, as an Error does. */
function isTextProperties(plan: FilePlanning, node: ts.Expression): boolean {
  const type = plan.checker.getTypeAtLocation(node);
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || type.isUnion())
    return false;
  return ['message', 'stack'].every((name) => {
    const property = type.getProperty(name);
    if (property === undefined) return false;
    const propertyType = plan.checker.getTypeOfSymbolAtLocation(property, node);
    const members = propertyType.isUnion() ? propertyType.types : [propertyType];
    return members.every(
      (member) => (member.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Undefined)) !== 0,
    );
  });
}

/** How a log field's key is written in the event's attributes: shorthand stays shorthand. */
function logKey(property: ts.ObjectLiteralElementLike, key: string, keyText?: string): string {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text;
  return keyText === undefined ? propertyKey(key) : `[${keyText}]`;
}
