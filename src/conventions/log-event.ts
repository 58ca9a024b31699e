import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
} from './attribute-names';
import { isOwnField, readProperty } from '../internal/read-property';
import type { BridgeTime } from '../internal/time';
import { hasNoValue, isPlainFieldSet, toAttributeValue } from './attribute-value';
import { safeString } from '../internal/safe-string';

/** The OpenTelemetry event name for an OpenTracing log without an `event` field. @internal */
export const DEFAULT_LOG_EVENT_NAME = 'log';

/** The OpenTelemetry event name for an exception (OTel semantic conventions). @internal */
export const EXCEPTION_EVENT_NAME = 'exception';

/** OpenTracing log fields with a meaning of their own (OpenTracing semantic conventions). */
const EVENT = 'event';
const ERROR_EVENT = 'error';
const ERROR_OBJECT = 'error.object';
const ERROR_KIND = 'error.kind';
const MESSAGE = 'message';
const STACK = 'stack';

/** An OpenTelemetry event built from one OpenTracing log call. */
interface LogEvent {
  name: string;
  attributes: Attributes;
}

/**
 * Records OpenTracing log fields on a span as an OpenTelemetry event, per the OpenTelemetry
 * specification's OpenTracing compatibility section. The fields are the object's own enumerable
 * properties (see {@link isOwnField}); a field without a value (`undefined`, `null`, or a getter
 * that throws) or with an empty key is left out.
 *
 * - The event is named `eventName` when given (`logEvent`), else by a string `event` field, else
 *   `log`. Every field becomes an attribute, converted by {@link toAttributeValue}: the
 *   specification gives the event the whole key/value set, `event` included.
 * - An event named `error` becomes an `exception` event: `exception.type` from `error.kind`, else
 *   the `error.object`'s class name; `exception.message` from `message`, else the error's message
 *   (a string `error.object`, as `throw 'text'` leaves, is the message itself);
 *   `exception.stacktrace` from `stack`, else the error's stack. Those fields, and an
 *   `error.object` that is an error or a string, are not repeated as attributes; all the other
 *   fields stay, as the specification asks ("the rest of the key/value pair set").
 * @internal
 */
export function recordLog(
  span: Span,
  fields: object,
  time: BridgeTime | undefined,
  eventName?: string,
): void {
  if (isPlainFieldSet(fields) && !isTimeInput(fields)) {
    // Nothing to convert: the SDK copies event attributes, so the caller's object is used as it is.
    const name = eventName ?? eventField(fields);
    if (name !== ERROR_EVENT) {
      span.addEvent(name ?? DEFAULT_LOG_EVENT_NAME, fields, time);
      return;
    }
  }
  const event = convertLog(fields, eventName);
  span.addEvent(event.name, event.attributes, time);
}

/** The converting path: the event of fields that cannot go to the SDK as they are. */
function convertLog(fields: object, eventName: string | undefined): LogEvent {
  let attributes: Attributes = {};
  let name: string | undefined;
  try {
    name = collectFields(fields, eventName, attributes);
  } catch {
    // A getter or a Proxy trap threw: start again from the fields that can be read.
    fields = readableFields(fields);
    attributes = {};
    name = collectFields(fields, eventName, attributes);
  }
  if (name === ERROR_EVENT) return toExceptionEvent(fields);
  return { name: name ?? DEFAULT_LOG_EVENT_NAME, attributes };
}

/**
 * One pass over the fields: they become attributes as they are read. Returns the event's name,
 * if the fields or `eventName` give one. Reads without a guard, so a throwing getter throws (see
 * {@link convertLog}); error events take a second pass.
 */
function collectFields(
  fields: object,
  eventName: string | undefined,
  attributes: Attributes,
): string | undefined {
  let name = eventName;
  for (const key in fields) {
    if (!isOwnField(fields, key) || key === '') continue;
    const raw = (fields as Record<string, unknown>)[key];
    if (key === EVENT && name === undefined && typeof raw === 'string') name = raw;
    const value = toAttributeValue(raw);
    if (value !== undefined) attributes[key] = value;
  }
  return name;
}

/**
 * Whether `addEvent` would take these fields for its time argument (an array such as an `HrTime`,
 * or a `Date`): such fields go down the converting path, which hands over a fresh object.
 */
function isTimeInput(fields: object): boolean {
  return Array.isArray(fields) || fields instanceof Date;
}

/** The `event` field of plain fields, if it is a string. */
function eventField(fields: Attributes): string | undefined {
  const event = isOwnField(fields, EVENT) ? fields[EVENT] : undefined;
  return typeof event === 'string' ? event : undefined;
}

/** A copy of the fields whose getters did not throw (one bad field must not cost the event). */
function readableFields(raw: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  try {
    for (const key in raw) {
      if (isOwnField(raw, key)) fields[key] = readProperty(raw, key);
    }
  } catch {
    // The object cannot even be listed (a revoked Proxy): the fields read so far are all there is.
  }
  return fields;
}

/** The exception event of an error log; reads each field once, with a guard. */
function toExceptionEvent(fields: object): LogEvent {
  const attributes: Attributes = {};
  let error: unknown;
  let kind: string | undefined;
  let message: string | undefined;
  let stack: string | undefined;
  for (const key in fields) {
    if (!isOwnField(fields, key) || key === '') continue;
    const raw = readProperty(fields, key);
    if (hasNoValue(raw)) continue;
    if (key === ERROR_KIND) kind = textField(raw);
    else if (key === MESSAGE) message = textField(raw);
    else if (key === STACK) stack = textField(raw);
    else if (key === ERROR_OBJECT && (typeof raw === 'string' || isErrorLike(raw))) error = raw;
    else {
      const value = toAttributeValue(raw);
      if (value !== undefined) attributes[key] = value;
    }
  }
  const type = kind ?? errorTypeName(error);
  message ??= typeof error === 'string' ? error : errorProperty(error, 'message');
  stack ??= errorProperty(error, 'stack');
  if (type !== undefined) attributes[ATTR_EXCEPTION_TYPE] = type;
  if (message !== undefined) attributes[ATTR_EXCEPTION_MESSAGE] = message;
  if (stack !== undefined) attributes[ATTR_EXCEPTION_STACKTRACE] = stack;
  return { name: EXCEPTION_EVENT_NAME, attributes };
}

/**
 * Errors from another realm or library fail `instanceof Error`, so we look at their shape. A value
 * that throws when looked at (a revoked Proxy) is not error-like.
 */
function isErrorLike(value: unknown): value is { message?: unknown; stack?: unknown } {
  try {
    return (
      value instanceof Error ||
      (typeof value === 'object' && value !== null && ('message' in value || 'stack' in value))
    );
  } catch {
    return false;
  }
}

function errorTypeName(error: unknown): string | undefined {
  if (!isErrorLike(error)) return undefined;
  try {
    const constructorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof constructorName === 'string' && constructorName !== 'Object') return constructorName;
    return textField((error as { name?: unknown }).name);
  } catch {
    return undefined;
  }
}

function errorProperty(error: unknown, property: 'message' | 'stack'): string | undefined {
  if (!isErrorLike(error)) return undefined;
  try {
    return textField(error[property]);
  } catch {
    return undefined;
  }
}

function textField(value: unknown): string | undefined {
  if (hasNoValue(value)) return undefined;
  return typeof value === 'string' ? value : safeString(value);
}
