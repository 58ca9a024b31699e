import type { ts } from '@ts-morph/common';
import type { TextEdit } from './edits';
import type { Blocker } from './plan-file';

// The `// TODO(ot-migrate): <why>` comments: where they go (above the statement), and the ones an
// earlier run left, which a run never writes twice and removes from a file that moves.

/** The marker of the comments `ot-migrate rewrite` leaves where a decision is needed. */
export const TODO_MARKER = 'TODO(ot-migrate):';

/**
 * One insertion of TODO comments above each statement with a blocker, unless already there.
 * @internal
 */
export function todoEdits(
  sourceFile: ts.SourceFile,
  blockers: readonly Blocker[],
  replacingOld = false,
): TextEdit[] {
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
    // The TODOs already there stay, unless the old ones go (a file that moves now).
    const existing = replacingOld ? new Set<string>() : todosAbove(sourceFile, line);
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

/**
 * The lines of a file that are TODO comments of ot-migrate, each as an edit that removes it.
 * @internal
 */
export function staleTodos(sourceFile: ts.SourceFile): TextEdit[] {
  const starts = sourceFile.getLineStarts();
  const edits: TextEdit[] = [];
  for (let line = 0; line < starts.length; line++) {
    if (!lineText(sourceFile, line).trim().startsWith(`// ${TODO_MARKER}`)) continue;
    const end = line + 1 < starts.length ? starts[line + 1] : sourceFile.text.length;
    edits.push({ start: starts[line], end, text: '' });
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
