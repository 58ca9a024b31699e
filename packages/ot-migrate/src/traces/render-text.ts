// The text report of `ot-migrate traces` (stdout by default): what was collected, the service
// catalog with migration progress, the calls between services, and the broken traces. It renders
// the TracesReport only; every figure comes from the builder.
import { formatPercent } from './format-figures';
import type { ServiceEntry, TracesReport } from './report-model';
import { UNSHOWABLE } from './unshowable';

/** The report as text for a terminal, ending with a newline. */
export function renderText(report: TracesReport): string {
  const { scope } = report;
  const spans = report.services.reduce((total, service) => total + service.spans, 0);
  const lines = [
    `${report.traces} trace(s), ${spans} span(s) in ${report.services.length} service(s)` +
      (filterLines(report).length === 0
        ? ''
        : ` (${scope.spansKept - scope.spansDuplicated} span(s) kept before filtering)`),
    ...filterLines(report),
  ];
  if (scope.spansDuplicated > 0) {
    lines.push(`${scope.spansDuplicated} span(s) received more than once, counted once`);
  }
  if (scope.spansDropped > 0) {
    lines.push(`${scope.spansDropped} older span(s) dropped at the cap on spans kept`);
  }
  if (scope.requestsRefused > 0) {
    lines.push(
      `${scope.requestsRefused} request(s) refused (bad payload, too large, wrong content type, or failed)`,
    );
  }
  if (report.services.length === 0) {
    lines.push('', 'no spans: nothing to report');
    return `${lines.join('\n')}\n`;
  }

  lines.push(
    '',
    'Services (migration progress: spans made through the bridge vs native OpenTelemetry)',
  );
  append(
    lines,
    table(
      ['service', 'spans', 'bridge', 'native', 'bridge share', 'legacy formats'],
      report.services.map((service) => [
        service.service,
        String(service.spans),
        String(service.bridgeSpans),
        String(service.nativeSpans),
        formatPercent(service.bridgeShare),
        formats(service),
      ]),
    ),
  );
  lines.push('', 'Operations');
  append(
    lines,
    table(
      ['service', 'operation', 'spans', 'errors', 'p50', 'max'],
      report.services.flatMap((service) =>
        service.operations.map((operation) => [
          service.service,
          operation.name,
          String(operation.spans),
          String(operation.errors),
          milliseconds(operation.p50Ms),
          milliseconds(operation.maxMs),
        ]),
      ),
    ),
  );
  lines.push('');
  if (report.edges.length === 0) {
    lines.push('Calls between services: none seen');
  } else {
    lines.push('Calls between services');
    append(
      lines,
      table(
        ['from', 'to', 'calls', 'errors'],
        report.edges.map((edge) => [edge.from, edge.to, String(edge.calls), String(edge.errors)]),
      ),
    );
  }
  lines.push('');
  if (report.broken.length === 0) {
    lines.push('Broken traces: none');
  } else {
    lines.push(`Broken traces: ${report.broken.length}`);
    for (const broken of report.broken) {
      lines.push(`  ${broken.kind}  trace ${broken.traceId}`, `    ${oneLine(broken.detail)}`);
    }
  }
  lines.push('', 'Graph: --graph mermaid or --graph dot prints it; --json has both.');
  return `${lines.join('\n')}\n`;
}

function filterLines({ scope: { filters } }: TracesReport): string[] {
  const parts: string[] = [];
  if (filters.service?.length) parts.push(`service ${filters.service.join(' or ')}`);
  if (filters.operation?.length) parts.push(`operation ${filters.operation.join(' or ')}`);
  for (const [key, value] of Object.entries(filters.attributes ?? {})) {
    parts.push(`${key}=${value}`);
  }
  if (filters.minDurationMs !== undefined) parts.push(`>= ${filters.minDurationMs} ms`);
  if (filters.maxDurationMs !== undefined) parts.push(`<= ${filters.maxDurationMs} ms`);
  if (filters.from !== undefined) parts.push(`from ${filters.from}`);
  if (filters.to !== undefined) parts.push(`until ${filters.to}`);
  if (parts.length === 0) return [];
  return [`traces with a span matching: ${parts.map(oneLine).join(', ')}`];
}

function formats(service: ServiceEntry): string {
  const entries = Object.entries(service.legacyFormats);
  if (entries.length === 0) return '-';
  return entries.map(([format, count]) => `${format} (${count})`).join(', ');
}

function milliseconds(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 2 : 1)} ms`;
}

/** Names come from the traffic: nothing in them may redraw the terminal or hide how they read. */
function oneLine(text: string): string {
  return text.replace(UNSHOWABLE, '?');
}

/**
 * Appends `items` one by one: `lines.push(...items)` would pass each as an argument, and overflow
 * the stack past ~125k of them.
 */
function append(lines: string[], items: readonly string[]): void {
  for (const item of items) lines.push(item);
}

/** Aligned columns: the first two left-aligned, numbers right-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows.map((row) => row.map(oneLine))];
  // A loop, not Math.max(...cells): spreading 125k cells as arguments overflows the stack.
  const widths = header.map((_, column) => {
    let width = 0;
    for (const row of all) width = Math.max(width, row[column].length);
    return width;
  });
  const numeric = header.map((_, column) =>
    rows.every((row) => /^[\d.]+( ms)?$/.test(row[column])),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        numeric[column] && rows.length > 0
          ? cell.padStart(widths[column])
          : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [
    line(all[0]),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...all.slice(1).map(line),
  ].map((row) => `  ${row}`);
}
