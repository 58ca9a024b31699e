import { lstatSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ts } from 'ts-morph';
import type { TextEdit } from './edits';
import { applyEdits } from './edits';
import type { SkippedFile, SourceText } from './files';
import { errorCode, loadSourceTree, readSourceText, sortByFile, writeSourceText } from './files';
import type { Blocker } from './plan-file';
import { FilePlanner } from './plan-file';
import { createProgram, firstSyntaxError } from './program';
import { findUsages } from './usages';

/** The marker of the comments `ot-migrate rewrite` leaves where a decision is needed. */
export const TODO_MARKER = 'TODO(ot-migrate):';

/** What happened to one file. */
export interface FileRewrite {
  file: string;
  /** `rewritten`: now @opentelemetry/api code; `todo`: left as it was, with TODO comments. */
  outcome: 'rewritten' | 'todo';
  before: string;
  after: string;
  /** The reasons written as TODO comments (in a rewritten file: what it still needs decided). */
  todos: string[];
}

/** What `ot-migrate rewrite` did. */
export interface RewriteReport {
  /** The files that have OpenTracing usages (changed or not), sorted by path. */
  files: FileRewrite[];
  /** Files left alone, with the reason (not a regular file, not UTF-8, a syntax error…). */
  skipped: SkippedFile[];
}

/** Options of {@link rewrite}. */
export interface RewriteOptions {
  /** Report the changes without writing them. */
  dryRun?: boolean;
  /** The name given to `trace.getTracer(…)`; default: the nearest package.json's name. */
  tracerName?: string;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Rewrites the OpenTracing code under `paths` to @opentelemetry/api where that is safe, and leaves
 * a `// TODO(ot-migrate): <why>` comment everywhere else. Running it again changes nothing. Only
 * the edited text changes: every other byte of a file, line endings included, stays as it was.
 * Files it cannot read safely, or that do not parse, are skipped and listed.
 * @param paths - files and directories.
 */
export function rewrite(paths: readonly string[], options: RewriteOptions = {}): RewriteReport {
  const { sources, skipped } = loadSourceTree(paths);
  const program = createProgram(sources);
  const checker = program.getTypeChecker();
  const files: FileRewrite[] = [];
  let done = 0;
  for (const source of sources) {
    const result = rewriteFile(source, program, checker, options);
    if (result !== undefined && 'reason' in result) skipped.push(result);
    else if (result !== undefined) files.push(result);
    options.onProgress?.(++done, sources.length);
  }
  return { files, skipped: sortByFile(skipped) };
}

/** Plans, and unless it is a dry run writes, one file; undefined when it has no usages. */
function rewriteFile(
  source: SourceText,
  program: ts.Program,
  checker: ts.TypeChecker,
  options: RewriteOptions,
): FileRewrite | SkippedFile | undefined {
  const { file } = source;
  const sourceFile = program.getSourceFile(file);
  if (sourceFile === undefined) return undefined;
  // The parser recovers from errors by guessing; edits or TODOs placed on its guesses could land
  // anywhere. The user fixes the file first.
  const syntaxError = firstSyntaxError(program, sourceFile);
  if (syntaxError !== undefined) return { file, reason: `does not parse (${syntaxError})` };
  const usages = findUsages(sourceFile, checker);
  if (usages.length === 0) return undefined;
  const plan = new FilePlanner(sourceFile, checker, usages, tracerNameFor(file, options)).plan();
  const before = source.text;
  const todos = plan.blockers.length > 0 ? plan.blockers : plan.notes;
  const edits =
    plan.blockers.length > 0
      ? todoEdits(sourceFile, plan.blockers)
      : [...plan.edits, ...todoEdits(sourceFile, plan.notes)];
  const after = applyEdits(
    before,
    edits.map((edit) => withLineEndings(before, edit)),
  );
  if (after !== before && source.links > 1) {
    // Another name of the file may lie outside the given paths: writing would change it there.
    return { file, reason: `has ${source.links} hard links: not rewritten` };
  }
  if (!options.dryRun && after !== before) {
    try {
      writeSourceText(source, after);
    } catch (error) {
      return { file, reason: `not written: ${errorCode(error)}` };
    }
  }
  return {
    file,
    outcome: plan.blockers.length > 0 ? 'todo' : 'rewritten',
    before,
    after,
    todos: [...new Set(todos.map((todo) => todo.reason))],
  };
}

function tracerNameFor(file: string, options: RewriteOptions): string {
  return options.tracerName ?? packageName(file);
}

/**
 * An edit whose line breaks are those of the line it lands on: the planner writes `\n`, and a
 * CRLF line keeps CRLF without the rest of a mixed file changing. Line breaks copied from the file
 * (`\r\n` already) are left as they are.
 */
function withLineEndings(text: string, edit: TextEdit): TextEdit {
  const ending = lineEndingAt(text, edit.start);
  return ending === '\n' ? edit : { ...edit, text: edit.text.replace(/(?<!\r)\n/g, ending) };
}

/** The line break that ends the line holding `position` (or, on the last line, the one before). */
function lineEndingAt(text: string, position: number): string {
  const next = /\r\n?|\n/g;
  next.lastIndex = position;
  const found = next.exec(text);
  if (found !== null) return found[0];
  const last = Math.max(text.lastIndexOf('\n', position - 1), text.lastIndexOf('\r', position - 1));
  if (last < 0) return '\n';
  if (text[last] === '\r') return '\r';
  return last > 0 && text[last - 1] === '\r' ? '\r\n' : '\n';
}

/** One insertion of TODO comments above each statement with a blocker, unless already there. */
function todoEdits(sourceFile: ts.SourceFile, blockers: readonly Blocker[]): TextEdit[] {
  const byLine = new Map<number, Set<string>>();
  for (const blocker of blockers) {
    const line = sourceFile.getLineAndCharacterOfPosition(
      statementStart(blocker.node, sourceFile),
    ).line;
    const reasons = byLine.get(line) ?? new Set<string>();
    reasons.add(blocker.reason);
    byLine.set(line, reasons);
  }
  const edits: TextEdit[] = [];
  for (const [line, reasons] of byLine) {
    const start = sourceFile.getLineStarts()[line];
    const indent = /^[^\S\r\n]*/.exec(lineText(sourceFile, line))?.[0] ?? '';
    const existing = todosAbove(sourceFile, line);
    const comments = [...reasons]
      // One line each: a reason with a line break would end the comment early.
      .map((reason) => `// ${TODO_MARKER} ${reason.replace(/\s+/g, ' ')}`)
      .filter((comment) => !existing.has(comment));
    if (comments.length > 0) {
      edits.push({ start, end: start, text: comments.map((c) => `${indent}${c}\n`).join('') });
    }
  }
  return edits;
}

/** The TODO comments right above a line. */
function todosAbove(sourceFile: ts.SourceFile, line: number): Set<string> {
  const existing = new Set<string>();
  for (let above = line - 1; above >= 0; above--) {
    const text = lineText(sourceFile, above).trim();
    if (!text.startsWith(`// ${TODO_MARKER}`)) break;
    existing.add(text);
  }
  return existing;
}

/** A line's text, without its line break (lines as the compiler counts them). */
function lineText(sourceFile: ts.SourceFile, line: number): string {
  const starts = sourceFile.getLineStarts();
  const end = line + 1 < starts.length ? starts[line + 1] : sourceFile.text.length;
  return sourceFile.text.slice(starts[line], end).replace(/[\r\n\u2028\u2029]+$/, '');
}

/** The start of the statement (or class member) that holds a node: where its TODO goes. */
function statementStart(node: ts.Node, sourceFile: ts.SourceFile): number {
  let current: ts.Node = node;
  while (current.parent !== undefined && !isStatementLike(current)) current = current.parent;
  // Above the statement's doc comment, so the comment stays attached to what it documents.
  return current.getStart(sourceFile, true);
}

function isStatementLike(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    parent !== undefined &&
    ('statements' in parent || 'members' in parent) &&
    !('properties' in parent)
  );
}

const packageNames = new Map<string, string>();

/** The `name` of the package.json nearest to a file, else `app`. */
function packageName(fileName: string): string {
  let directory = dirname(fileName);
  for (;;) {
    const cached = packageNames.get(directory) ?? manifestName(directory);
    if (cached !== undefined) {
      packageNames.set(directory, cached);
      return cached;
    }
    const up = dirname(directory);
    if (up === directory) return 'app';
    directory = up;
  }
}

const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * The name in a directory's package.json: `app` when it has none or cannot be read, undefined
 * when there is no package.json. Read as carefully as source files: it may be a FIFO too.
 */
function manifestName(directory: string): string | undefined {
  const manifest = join(directory, 'package.json');
  if (lstatSync(manifest, { throwIfNoEntry: false }) === undefined) return undefined;
  let real: string;
  try {
    real = realpathSync(manifest);
  } catch {
    return 'app';
  }
  const read = readSourceText(real, MAX_MANIFEST_BYTES);
  if (!('text' in read)) return 'app';
  try {
    const parsed = JSON.parse(read.text) as { name?: unknown };
    return typeof parsed.name === 'string' && parsed.name !== '' ? parsed.name : 'app';
  } catch {
    // An unreadable package.json names nothing.
    return 'app';
  }
}
