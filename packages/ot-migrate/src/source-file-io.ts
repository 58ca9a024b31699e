import type { Stats } from 'node:fs';
import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import type { SkippedFile } from './files';
import { collectSourceFiles, errorCode, notRegular, sortByFile } from './files';

// Reading and writing the text of a source file that files.ts found, safely: opened without
// following a link or waiting on a FIFO, read up to a size, decoded strictly as UTF-8, and written
// back in place only while it is still the file that was read.

/** The source files under some paths, read, and the ones skipped. */
export interface LoadedTree {
  sources: SourceText[];
  skipped: SkippedFile[];
}

/**
 * Collects the source files under `paths` ({@link collectSourceFiles}) and reads each
 * ({@link readSourceText}). Throws when a given path does not exist.
 * @internal
 */
export function loadSourceTree(paths: readonly string[]): LoadedTree {
  const tree = collectSourceFiles(paths);
  const sources: SourceText[] = [];
  const skipped = [...tree.skipped];
  for (const file of tree.files) {
    const read = readSourceText(file);
    if ('text' in read) sources.push(read);
    else skipped.push(read);
  }
  return { sources, skipped: sortByFile(skipped) };
}

/**
 * The largest source file `ot-migrate` reads: 4 MiB. Hand-written code stays far below it (the
 * TypeScript compiler's own checker.ts is about 3 MB); what is larger is generated or not code at
 * all, and the compiler would need a great deal of memory for it.
 */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** What identifies the file a text was read from, to check it is still that file at write time. */
interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** A source file's text as read. */
export interface SourceText {
  /** The file's real path. */
  file: string;
  /** The text, without the byte-order mark. */
  text: string;
  /** Whether the file starts with a UTF-8 byte-order mark. */
  byteOrderMark: boolean;
  /** How many names (hard links) the file has. */
  links: number;
  identity: FileIdentity;
}

// `fatal`: a byte that is not UTF-8 makes the file unreadable to us, rather than U+FFFD in a text
// that would then be written back. `ignoreBOM`: the mark stays in the text, so we know it was there.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BYTE_ORDER_MARK = '\uFEFF';
// Not following a link at the last step, and not waiting on a FIFO, even if one replaced the file
// since the walk looked at it (Windows has neither flag).
const OPEN_FLAGS = (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a source file found by {@link collectSourceFiles}: a regular file of at most `maxBytes`
 * holding UTF-8 text. Anything else comes back as a {@link SkippedFile} with the reason.
 * @internal
 */
export function readSourceText(
  file: string,
  maxBytes: number = MAX_SOURCE_BYTES,
): SourceText | SkippedFile {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | OPEN_FLAGS);
  } catch (error) {
    return { file, reason: `cannot be read (${errorCode(error)})`, unchecked: true };
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return { file, reason: notRegular(stats) };
    const bytes = stats.size > maxBytes ? undefined : readAtMost(descriptor, maxBytes);
    if (bytes === undefined) {
      return { file, reason: `larger than ${inMebibytes(maxBytes)}`, unchecked: true };
    }
    return decode(file, bytes, stats);
  } catch (error) {
    return { file, reason: `cannot be read (${errorCode(error)})`, unchecked: true };
  } finally {
    closeSync(descriptor);
  }
}

function inMebibytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
}

/** The file's bytes, or undefined when there are more than `maxBytes` (it may grow as we read). */
function readAtMost(descriptor: number, maxBytes: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const read = readSync(descriptor, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    total += read;
    if (total > maxBytes) return undefined;
    chunks.push(chunk.subarray(0, read));
  }
}

function decode(file: string, bytes: Buffer, stats: Stats): SourceText | SkippedFile {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { file, reason: 'not valid UTF-8 (convert it to UTF-8 first)', unchecked: true };
  }
  if (text.includes('\0')) {
    return { file, reason: 'holds NUL characters: not a text file', unchecked: true };
  }
  const byteOrderMark = text.startsWith(BYTE_ORDER_MARK);
  return {
    file,
    text: byteOrderMark ? text.slice(1) : text,
    byteOrderMark,
    links: stats.nlink,
    identity: {
      dev: stats.dev,
      ino: stats.ino,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
    },
  };
}

/**
 * Writes a new text over a file read by {@link readSourceText}, in place (its mode, owner and
 * other names stay). The text was decoded strictly, so encoding it again gives back every byte
 * that no edit touched. Throws when the file is no longer the regular file that was read, or was
 * changed since.
 * @internal
 */
export function writeSourceText(source: SourceText, text: string): void {
  const bytes = Buffer.from(source.byteOrderMark ? BYTE_ORDER_MARK + text : text, 'utf8');
  const descriptor = openSync(source.file, constants.O_WRONLY | OPEN_FLAGS);
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || !sameFile(stats, source.identity)) {
      throw new Error('changed on disk while ot-migrate ran');
    }
    ftruncateSync(descriptor, 0);
    for (let written = 0; written < bytes.length;) {
      written += writeSync(descriptor, bytes, written, bytes.length - written, written);
    }
  } finally {
    closeSync(descriptor);
  }
}

function sameFile(stats: Stats, identity: FileIdentity): boolean {
  return (
    stats.dev === identity.dev &&
    stats.ino === identity.ino &&
    stats.size === identity.size &&
    stats.mtimeMs === identity.mtimeMs
  );
}
