// `span.log(fields)` and `span.logEvent(name)`: events; error logs the exception event the bridge
// records (rules/error-log.ts).
import { ts } from '@ts-morph/common';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { staticString } from '../static-values';
import { propertyKey, quote } from '../source-text';
import { tagField, checkAttributeValue } from './attributes';
import { planErrorLog } from './error-log';

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
  if (eventName === 'error') return planErrorLog(plan, call, rest, time);
  const attributes: string[] = [];
  for (const [key, value, keyText] of rest) {
    if (!checkAttributeValue(plan, value, key)) return;
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

/** How a log field's key is written in the event's attributes: shorthand stays shorthand. */
function logKey(property: ts.ObjectLiteralElementLike, key: string, keyText?: string): string {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text;
  return keyText === undefined ? propertyKey(key) : `[${keyText}]`;
}
