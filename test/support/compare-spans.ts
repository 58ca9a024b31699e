// Spans as an equivalence check compares them, through the bridge's own testing API
// (opentracing-otel-bridge/testing): the traces rendered in their `equivalent` form, so that code
// on the bridge and the same code migrated to @opentelemetry/api compare equal unless something
// really differs. One line per span, attribute, event and link, so a failing toEqual shows where.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { renderTrace } from '../../src/testing';

/**
 * The spans' traces as text lines (see renderTrace): names, kinds, status, parents (a parent
 * outside the recording shown as such), attributes under their OpenTelemetry names, events (a
 * log's `event` field left out where it repeats the event's name, stack traces cut to their first
 * line) and links by the linked span's name (the ChildOf link that repeats the parent left out).
 */
export function comparableSpans(spans: readonly ReadableSpan[]): string[] {
  const text = renderTrace(spans, { conventions: 'equivalent' });
  return text === '' ? [] : text.trimEnd().split('\n');
}
