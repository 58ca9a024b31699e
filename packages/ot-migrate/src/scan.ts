import type { SkippedFile } from './files';
import { loadSourceTree, sortByFile } from './files';
import { createProgram, firstSyntaxError } from './program';
import type { Usage, UsageKind } from './usages';
import { USAGE_KINDS, findUsages } from './usages';

/** OpenTracing usages in one file. */
export interface FileScan {
  /** The file's path. */
  file: string;
  /** Usages per kind. */
  counts: Record<UsageKind, number>;
  /** All usages in the file. */
  total: number;
  /** Usages counted without type information. */
  untyped: number;
  /** startSpan calls by the options they use (childOf, references, tags, startTime). */
  startSpanOptions: Record<string, number>;
}

/** What `ot-migrate scan` found. */
export interface ScanReport {
  /** Files with at least one usage, sorted by path. */
  files: FileScan[];
  /** Usages per kind over all files. */
  totals: Record<UsageKind, number>;
  /** All usages: what is left to migrate. */
  remaining: number;
  /** Source files read and analysed (the skipped ones aside). */
  filesScanned: number;
  /** Files left out, with the reason (not a regular file, not UTF-8, a syntax error…). */
  skipped: SkippedFile[];
}

/** Options of {@link scan}. */
export interface ScanOptions {
  /** Called after each file is analysed, for a progress display. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Finds every OpenTracing usage under `paths` (see {@link findUsages} for what counts).
 * @param paths - files and directories.
 */
export function scan(paths: readonly string[], options: ScanOptions = {}): ScanReport {
  const { sources, skipped } = loadSourceTree(paths);
  const program = createProgram(sources);
  const checker = program.getTypeChecker();
  const files: FileScan[] = [];
  const totals = emptyCounts();
  let done = 0;
  let unparsed = 0;
  for (const { file } of sources) {
    const sourceFile = program.getSourceFile(file);
    const syntaxError = sourceFile && firstSyntaxError(program, sourceFile);
    if (syntaxError !== undefined) {
      skipped.push({ file, reason: `does not parse (${syntaxError})` });
      unparsed++;
    } else if (sourceFile !== undefined) {
      const usages = findUsages(sourceFile, checker);
      if (usages.length > 0) files.push(summarise(file, usages, totals));
    }
    options.onProgress?.(++done, sources.length);
  }
  const remaining = files.reduce((sum, file) => sum + file.total, 0);
  return {
    files,
    totals,
    remaining,
    filesScanned: sources.length - unparsed,
    skipped: sortByFile(skipped),
  };
}

function summarise(file: string, usages: Usage[], totals: Record<UsageKind, number>): FileScan {
  const counts = emptyCounts();
  const startSpanOptions: Record<string, number> = {};
  let untyped = 0;
  for (const usage of usages) {
    counts[usage.kind]++;
    totals[usage.kind]++;
    if (usage.untyped) untyped++;
    for (const option of usage.startSpanOptions ?? []) {
      startSpanOptions[option] = (startSpanOptions[option] ?? 0) + 1;
    }
  }
  return { file, counts, total: usages.length, untyped, startSpanOptions };
}

function emptyCounts(): Record<UsageKind, number> {
  return Object.fromEntries(USAGE_KINDS.map((kind) => [kind, 0])) as Record<UsageKind, number>;
}
