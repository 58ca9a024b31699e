import type { AttributeValue } from '@opentelemetry/api';
import type { FinishedSpan } from '../export/finished-span';
import { traceTrees, type SpanNode } from './trace-tree';

/** Options of {@link compareTraces}. */
export interface CompareTracesOptions {
  /** Attribute names left out on both sides (values that change from run to run). */
  ignoreAttributes?: readonly string[];
  /**
   * `'equivalent'` (default): OpenTracing tag names and OpenTelemetry semantic-convention names
   * are the same attribute (`http.status_code` is `http.response.status_code`, by the bridge's own
   * table), a log's `event` field that repeats the event's name is left out, and so is the ChildOf
   * link that repeats the parent: what differs between code on the bridge and the same code
   * migrated to `@opentelemetry/api`. `'exact'`: every field as recorded.
   */
  conventions?: 'equivalent' | 'exact';
}

/** One difference between two recordings. */
export interface TraceDifference {
  /** Which trace (1-based, in the order renderTrace prints them) and which span: `GET /orders > charge card`. */
  trace: number;
  span: string;
  /** What differs: `span`, `kind`, `status`, `remote parent`, `attribute <name>`, `events`, `links`. */
  field: string;
  /** The value before and after; `undefined` where one side has none. */
  before: unknown;
  after: unknown;
}

/**
 * The field-by-field differences between two recordings of the same code (for instance before and
 * after a migration), or `[]` when they record the same traces. Traces are matched by the names
 * of their roots; spans by their place in the tree: same parent, same name, same rank among
 * siblings of that name (siblings ranked by content, never by time). Ids and times never count.
 *
 * ```ts
 * expect(compareTraces(recordedBefore, recorder.spans())).toEqual([]);
 * ```
 */
export function compareTraces(
  before: readonly FinishedSpan[],
  after: readonly FinishedSpan[],
  options: CompareTracesOptions = {},
): TraceDifference[] {
  const treeOptions = {
    ignoreAttributes: options.ignoreAttributes,
    conventions: options.conventions ?? 'equivalent',
  };
  const left = traceTrees(before, treeOptions);
  const right = traceTrees(after, treeOptions);
  // Traces are matched by their roots' names and rank, as spans are, so that one trace that
  // changed does not shift the others out of step.
  const rightByKey = new Map(keyedTraces(right).map(({ key, roots }) => [key, roots]));
  const differences: TraceDifference[] = [];
  const matched = new Set<string>();
  keyedTraces(left).forEach(({ key, roots }, index) => {
    matched.add(key);
    compareLists(roots, rightByKey.get(key) ?? [], index + 1, '', differences);
  });
  // Traces only the second recording has are numbered after the first recording's.
  let extra = left.length;
  for (const { key, roots } of keyedTraces(right)) {
    if (!matched.has(key)) compareLists([], roots, ++extra, '', differences);
  }
  return differences;
}

/** Each trace with a key: its roots' names, and its rank among traces with those roots. */
function keyedTraces(traces: readonly SpanNode[][]): { key: string; roots: SpanNode[] }[] {
  const seen = new Map<string, number>();
  return traces.map((roots) => {
    const names = roots.map((root) => root.name).join('\u0000');
    const rank = seen.get(names) ?? 0;
    seen.set(names, rank + 1);
    return { key: `${names}\u0001${rank}`, roots };
  });
}

/** Pairs spans by name and rank among same-named siblings, then compares each pair. */
function compareLists(
  before: readonly SpanNode[],
  after: readonly SpanNode[],
  trace: number,
  path: string,
  out: TraceDifference[],
): void {
  const keyed = (nodes: readonly SpanNode[]) => {
    const seen = new Map<string, number>();
    return nodes.map((node) => {
      const rank = seen.get(node.name) ?? 0;
      seen.set(node.name, rank + 1);
      return { key: `${node.name}\u0000${rank}`, node };
    });
  };
  const right = new Map(keyed(after).map(({ key, node }) => [key, node]));
  const matched = new Set<string>();
  for (const { key, node } of keyed(before)) {
    const other = right.get(key);
    const where = path === '' ? node.name : `${path} > ${node.name}`;
    if (other === undefined) {
      out.push({ trace, span: where, field: 'span', before: 'recorded', after: undefined });
      continue;
    }
    matched.add(key);
    compareSpan(node, other, trace, where, out);
  }
  for (const { key, node } of keyed(after)) {
    if (matched.has(key)) continue;
    const where = path === '' ? node.name : `${path} > ${node.name}`;
    out.push({ trace, span: where, field: 'span', before: undefined, after: 'recorded' });
  }
}

function compareSpan(
  before: SpanNode,
  after: SpanNode,
  trace: number,
  span: string,
  out: TraceDifference[],
): void {
  const differ = (field: string, a: unknown, b: unknown) => {
    if (!sameValue(a, b)) out.push({ trace, span, field, before: a, after: b });
  };
  differ('kind', before.kind, after.kind);
  differ('status', before.status, after.status);
  differ('remote parent', before.remoteParent, after.remoteParent);
  const afterAttributes = new Map(after.attributes);
  const beforeAttributes = new Map(before.attributes);
  for (const [key, value] of before.attributes) {
    differ(`attribute ${key}`, value, afterAttributes.get(key));
  }
  for (const [key, value] of after.attributes) {
    if (!beforeAttributes.has(key)) differ(`attribute ${key}`, undefined, value);
  }
  differ('events', before.events, after.events);
  differ('links', before.links, after.links);
  compareLists(before.children, after.children, trace, span, out);
}

/** Deep equality of normalised values (plain data: arrays, objects, attribute values). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, replacer) === JSON.stringify(b, replacer);
}

function replacer(_key: string, value: AttributeValue | undefined | object): unknown {
  return value === undefined ? '\u0000undefined' : value;
}
