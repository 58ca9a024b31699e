import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
} from '@opentelemetry/semantic-conventions';
import { readProperty } from '../internal/read-property';
import type { BridgeTime } from '../internal/time';
import { safeString, toAttributeValue } from './attribute-value';

/** The OpenTelemetry event name for an OpenTracing log without an `event` field. @internal */
export const DEFAULT_LOG_EVENT_NAME = 'log';

/** The OpenTelemetry event name for an exception (OTel semantic conventions). @internal */
export const EXCEPTION_EVENT_NAME = 'exception';

/** OpenTracing log fields with a meaning of their own (OpenTracing semantic conventions). */
const EVENT = 'event';
const ERROR_OBJECT = 'error.object';
const ERROR_KIND = 'error.kind';
const MESSAGE = 'message';
const STACK = 'stack';

/** An OpenTelemetry event built from one OpenTracing log call. @internal */
export interface LogEvent {
  name: string;
  attributes: Attributes;
}

/**
 * Turns OpenTracing log fields into an OpenTelemetry event, per the OpenTelemetry specification's
 * OpenTracing compatibility section:
 *
 * - a string `event` field names the event (and is not repeated as an attribute), else `log`;
 * - `event: 'error'` becomes an `exception` event: `exception.type` from `error.kind`, else the
 *   `error.object`'s class name; `exception.message` from `message`, else the error's message;
 *   `exception.stacktrace` from `stack`, else the error's stack. The remaining fields stay as
 *   extra attributes of the same event;
 * - every other field becomes an attribute, converted by {@link toAttributeValue}; a field with
 *   an empty key is dropped, as OTel has no attribute for it.
 * @internal
 */
export function toLogEvent(fields: Record<string, unknown>): LogEvent {
  try {
    return buildLogEvent(fields);
  } catch {
    // A getter threw: build the event again from the fields that can be read.
    return buildLogEvent(readableFields(fields));
  }
}

/**
 * Records OpenTracing log fields on a span as {@link toLogEvent} describes, without building the
 * intermediate event object (logs are on the hot path).
 * @internal
 */
export function recordLog(
  span: Span,
  fields: Record<string, unknown>,
  time: BridgeTime | undefined,
): void {
  let name: string;
  let attributes: Attributes;
  try {
    const eventField = fields[EVENT];
    if (eventField === 'error') {
      const event = toExceptionEvent(fields);
      span.addEvent(event.name, event.attributes, time);
      return;
    }
    const named = typeof eventField === 'string';
    name = named ? eventField : DEFAULT_LOG_EVENT_NAME;
    attributes = {};
    for (const key in fields) {
      if ((named && key === EVENT) || key === '') continue;
      const value = toAttributeValue(fields[key]);
      if (value !== undefined) attributes[key] = value;
    }
  } catch {
    const event = toLogEvent(readableFields(fields));
    name = event.name;
    attributes = event.attributes;
  }
  span.addEvent(name, attributes, time);
}

function buildLogEvent(fields: Record<string, unknown>): LogEvent {
  const eventField = fields[EVENT];
  if (eventField === 'error') return toExceptionEvent(fields);
  const named = typeof eventField === 'string';
  const attributes: Attributes = {};
  for (const key of Object.keys(fields)) {
    if ((named && key === EVENT) || key === '') continue;
    const value = toAttributeValue(fields[key]);
    if (value !== undefined) attributes[key] = value;
  }
  return { name: named ? eventField : DEFAULT_LOG_EVENT_NAME, attributes };
}

/** A copy of the fields whose getters did not throw (one bad field must not cost the event). */
function readableFields(raw: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    fields[key] = readProperty(raw, key);
  }
  return fields;
}

function toExceptionEvent(fields: Record<string, unknown>): LogEvent {
  const error = fields[ERROR_OBJECT];
  const attributes: Attributes = {};
  for (const key of Object.keys(fields)) {
    if (key === EVENT || key === ERROR_KIND || key === MESSAGE || key === STACK || key === '')
      continue;
    if (key === ERROR_OBJECT && isErrorLike(error)) continue;
    const value = toAttributeValue(fields[key]);
    if (value !== undefined) attributes[key] = value;
  }
  const type = textField(fields[ERROR_KIND]) ?? errorTypeName(error);
  const message = textField(fields[MESSAGE]) ?? errorProperty(error, 'message');
  const stack = textField(fields[STACK]) ?? errorProperty(error, 'stack');
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
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : safeString(value);
}
