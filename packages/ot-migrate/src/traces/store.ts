// Where collected spans go: a bounded buffer in memory (the newest N, the oldest dropped and
// counted), and a JSON Lines file on disk, one span a line, that holds every span received, so a
// report can be run again from it (`--from-file`), with the same cap applied as it is read.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CollectedSpan, SpanLink } from './report-model';

/** Default cap on the spans kept in memory (`--max-spans`). */
export const DEFAULT_MAX_SPANS = 200_000;

/** The newest `capacity` spans, in arrival order; older ones are dropped and counted. */
export class SpanBuffer {
  private readonly ring: CollectedSpan[] = [];
  /** Index of the oldest span once the ring is full. */
  private start = 0;
  /** Spans dropped to stay within the capacity. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`the span cap must be a positive whole number, not ${capacity}`);
    }
  }

  add(span: CollectedSpan): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(span);
      return;
    }
    this.ring[this.start] = span;
    this.start = (this.start + 1) % this.capacity;
    this.dropped += 1;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The spans kept, oldest first. */
  spans(): CollectedSpan[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }
}

/** Appends spans to a JSON Lines file as they arrive. */
export class SpanFileWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  /** Creates (or empties) the file: one collection, one file. */
  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'w' });
    // Reported by close(): a disk error must not stop the collection in memory.
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  /** Resolves once the file is open, rejects when it cannot be created. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.stream.once('ready', () => resolve());
      this.stream.once('error', reject);
    });
  }

  append(spans: readonly CollectedSpan[]): void {
    if (this.failure || spans.length === 0) return;
    this.stream.write(spans.map((span) => `${JSON.stringify(span)}\n`).join(''));
  }

  /** Flushes and closes the file; rejects with the first write error, if any. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end(() => (this.failure ? reject(this.failure) : resolve()));
    });
  }
}

/** What a stored file gave back. */
export interface StoredSpans {
  spans: CollectedSpan[];
  /** Spans beyond the cap, oldest first, as the receiver would have dropped them. */
  dropped: number;
  /** Lines that are not a stored span (a file cut short by a crash ends with one). */
  skippedLines: number;
}

/** Reads a file written by {@link SpanFileWriter}, streaming, keeping the newest `maxSpans`. */
export async function readSpanFile(path: string, maxSpans: number): Promise<StoredSpans> {
  const buffer = new SpanBuffer(maxSpans);
  let skippedLines = 0;
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const span = parseStoredSpan(line);
    if (span) buffer.add(span);
    else skippedLines += 1;
  }
  return { spans: buffer.spans(), dropped: buffer.dropped, skippedLines };
}

/** One stored line, when it has the fields the report needs with their types. */
function parseStoredSpan(line: string): CollectedSpan | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const span = value as Partial<CollectedSpan>;
  const ok =
    typeof span.traceId === 'string' &&
    typeof span.spanId === 'string' &&
    typeof span.parentSpanId === 'string' &&
    typeof span.name === 'string' &&
    typeof span.kind === 'number' &&
    typeof span.startTimeUnixNano === 'string' &&
    /^\d+$/.test(span.startTimeUnixNano) &&
    typeof span.endTimeUnixNano === 'string' &&
    /^\d+$/.test(span.endTimeUnixNano) &&
    typeof span.statusCode === 'number' &&
    typeof span.service === 'string' &&
    typeof span.scope === 'object' &&
    span.scope !== null &&
    typeof span.attributes === 'object' &&
    span.attributes !== null &&
    (span.links === undefined || (Array.isArray(span.links) && span.links.every(isLink)));
  return ok ? (span as CollectedSpan) : undefined;
}

function isLink(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const link = value as Partial<SpanLink>;
  return typeof link.traceId === 'string' && typeof link.spanId === 'string';
}
