// The spans `ot-migrate traces` keeps in memory: the newest ones, within a count (--max-spans) and
// an estimate of their size, so neither many small spans nor a few large ones can exhaust the
// process. The oldest go first, and are counted.
import type { CollectedSpan } from './report-model';

/** Default cap on the spans kept in memory (`--max-spans`). */
export const DEFAULT_MAX_SPANS = 200_000;

/**
 * Default cap on the estimated size of the spans kept: 512 MiB. Ordinary spans (about 1 KiB each)
 * reach the count first; this one stops spans filled to the decoder's limits.
 */
export const DEFAULT_MAX_SPAN_BYTES = 512 * 1024 * 1024;

/** The newest spans, in arrival order; older ones are dropped and counted. */
export class SpanBuffer {
  private items: (CollectedSpan | undefined)[] = [];
  private sizes: number[] = [];
  /** Index of the oldest span kept. */
  private head = 0;
  private bytes = 0;
  /** Spans dropped to stay within the caps. */
  dropped = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes: number = DEFAULT_MAX_SPAN_BYTES,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`the span cap must be a positive whole number, not ${capacity}`);
    }
  }

  add(span: CollectedSpan): void {
    const size = estimateSpanBytes(span);
    this.items.push(span);
    this.sizes.push(size);
    this.bytes += size;
    // The newest span always stays, even alone over the byte cap: the decoder bounds its size.
    while (this.size > 1 && (this.size > this.capacity || this.bytes > this.maxBytes)) {
      this.bytes -= this.sizes[this.head];
      this.items[this.head] = undefined;
      this.head += 1;
      this.dropped += 1;
    }
    // Drop the emptied front now and then, so the arrays do not grow with what was dropped.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** The spans kept, oldest first. */
  spans(): CollectedSpan[] {
    return this.items.slice(this.head) as CollectedSpan[];
  }
}

/**
 * About how many bytes a span takes in memory: its strings and a fixed cost per object and value.
 * Walks the attributes without recursion: a stored file's attributes can nest without limit.
 */
export function estimateSpanBytes(span: CollectedSpan): number {
  let bytes = 400 + span.name.length * 2 + (span.links?.length ?? 0) * 120;
  const pending: unknown[] = [span.attributes];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') bytes += 32 + value.length * 2;
    else if (Array.isArray(value)) {
      bytes += 32 + value.length * 8;
      for (const item of value) pending.push(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        bytes += 48 + key.length * 2;
        pending.push(item);
      }
    } else bytes += 16;
  }
  return bytes;
}
