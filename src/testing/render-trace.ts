import type { AttributeValue } from '@opentelemetry/api';
import type { FinishedSpan } from '../export/finished-span';
import { traceTrees, type SpanNode } from './trace-tree';

/** Options of {@link renderTrace}. */
export interface RenderTraceOptions {
  /** Attribute names left out (values that change from run to run, such as a port in a URL). */
  ignoreAttributes?: readonly string[];
  /**
   * `'exact'` (default): attributes as recorded. `'equivalent'`: under their OpenTelemetry
   * semantic-convention names, as {@link compareTraces} sees them by default.
   */
  conventions?: 'exact' | 'equivalent';
}

/**
 * The traces in `spans` as deterministic text, for snapshot tests: one block per trace, each span
 * a line (name, kind, status, whether its parent is outside the recording) with its children
 * indented below it, then its attributes (sorted), events and links (shown by the linked span's
 * name). Ids and times are left out, and stack traces cut to their first line, so the same code
 * gives the same text on every run and machine:
 *
 * ```ts
 * expect(renderTrace(recorder.spans())).toMatchSnapshot();
 * ```
 *
 * ```text
 * trace 1
 * - GET /orders/:id [server] ERROR "card declined"
 *     http.method = "GET"
 *     event exception: exception.message = "card declined", exception.type = "Error"
 *   - charge card [client]
 * ```
 */
export function renderTrace(
  spans: readonly FinishedSpan[],
  options: RenderTraceOptions = {},
): string {
  const traces = traceTrees(spans, {
    ignoreAttributes: options.ignoreAttributes,
    conventions: options.conventions ?? 'exact',
  });
  const lines: string[] = [];
  traces.forEach((roots, index) => {
    lines.push(`trace ${index + 1}`);
    for (const root of roots) renderSpan(root, 0, lines);
  });
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}

function renderSpan(span: SpanNode, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  let header = `${indent}- ${span.name} [${span.kind}]`;
  if (span.status.code !== 'unset') {
    header += ` ${span.status.code.toUpperCase()}`;
    if (span.status.message !== undefined) header += ` ${JSON.stringify(span.status.message)}`;
  }
  if (span.remoteParent) header += ' (remote parent)';
  lines.push(header);
  const detail = `${indent}    `;
  for (const [key, value] of span.attributes) lines.push(`${detail}${key} = ${text(value)}`);
  for (const event of span.events) {
    lines.push(`${detail}event ${event.name}${pairs(event.attributes)}`);
  }
  for (const link of span.links) lines.push(`${detail}link -> ${link.to}${pairs(link.attributes)}`);
  for (const child of span.children) renderSpan(child, depth + 1, lines);
}

function pairs(attributes: readonly [string, AttributeValue][]): string {
  if (attributes.length === 0) return '';
  return `: ${attributes.map(([key, value]) => `${key} = ${text(value)}`).join(', ')}`;
}

/** A value as JSON text: strings quoted, so `"42"` and `42` differ in a snapshot. */
function text(value: AttributeValue): string {
  return JSON.stringify(value) ?? String(value);
}
