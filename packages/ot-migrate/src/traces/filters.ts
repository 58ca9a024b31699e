// The report's filters: read from the command line, then matched against spans. A trace is kept
// when at least one of its spans matches every filter given, and then kept whole (all its spans,
// in every service), as a tracing UI's search finds traces: `--service orders` shows who calls
// orders and whom orders calls, not orders' spans cut off from their trace.
import type { CollectedSpan, ReportScope } from './report-model';
import { setEntry } from './span-limits';

/** The filters as the report model records them. */
export type ReportFilters = ReportScope['filters'];

/**
 * A duration: a number of milliseconds, or a number with a unit (`250ms`, `2s`, `1.5m`, `1h`,
 * `500us`). `bareUnitMs` is what a bare number counts in (1 for the duration filters).
 * @throws Error naming the option when the text is not a duration.
 */
export function parseDurationMs(text: string, option: string, bareUnitMs = 1): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?\s*$/.exec(text);
  if (!match) {
    throw new Error(`${option} takes a duration such as 250ms, 2s or 5m, not \`${text}\``);
  }
  const units: Record<string, number> = {
    us: 0.001,
    µs: 0.001,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  return Number(match[1]) * (match[2] === undefined ? bareUnitMs : units[match[2]]);
}

/** An ISO 8601 time, checked; the text is what the report's scope shows. */
export function parseTime(text: string, option: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new Error(
      `${option} takes an ISO 8601 time such as 2024-05-01T10:00:00Z, not \`${text}\``,
    );
  }
  return new Date(ms).toISOString();
}

/** `key=value` pairs; the first `=` splits, so values may hold more. */
export function parseAttributes(pairs: readonly string[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--attribute takes key=value, not \`${pair}\``);
    setEntry(attributes, pair.slice(0, at), pair.slice(at + 1));
  }
  return attributes;
}

/** A span test built once from the filters; undefined when no filter is given (keep all). */
export function spanFilter(filters: ReportFilters): ((span: CollectedSpan) => boolean) | undefined {
  const tests: ((span: CollectedSpan) => boolean)[] = [];
  if (filters.service?.length) {
    const services = new Set(filters.service);
    tests.push((span) => services.has(span.service));
  }
  if (filters.operation?.length) {
    const operations = new Set(filters.operation);
    tests.push((span) => operations.has(span.name));
  }
  const attributes = Object.entries(filters.attributes ?? {});
  if (attributes.length > 0) {
    tests.push((span) =>
      attributes.every(([key, expected]) => attributeMatches(span.attributes[key], expected)),
    );
  }
  const { minDurationMs, maxDurationMs } = filters;
  if (minDurationMs !== undefined) tests.push((span) => durationMs(span) >= minDurationMs);
  if (maxDurationMs !== undefined) tests.push((span) => durationMs(span) <= maxDurationMs);
  if (filters.from !== undefined) {
    const from = BigInt(Date.parse(filters.from)) * 1_000_000n;
    tests.push((span) => BigInt(span.startTimeUnixNano) >= from);
  }
  if (filters.to !== undefined) {
    const to = BigInt(Date.parse(filters.to)) * 1_000_000n;
    tests.push((span) => BigInt(span.startTimeUnixNano) <= to);
  }
  if (tests.length === 0) return undefined;
  return (span) => tests.every((test) => test(span));
}

/** An attribute's value against the text given: as text; an array matches when an element does. */
function attributeMatches(value: unknown, expected: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => attributeMatches(item, expected));
  if (typeof value === 'string') return value === expected;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value) === expected;
  // A key-value list: compared as its JSON text.
  return JSON.stringify(value) === expected;
}

/**
 * A span's duration in milliseconds. The subtraction is done on BigInts: epoch nanoseconds are
 * beyond 2^53, where numbers would round both ends before subtracting.
 */
export function durationMs(span: CollectedSpan): number {
  const nanos = BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
  return nanos < 0n ? 0 : Number(nanos) / 1e6;
}
