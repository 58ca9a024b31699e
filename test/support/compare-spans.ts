// Spans as an equivalence check compares them: every field the exporter sends, except the ids and
// times a second run cannot repeat.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Each span's name, kind, parent (by name, `remote` for an extracted one), status (code and
 * message), attributes, events (name and attributes) and links (to a span by name, with their
 * attributes), sorted by name. The bridge records each ChildOf parent as a link as well (the
 * OpenTelemetry specification's OpenTracing section), which the parent already says: those links
 * are left out, every other link counts. A stack trace is compared by its first line: the frames
 * name the file each run came from. The bridge keeps a log's `event` field as an event attribute
 * too (the OpenTelemetry specification gives the event every field); rewritten code names the
 * event with it instead, which MIGRATION.md documents: an `event` attribute that repeats the
 * event's name (`error` for an exception event) is left out.
 */
export function comparableSpans(spans: readonly ReadableSpan[]): unknown[] {
  const names = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
  return spans
    .map((span) => ({
      name: span.name,
      kind: span.kind,
      parent: span.parentSpanContext
        ? (names.get(span.parentSpanContext.spanId) ?? 'remote')
        : undefined,
      status: span.status,
      attributes: span.attributes,
      events: span.events.map((event) => ({
        name: event.name,
        attributes: comparableEventAttributes(event),
      })),
      links: span.links
        .filter((link) => link.attributes?.['opentracing.ref_type'] !== 'child_of')
        .map((link) => ({ to: names.get(link.context.spanId), attributes: link.attributes })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function comparableEventAttributes(event: ReadableSpan['events'][number]): unknown {
  const attributes = { ...event.attributes };
  const eventField = event.name === 'exception' ? 'error' : event.name;
  if (attributes.event === eventField) delete attributes.event;
  const stack = attributes['exception.stacktrace'];
  if (typeof stack === 'string') attributes['exception.stacktrace'] = stack.split('\n')[0];
  return attributes;
}
