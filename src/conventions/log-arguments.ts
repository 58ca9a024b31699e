import { reportMisuse } from '../internal/report';
import { safeString } from '../internal/safe-string';

/**
 * The fields `log` records: the object it was given, else (misuse, reported once) the value as
 * `message`, so what the caller logged is not lost.
 * @internal
 */
export function logFields(keyValuePairs: unknown): object {
  if (typeof keyValuePairs === 'object' && keyValuePairs !== null) return keyValuePairs;
  reportMisuse('log-fields', '`log` was called without an object; the value was kept as `message`');
  return { message: keyValuePairs };
}

/**
 * The fields `logEvent` records: a plain object's own, else the payload as `payload`.
 * @internal
 */
export function logEventFields(payload: unknown): object {
  if (payload === undefined) return NO_FIELDS;
  return isPlainObject(payload) ? payload : { payload };
}

/**
 * The event name `logEvent` records: the name as text.
 * @internal
 */
export function logEventName(name: unknown): string {
  if (typeof name === 'string') return name;
  reportMisuse('log-fields', 'a `logEvent` name that is not a string was converted to text');
  return safeString(name);
}

const NO_FIELDS = Object.freeze({});

/** An object literal or `Object.create(null)`: not an array, a `Date`, an `Error`, a class. */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
  } catch {
    // A revoked Proxy: recorded as `payload`, which leaves it out as unreadable.
    return false;
  }
}
