import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { isOwnField } from '../internal/read-property';
import { reportMisuse } from '../internal/report';
import { safeString } from '../internal/safe-string';

/**
 * Whether a tag or log value means "no value": `undefined` or `null`. Such a tag or field is left
 * out, as the OpenTelemetry SDK leaves out an attribute set to either. Keeping `null` as the text
 * `'null'` would make a cleared optional field look set to a value in the backend.
 * @internal
 */
export function hasNoValue(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/**
 * Converts any OpenTracing tag or log value to a value an OpenTelemetry attribute can hold,
 * without ever throwing, or to `undefined` when the field is to be left out. The rules, in order:
 *
 * - strings, numbers and booleans pass through unchanged;
 * - `undefined` and `null` give `undefined` (see {@link hasNoValue});
 * - an array whose elements are all strings, all numbers or all booleans (`null`/`undefined`
 *   allowed in between, as OTel allows) passes through; any other array becomes its JSON text;
 * - a bigint becomes its decimal text, a symbol its description (`Symbol(x)`), a function
 *   `[function name]`, a `Date` its ISO text, an `Error` `Name: message`;
 * - any other object becomes its JSON text, or `String(value)` when it has no JSON form
 *   (circular, or with a bigint inside);
 * - a value that cannot be looked at without throwing (a revoked Proxy, as Immer leaves behind,
 *   or a Proxy whose traps throw) gives `undefined` too, and the misuse is reported once.
 *
 * The OpenTelemetry specification requires values OTel cannot hold to be converted to strings.
 * @internal
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return undefined;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    default:
      try {
        return objectToAttributeValue(value as object | null);
      } catch {
        reportMisuse(
          'unreadable-field',
          'a tag or log value that throws when looked at (a revoked Proxy, say) was left out',
        );
        return undefined;
      }
  }
}

/** Whether a value passes through {@link toAttributeValue} unchanged. @internal */
export function isPlainAttributeValue(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * Whether tags or log fields can go to OpenTelemetry as an attributes object as they are, which
 * converting them field by field would give back unchanged: every field (by {@link isOwnField}'s
 * rule) has a non-empty key other than `reservedA` and `reservedB` (fields the caller gives a
 * meaning of its own), and a string, number or boolean value. An inherited enumerable property sends the object
 * down the converting path, so that no tracer is handed an object whose prototype holds fields.
 * Any doubt (a getter that throws, say) does the same.
 * @param fields - the caller's tags or log fields.
 * @param reservedA - a key that sends the fields down the converting path; none by default.
 * @param reservedB - another such key.
 * @internal
 */
export function isPlainFieldSet(
  fields: unknown,
  reservedA = '',
  reservedB = '',
): fields is Attributes {
  if (typeof fields !== 'object' || fields === null) return false;
  try {
    for (const key in fields) {
      // Two string parameters rather than a list: the common case stays four comparisons.
      if (!isOwnField(fields, key) || key === '' || key === reservedA || key === reservedB)
        return false;
      if (!isPlainAttributeValue((fields as Record<string, unknown>)[key])) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function objectToAttributeValue(value: object | null): AttributeValue | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) return isHomogeneousPrimitiveArray(value) ? value : toJsonText(value);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (value instanceof Error) return `${safeString(value.name)}: ${safeString(value.message)}`;
  return toJsonText(value);
}

function isHomogeneousPrimitiveArray(values: unknown[]): values is string[] | number[] | boolean[] {
  let elementType: string | undefined;
  for (const element of values) {
    if (element === null || element === undefined) continue;
    const type = typeof element;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return false;
    if (elementType === undefined) elementType = type;
    else if (elementType !== type) return false;
  }
  return true;
}

function toJsonText(value: object): string {
  try {
    const json = JSON.stringify(value) as string | undefined;
    if (json !== undefined) return json;
  } catch {
    // Circular structures, bigints and throwing toJSON methods land here: fall back to text.
  }
  return safeString(value);
}
