import type { AttributeValue, Attributes, SpanKind } from '@opentelemetry/api';
import type { FinishedSpan } from '../export/finished-span';
import { writeTag } from '../conventions/tag-translation';
import { REF_TYPE_ATTRIBUTE } from '../reference-links';

/*
 * Recorded spans as trees with nothing in them that a second run could not repeat: no ids, no
 * times, stack traces cut to their first line. Siblings, and traces, are ordered by name and then
 * by content, never by time: spans that start within the same microsecond, or in a different
 * order from one run to the next (concurrent work), must still give the same text. What
 * renderTrace prints and what compareTraces compares.
 */

/** How spans are read for a snapshot or a comparison. @internal */
export interface TreeOptions {
  /** Attribute names left out everywhere (values that differ from run to run, such as a port). */
  ignoreAttributes?: readonly string[];
  /**
   * `'equivalent'`: attributes under their OpenTelemetry semantic-convention names (as the
   * bridge's `semanticConventions: 'otel'` writes them), so OpenTracing tags and native OTel
   * attributes compare equal; the `event` field of a log that repeats the event's name and the
   * ChildOf link that repeats the parent are left out. `'exact'`: everything as recorded.
   */
  conventions: 'equivalent' | 'exact';
}

/** One span, normalised. @internal */
export interface SpanNode {
  name: string;
  kind: string;
  status: { code: string; message?: string };
  /** Whether the span's parent is outside the recording (an extracted, remote parent). */
  remoteParent: boolean;
  attributes: [string, AttributeValue][];
  events: { name: string; attributes: [string, AttributeValue][] }[];
  links: { to: string; attributes: [string, AttributeValue][] }[];
  children: SpanNode[];
}

const KIND_NAMES = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_NAMES = ['unset', 'ok', 'error'];
const STACK_TRACE = 'exception.stacktrace';

/** The traces in `spans`, each a list of root trees, in a canonical order (see above). @internal */
export function traceTrees(spans: readonly FinishedSpan[], options: TreeOptions): SpanNode[][] {
  const byId = new Map<string, FinishedSpan>();
  for (const span of spans) byId.set(span.spanContext().spanId, span);
  const children = new Map<string, FinishedSpan[]>();
  const roots = new Map<string, FinishedSpan[]>();
  for (const span of spans) {
    const parentId = parentIdOf(span);
    if (parentId !== undefined && byId.has(parentId)) {
      push(children, parentId, span);
    } else {
      push(roots, span.spanContext().traceId, span);
    }
  }
  const ignored = new Set(options.ignoreAttributes ?? []);
  const build = (span: FinishedSpan): SpanNode => {
    const own = children.get(span.spanContext().spanId) ?? [];
    return {
      ...normalise(span, byId, ignored, options),
      children: canonicalOrder(own.map(build)),
    };
  };
  const traces = [...roots.values()].map((traceRoots) => canonicalOrder(traceRoots.map(build)));
  return traces
    .map((trace) => ({ trace, key: JSON.stringify(trace) }))
    .sort((a, b) => compareText(a.key, b.key))
    .map(({ trace }) => trace);
}

/** Nodes by name, then by everything in them: the same spans give the same order every run. */
function canonicalOrder(nodes: SpanNode[]): SpanNode[] {
  return nodes
    .map((node) => ({ node, key: `${node.name}\u0000${JSON.stringify(node)}` }))
    .sort((a, b) => compareText(a.key, b.key))
    .map(({ node }) => node);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalise(
  span: FinishedSpan,
  byId: ReadonlyMap<string, FinishedSpan>,
  ignored: ReadonlySet<string>,
  options: TreeOptions,
): Omit<SpanNode, 'children'> {
  const equivalent = options.conventions === 'equivalent';
  const parentId = parentIdOf(span);
  const attributes = equivalent ? otelNames(span.attributes, span.kind) : span.attributes;
  const links = span.links.filter(
    (link) =>
      !(
        equivalent &&
        link.attributes?.[REF_TYPE_ATTRIBUTE] === 'child_of' &&
        link.context.spanId === parentId
      ),
  );
  return {
    name: span.name,
    kind: KIND_NAMES[span.kind] ?? String(span.kind),
    status: {
      code: STATUS_NAMES[span.status.code] ?? String(span.status.code),
      ...(span.status.message ? { message: span.status.message } : {}),
    },
    remoteParent: parentId !== undefined && !byId.has(parentId),
    attributes: sortedEntries(attributes, ignored),
    events: span.events.map((event) => {
      const eventAttributes: Attributes = { ...event.attributes };
      const logName = event.name === 'exception' ? 'error' : event.name;
      if (equivalent && eventAttributes.event === logName) delete eventAttributes.event;
      const stack = eventAttributes[STACK_TRACE];
      if (typeof stack === 'string') eventAttributes[STACK_TRACE] = stack.split('\n')[0];
      return { name: event.name, attributes: sortedEntries(eventAttributes, ignored) };
    }),
    links: links.map((link) => {
      const linked = byId.get(link.context.spanId);
      return {
        to: linked === undefined ? '(outside the recording)' : linked.name,
        attributes: sortedEntries(link.attributes ?? {}, ignored),
      };
    }),
  };
}

/** Attributes under the names `semanticConventions: 'otel'` writes: the bridge's own table. */
function otelNames(attributes: Attributes, kind: SpanKind): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) writeTag(out, key, value, 'otel', kind);
  }
  return out;
}

function sortedEntries(
  attributes: Attributes,
  ignored: ReadonlySet<string>,
): [string, AttributeValue][] {
  return Object.entries(attributes)
    .filter((entry): entry is [string, AttributeValue] => entry[1] !== undefined)
    .filter(([key]) => !ignored.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function parentIdOf(span: FinishedSpan): string | undefined {
  return span.parentSpanContext?.spanId ?? span.parentSpanId;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
