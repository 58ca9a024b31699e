// The stored collection: a JSON Lines file, one span a line, that holds every span received, so a
// report can be run again from it (`--from-file`), with the in-memory caps applied as it is read.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CollectedSpan, SpanLink } from './report-model';
import { SpanBuffer } from './span-buffer';

/** Spans written at a time: one request's spans never become one string. */
const WRITE_BATCH = 1000;
/**
 * Longest line read back: far above a stored span (the decoder bounds them under 1 MiB). A longer
 * line is skipped, and counted, without being held whole.
 */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

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
    if (this.failure) return;
    for (let at = 0; at < spans.length; at += WRITE_BATCH) {
      const batch = spans.slice(at, at + WRITE_BATCH);
      this.stream.write(batch.map((span) => `${JSON.stringify(span)}\n`).join(''));
    }
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

/**
 * Reads a file written by {@link SpanFileWriter}, streaming, keeping the newest `maxSpans` (and
 * within the buffer's byte cap).
 * @throws when the path is not a regular file (a FIFO would wait for a writer forever).
 */
export async function readSpanFile(path: string, maxSpans: number): Promise<StoredSpans> {
  if (!(await stat(path)).isFile()) throw new Error(`${path} is not a regular file`);
  const buffer = new SpanBuffer(maxSpans);
  let skippedLines = 0;
  const take = (line: string) => {
    if (line.trim() === '') return;
    const span = parseStoredSpan(line);
    if (span) buffer.add(span);
    else skippedLines += 1;
  };
  // Lines split here rather than by readline, which holds a line whole however long it is.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (!overlong) take(Buffer.concat([...pending, chunk.subarray(start, end)]).toString('utf8'));
      else skippedLines += 1;
      pending = [];
      pendingBytes = 0;
      overlong = false;
      start = end + 1;
    }
    if (overlong || start === chunk.length) continue;
    pendingBytes += chunk.length - start;
    if (pendingBytes > MAX_LINE_BYTES) {
      overlong = true;
      pending = [];
    } else pending.push(chunk.subarray(start));
  }
  if (overlong) skippedLines += 1;
  else if (pendingBytes > 0) take(Buffer.concat(pending).toString('utf8'));
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
    typeof span.scope.name === 'string' &&
    typeof span.scope.version === 'string' &&
    Number.isInteger(span.kind) &&
    Number.isInteger(span.statusCode) &&
    typeof span.attributes === 'object' &&
    span.attributes !== null &&
    !Array.isArray(span.attributes) &&
    (span.links === undefined || (Array.isArray(span.links) && span.links.every(isLink)));
  return ok ? (span as CollectedSpan) : undefined;
}

function isLink(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const link = value as Partial<SpanLink>;
  return typeof link.traceId === 'string' && typeof link.spanId === 'string';
}
