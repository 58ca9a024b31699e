import { applyEdits } from './edits';
import type { SkippedFile } from './files';
import { errorCode } from './files';
import { writeSourceText } from './source-file-io';
import type { Adjacency, FileGroup, GroupMember } from './groups';
import { heldBackTodos } from './groups';
import { withLineEndings } from './line-endings';
import type { Blocker } from './plan-file';
import type { Planned } from './planned-files';
import { rewrittenText } from './planned-files';
import type { RewriteOptions } from './rewrite-options';
import type { FileRewrite } from './rewrite-report';
import { todoEdits } from './todo-comments';

// Writing a group's files: all rewritten, or all left as they were with their TODOs, and what is
// reported for each.

/**
 * What writing a group did: its files, those skipped, and which file held it back, if one did.
 * @internal
 */
export interface GroupResult {
  files: FileRewrite[];
  skipped: SkippedFile[];
  heldBackBy?: { file: string; reason: string };
}

/**
 * Rewrites every file of a group; if one cannot be written, puts back those already written.
 * @internal
 */
export function writeGroup(entries: readonly Planned[], options: RewriteOptions): GroupResult {
  const results = entries.map((entry) => ({
    entry,
    before: entry.source.text,
    after: rewrittenText(entry),
  }));
  const written: typeof results = [];
  if (!options.dryRun) {
    for (const result of results) {
      if (result.after === result.before) continue;
      try {
        writeSourceText(result.entry.source, result.after);
        written.push(result);
      } catch (error) {
        for (const back of written) {
          try {
            writeSourceText(back.entry.source, back.before);
          } catch {
            // Nothing more to do: the file is listed as rewritten below.
            continue;
          }
          back.after = back.before;
        }
        const reason = `not written: ${errorCode(error)}`;
        const file = result.entry.source.file;
        return {
          files: results
            .filter((other) => other !== result && other.entry.hasUsages)
            .map((other) => ({
              file: other.entry.source.file,
              outcome: other.after === other.before ? ('todo' as const) : ('rewritten' as const),
              before: other.before,
              after: other.after,
              todos: [],
            })),
          skipped: [{ file, reason }],
          heldBackBy: { file, reason },
        };
      }
    }
  }
  return {
    files: results
      .filter(({ entry, before, after }) => entry.hasUsages || after !== before)
      .map(({ entry, before, after }) => ({
        file: entry.source.file,
        outcome: 'rewritten' as const,
        before,
        after,
        todos: [...new Set(entry.plan.notes.map((note) => note.reason))],
        ...(entry.plan.adapters ? { adapters: entry.plan.adapters } : {}),
      })),
    skipped: [],
  };
}

/**
 * Leaves every file of a held-back group as it was, with TODOs where a person must decide: each
 * reason of the files that have their own, and in the others one TODO at their edge towards the
 * nearest of those, naming it.
 * @internal
 */
export function todoGroup(
  group: FileGroup,
  entries: readonly Planned[],
  members: ReadonlyMap<string, GroupMember>,
  graph: Adjacency,
  options: RewriteOptions,
): GroupResult {
  const heldBack = heldBackTodos(group, members, graph);
  const files: FileRewrite[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of entries) {
    const { file, text: before } = entry.source;
    if (entry.unwritable !== undefined) {
      skipped.push({ file, reason: entry.unwritable });
      continue;
    }
    const waiting = heldBack.get(file);
    const blockers: Blocker[] =
      waiting === undefined
        ? entry.plan.blockers
        : waiting.node === undefined
          ? []
          : [{ node: waiting.node, reason: waiting.reason }];
    const todos = waiting === undefined ? (members.get(file)?.reasons ?? []) : [waiting.reason];
    const after = applyEdits(
      before,
      todoEdits(entry.sourceFile, blockers).map((edit) => withLineEndings(before, edit)),
    );
    if (after !== before && entry.source.links > 1) {
      skipped.push({ file, reason: `has ${entry.source.links} hard links: not rewritten` });
      continue;
    }
    if (!options.dryRun && after !== before) {
      try {
        writeSourceText(entry.source, after);
      } catch (error) {
        skipped.push({ file, reason: `not written: ${errorCode(error)}` });
        continue;
      }
    }
    if (!entry.hasUsages && after === before) continue;
    files.push({ file, outcome: 'todo', before, after, todos: [...todos] });
  }
  return { files, skipped, heldBackBy: group.heldBackBy };
}
