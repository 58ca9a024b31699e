import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ts } from 'ts-morph';
import { applyEdits } from './edits';
import { collectSourceFiles } from './files';
import type { Blocker } from './plan-file';
import { FilePlanner } from './plan-file';
import { createProgram } from './program';
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
  /** The reasons written as TODO comments. */
  todos: string[];
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
 * a `// TODO(ot-migrate): <why>` comment everywhere else. Running it again changes nothing.
 * Returns the files that have OpenTracing usages (changed or not).
 * @param paths - files and directories.
 */
export function rewrite(paths: readonly string[], options: RewriteOptions = {}): FileRewrite[] {
  const fileNames = collectSourceFiles(paths);
  const program = createProgram(fileNames);
  const checker = program.getTypeChecker();
  const results: FileRewrite[] = [];
  let done = 0;
  for (const fileName of fileNames) {
    const sourceFile = program.getSourceFile(fileName);
    const usages = sourceFile === undefined ? [] : findUsages(sourceFile, checker);
    if (sourceFile !== undefined && usages.length > 0) {
      const tracerName = options.tracerName ?? packageName(fileName);
      const plan = new FilePlanner(sourceFile, checker, usages, tracerName).plan();
      const before = sourceFile.text;
      const after = inFileStyle(
        before,
        plan.blockers.length > 0
          ? withTodos(sourceFile, plan.blockers)
          : applyEdits(before, plan.edits),
      );
      const todos = [...new Set(plan.blockers.map((blocker) => blocker.reason))];
      results.push({
        file: fileName,
        outcome: plan.blockers.length > 0 ? 'todo' : 'rewritten',
        before,
        after,
        todos,
      });
      if (!options.dryRun && after !== before)
        writeFileSync(fileName, withByteOrderMark(fileName, after));
    }
    options.onProgress?.(++done, fileNames.length);
  }
  return results;
}

/** `text` with the line endings of `original`: what we insert is written with `\n` only. */
function inFileStyle(original: string, text: string): string {
  return original.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** `text` with the byte-order mark the file on disk starts with, if any (the compiler drops it). */
function withByteOrderMark(fileName: string, text: string): string {
  const hasMark = readFileSync(fileName, 'utf8').charCodeAt(0) === 0xfeff;
  return hasMark && text.charCodeAt(0) !== 0xfeff ? `\uFEFF${text}` : text;
}

/** Inserts one TODO comment above each statement with a blocker, unless it is already there. */
function withTodos(sourceFile: ts.SourceFile, blockers: readonly Blocker[]): string {
  const lines = sourceFile.text.split('\n');
  const byLine = new Map<number, Set<string>>();
  for (const blocker of blockers) {
    const line = sourceFile.getLineAndCharacterOfPosition(
      statementStart(blocker.node, sourceFile),
    ).line;
    const reasons = byLine.get(line) ?? new Set<string>();
    reasons.add(blocker.reason);
    byLine.set(line, reasons);
  }
  for (const line of [...byLine.keys()].sort((a, b) => b - a)) {
    const indent = /^\s*/.exec(lines[line])?.[0] ?? '';
    const existing = new Set<string>();
    for (
      let above = line - 1;
      above >= 0 && lines[above].trim().startsWith(`// ${TODO_MARKER}`);
      above--
    ) {
      existing.add(lines[above].trim());
    }
    const comments = [...byLine.get(line)!]
      // One line each: a reason with a line break would end the comment early.
      .map((reason) => `// ${TODO_MARKER} ${reason.replace(/\s+/g, ' ')}`)
      .filter((comment) => !existing.has(comment))
      .map((comment) => indent + comment);
    lines.splice(line, 0, ...comments);
  }
  return lines.join('\n');
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
    const cached = packageNames.get(directory);
    if (cached !== undefined) return cached;
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      let name = 'app';
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (typeof parsed.name === 'string' && parsed.name !== '') name = parsed.name;
      } catch {
        // An unreadable package.json names nothing.
      }
      packageNames.set(directory, name);
      return name;
    }
    const up = dirname(directory);
    if (up === directory) return 'app';
    directory = up;
  }
}
