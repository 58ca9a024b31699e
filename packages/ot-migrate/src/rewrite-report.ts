import type { SkippedFile } from './files';

// What `ot-migrate rewrite` reports: the CLI prints it, the tests read it.

/** What happened to one file. */
export interface FileRewrite {
  file: string;
  /** `rewritten`: now @opentelemetry/api code; `todo`: left as it was, with TODO comments. */
  outcome: 'rewritten' | 'todo';
  before: string;
  after: string;
  /** The reasons written as TODO comments (in a rewritten file: what it still needs decided). */
  todos: string[];
  /** Boundary adapters written (`// ot-migrate: boundary`), when there are any. */
  adapters?: number;
}

/**
 * Files that hand OpenTracing spans or tracers to each other (one calls the other's function with
 * a span, say): they are rewritten together, or none is.
 */
export interface RewriteGroup {
  /** Its files, sorted; a file on its own is a group of one. */
  files: string[];
  /**
   * `rewritten`: every file moved; `todo`: none did; `split`: the files in `stays` stay
   * OpenTracing, and the others moved, converting at the crossings with them (boundary adapters).
   */
  outcome: 'rewritten' | 'todo' | 'split';
  /** For a group not rewritten whole: the first file with a reason of its own, and that reason. */
  heldBackBy?: { file: string; reason: string };
  /** For a split group: the files that stay OpenTracing. */
  stays?: string[];
  /** For a group rewritten whole or split: the boundary adapters written in its files, if any. */
  adapters?: number;
}

/** What `ot-migrate rewrite` did. */
export interface RewriteReport {
  /** The files that have OpenTracing usages (changed or not), sorted by path. */
  files: FileRewrite[];
  /** The groups of files that move together, sorted by their first file. */
  groups: RewriteGroup[];
  /** Files left alone, with the reason (not a regular file, not UTF-8, a syntax error…). */
  skipped: SkippedFile[];
  /** One line per thing the report should say besides (a tsconfig.json that could not be read). */
  notes: string[];
}
