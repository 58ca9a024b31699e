import type { ts } from '@ts-morph/common';
import type { FileCrossings } from './cross-file';
import { applyEdits } from './edits';
import type { SourceText } from './source-file-io';
import type { GroupMember } from './groups';
import { withLineEndings } from './line-endings';
import type { FilePlan } from './plan-file';
import { staleTodos, todoEdits } from './todo-comments';

// The files `rewrite` planned, as the steps after the planning see them: their grouping, and their
// text once rewritten.

/** One planned file. @internal */
export interface Planned {
  source: SourceText;
  sourceFile: ts.SourceFile;
  hasUsages: boolean;
  /** Planned because another file hands it objects, usages or not. */
  receives: boolean;
  plan: FilePlan;
  crossings: FileCrossings;
  /** Why it cannot be written, when that is known before (hard links). */
  unwritable?: string;
}

/** A planned file's text once rewritten. @internal */
export function rewrittenText(entry: Planned): string {
  const before = entry.source.text;
  // A rewritten file may still carry notes: TODOs where the rewrite kept a behaviour that needs a look.
  const edits = [...entry.plan.edits, ...todoEdits(entry.sourceFile, entry.plan.notes, true)];
  // The TODOs an earlier run left in a file that stayed OpenTracing no longer hold now it moves (a
  // file already moved keeps its notes).
  const stale = (entry.hasUsages ? staleTodos(entry.sourceFile) : []).filter(
    (line) => !edits.some((edit) => edit.start < line.end && line.start < edit.end),
  );
  return applyEdits(
    before,
    [...edits, ...stale].map((edit) => withLineEndings(before, edit)),
  );
}

/**
 * The grouping's view of the planned files: each with its reasons to stay and its peer edges.
 * A file that stays OpenTracing has the reasons it stays for and no edges: the others move
 * without it.
 * @internal
 */
export function membersOf(
  planned: ReadonlyMap<string, Planned>,
  unparsed: ReadonlyMap<string, string>,
  legacy: ReadonlyMap<string, readonly string[]>,
): Map<string, GroupMember> {
  const members = new Map<string, GroupMember>();
  for (const [file, entry] of planned) {
    const stays = legacy.get(file);
    if (stays !== undefined) {
      members.set(file, { file, reasons: stays, edges: [] });
      continue;
    }
    const changes = entry.plan.blockers.length === 0 && entry.plan.edits.length > 0;
    if (changes && entry.source.links > 1) {
      // Another name of the file may lie outside the given paths: writing would change it there.
      entry.unwritable = `has ${entry.source.links} hard links: not rewritten`;
    }
    members.set(file, {
      file,
      reasons: entry.unwritable
        ? [entry.unwritable]
        : [...new Set(entry.plan.blockers.map((blocker) => blocker.reason))],
      edges: entry.crossings.edges,
    });
  }
  for (const [file, reason] of unparsed) members.set(file, { file, reasons: [reason], edges: [] });
  return members;
}
