// What one collected span may hold. The receiver takes spans from any sender on the machine, and
// keeps up to --max-spans of them: every string and list a span brings is cut to a bound here, so
// a span costs at most a few hundred KiB whatever arrived, and the report's figures (names, kinds,
// parents, times) are untouched. OpenTelemetry SDKs apply the same kind of limits at the source.

/** Spans in one request: more is answered 413 (an SDK exports 512 at a time; a collector 8,192). */
export const MAX_SPANS_PER_REQUEST = 50_000;
/** Characters of a span name. */
export const MAX_SPAN_NAME_CHARS = 1024;
/** Characters of a service name, and of a scope's name and version. */
export const MAX_RESOURCE_NAME_CHARS = 256;
/** Attributes kept per span (and entries per key-value list), the first ones. */
export const MAX_ATTRIBUTES = 128;
/** Characters of an attribute key. */
export const MAX_ATTRIBUTE_KEY_CHARS = 256;
/** Characters of a text value (bytes, as base64, included). */
export const MAX_VALUE_CHARS = 4096;
/** Items kept of an array value. */
export const MAX_ARRAY_ITEMS = 128;

/** `text` cut to `max` characters, the last one `…` when it was cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Sets `record[key]` as an own property whatever the key: `__proto__` from the network is an
 * attribute like any other, not the record's prototype.
 */
export function setEntry(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
