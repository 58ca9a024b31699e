import { reportMisuse } from './report';

/** What {@link readProperty} returns for a property whose getter threw. @internal */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * Reads one property of a caller's object (tags, log fields), so that one throwing getter costs
 * that field only, not the whole span or event.
 * @internal
 */
export function readProperty(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    reportMisuse('unreadable-field', 'a tag or log field whose getter threw was left out');
    return UNREADABLE;
  }
}
