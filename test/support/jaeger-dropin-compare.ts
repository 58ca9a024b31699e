// The spans of one run of a jaeger-client service, in one form whichever library recorded them:
// jaeger-client's reported spans (its InMemoryReporter) or the drop-in's OpenTelemetry spans. The
// jaeger-client side is translated as docs/mapping.md says the bridge translates OpenTracing, so
// that what is left to compare is what the drop-in promises to keep.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Reference } from 'opentracing';

/** A span as both libraries can describe it. */
export interface ComparableSpan {
  name: string;
  /** The parent's operation name; `caller` for the span of the service that called this one. */
  parent: string | undefined;
  /** Whether the span is in the caller's trace (else a trace of its own). */
  inCallerTrace: boolean;
  /** OpenTracing's `span.kind` values; `internal` without one. */
  kind: string;
  /** jaeger-client: the `error: true` tag; OpenTelemetry: status ERROR. */
  error: boolean;
  attributes: Record<string, unknown>;
  events: ComparableEvent[];
  /** References other than the ChildOf parent: to a span by name, with their type. */
  links: { to: string | undefined; type: unknown }[];
}

/** A log or an event: its name and its fields. */
export interface ComparableEvent {
  name: string;
  attributes: Record<string, unknown>;
}

/** A span's times and its events' times, in ms since the epoch. */
export interface SpanTimes {
  start: number;
  end: number;
  events: number[];
}

/** The ids of the caller's span (the parent of the server span), as the caller sent them. */
export interface CallerIds {
  traceId: string;
  spanId: string;
}

/** What is read of a jaeger-client span: its own fields (jaeger-client 3.19 has no accessors). */
export interface JaegerSpanData {
  _operationName: string;
  _tags: { key: string; value: unknown }[];
  _logs: { timestamp: number; fields: { key: string; value: unknown }[] }[];
  _references: Reference[];
  _startTime: number;
  _duration: number;
  context(): JaegerContextData;
}

/** What is read of a jaeger-client span context. */
export interface JaegerContextData {
  traceIdStr: string;
  spanIdStr: string;
  parentIdStr: string | null | undefined;
}

/** Ids compared in their OpenTelemetry length: jaeger-client leaves out leading zeros. */
export const traceIdOf = (hex: string): string => hex.toLowerCase().padStart(32, '0');
export const spanIdOf = (hex: string): string => hex.toLowerCase().padStart(16, '0');

const KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/** jaeger-client's spans, sorted by name, with the bridge's documented translations applied. */
export function fromJaegerClient(
  spans: readonly JaegerSpanData[],
  caller: CallerIds,
): ComparableSpan[] {
  const names = new Map(spans.map((span) => [spanIdOf(span.context().spanIdStr), name(span)]));
  const nameOf = (id: string | null | undefined): string | undefined => {
    if (id === undefined || id === null || /^0*$/.test(id)) return undefined;
    return spanIdOf(id) === caller.spanId ? 'caller' : names.get(spanIdOf(id));
  };
  return spans
    .map((span): ComparableSpan => {
      const tags = new Map(span._tags.map(({ key, value }) => [key, value]));
      const kind = tags.get('span.kind');
      const error = tags.get('error');
      // docs/mapping.md: `span.kind` at start is the kind and `error: true` the status, never
      // attributes; every other tag is an attribute under its own name.
      tags.delete('span.kind');
      tags.delete('error');
      return {
        name: span._operationName,
        parent: nameOf(span.context().parentIdStr),
        inCallerTrace: traceIdOf(span.context().traceIdStr) === caller.traceId,
        kind: typeof kind === 'string' ? kind : 'internal',
        error: error === true,
        attributes: Object.fromEntries(tags),
        events: span._logs.map((log) => logAsEvent(log.fields)),
        links: span._references.map((reference) => ({
          to: nameOf(referencedSpanId(reference)),
          type: reference.type(),
        })),
      };
    })
    .sort(byName);
}

/** The drop-in's spans, sorted by name. */
export function fromDropIn(spans: readonly ReadableSpan[], caller: CallerIds): ComparableSpan[] {
  const names = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
  const nameOf = (id: string | undefined): string | undefined =>
    id === undefined ? undefined : id === caller.spanId ? 'caller' : names.get(id);
  return spans
    .map((span): ComparableSpan => ({
      name: span.name,
      parent: nameOf(span.parentSpanContext?.spanId),
      inCallerTrace: span.spanContext().traceId === caller.traceId,
      kind: KIND_NAMES[span.kind],
      error: span.status.code === SpanStatusCode.ERROR,
      // The bridge records the legacy wire format a parent arrived in; jaeger-client has no such
      // tag (an expected difference, checked on its own in the test).
      attributes: withoutKey(span.attributes, 'opentracing.propagation.format'),
      events: span.events.map((event) => ({
        name: event.name,
        attributes: { ...event.attributes },
      })),
      links: span.links.map((link) => ({
        to: nameOf(link.context.spanId),
        type: link.attributes?.['opentracing.ref_type'],
      })),
    }))
    .sort(byName);
}

/**
 * A jaeger-client log as the event docs/mapping.md says the bridge records: named by its `event`
 * field (else `log`), every field an attribute, `event` included. An `error` log is an `exception`
 * event: `exception.type` from `error.kind`, else the error's class name; `exception.message` from
 * `message`, else the error's; `exception.stacktrace` from `stack`, else the error's. Those
 * fields, and the `error.object`, are not repeated; the others stay.
 */
export function logAsEvent(fields: readonly { key: string; value: unknown }[]): ComparableEvent {
  const attributes: Record<string, unknown> = Object.fromEntries(
    fields.map(({ key, value }) => [key, value]),
  );
  const event = attributes.event;
  if (event !== 'error') {
    return { name: typeof event === 'string' ? event : 'log', attributes };
  }
  const { 'error.object': error, 'error.kind': kind, message, stack, ...rest } = attributes;
  const thrown = error instanceof Error ? error : undefined;
  return {
    name: 'exception',
    attributes: {
      ...rest,
      'exception.type': kind ?? thrown?.constructor.name,
      'exception.message': message ?? thrown?.message,
      'exception.stacktrace': stack ?? thrown?.stack,
    },
  };
}

/** A jaeger-client span's times: start, finish and logs, as it recorded them. */
export function jaegerTimes(span: JaegerSpanData): SpanTimes {
  return {
    start: span._startTime,
    end: span._startTime + span._duration,
    events: span._logs.map((log) => log.timestamp),
  };
}

/** An OpenTelemetry span's times in ms since the epoch. */
export function dropInTimes(span: ReadableSpan): SpanTimes {
  return {
    start: millis(span.startTime),
    end: millis(span.endTime),
    events: span.events.map((event) => millis(event.time)),
  };
}

function millis([seconds, nanos]: HrTime): number {
  return seconds * 1000 + nanos / 1e6;
}

/** The span id a jaeger-client reference points at. */
function referencedSpanId(reference: Reference): string {
  return (reference.referencedContext() as unknown as JaegerContextData).spanIdStr;
}

function name(span: JaegerSpanData): string {
  return span._operationName;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}

function withoutKey(attributes: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...attributes };
  delete copy[key];
  return copy;
}
