import { reportMisuse } from './report';

/**
 * Whether `key`, met in a `for…in` loop over a caller's tags or log fields, is one of its fields.
 *
 * The one rule for every path, fast or converting: the fields are the object's own enumerable
 * string-keyed properties, which is what the OpenTelemetry SDK reads of an attributes object
 * (`for…in` with `hasOwnProperty`). Inherited properties are not fields: tags built with
 * `Object.create(defaults)` carry only their own, and a property added to `Object.prototype` never
 * becomes a tag. Symbol keys are not fields either (for…in skips them).
 *
 * `for…in` with this check is used rather than `Object.keys`, whose array costs more than the rest
 * of the check on the span hot path. May throw for a Proxy whose traps throw.
 * @internal
 */
export function isOwnField(object: object, key: string): boolean {
  // Not `Object.hasOwn`: V8 turns this form, on the key of a for…in loop, into a cheap check of the
  // object's shape, and does not do the same for `Object.hasOwn`.
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * Reads one field of a caller's object (tags, log fields), so that one throwing getter costs that
 * field only, not the whole span or event. A field that cannot be read reads as `undefined`, the
 * same as a field without a value: it is left out.
 * @internal
 */
export function readProperty(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    reportMisuse('unreadable-field', 'a tag or log field whose getter threw was left out');
    return undefined;
  }
}
