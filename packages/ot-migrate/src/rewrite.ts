import { hasBoundaryMarks } from './boundary-adapters';
import { FileCrossings } from './cross-file';
import { ProgramIndex } from './program-index';
import type { SourceText } from './source-file-io';
import { loadSourceTree } from './source-file-io';
import { sortByFile } from './files';
import { adjacency, findGroups, heldBackTodos } from './groups';
import { FilePlanner } from './plan-file';
import type { Planned } from './planned-files';
import { membersOf } from './planned-files';
import type { ProgramNotes } from './program';
import { createProgram, firstSyntaxError } from './program';
import type { RewriteOptions } from './rewrite-options';
import type { FileRewrite, RewriteGroup, RewriteReport } from './rewrite-report';
import { settle } from './settling';
import { tracerNameFor } from './tracer-name';
import { findUsages } from './usages';
import { todoGroup, writeGroup } from './write-groups';

export type { RewriteOptions } from './rewrite-options';
export type { FileRewrite, RewriteGroup, RewriteReport } from './rewrite-report';
export { TODO_MARKER } from './todo-comments';

// The `rewrite` command: every file planned, the files that move settled, then each group written.
// Its options and report are declared beside it (rewrite-options.ts, rewrite-report.ts) and
// exported from here too, with the TODO marker: what the CLI and the tests import.

/**
 * Rewrites the OpenTracing code under `paths` to @opentelemetry/api where that is safe, and leaves
 * a `// TODO(ot-migrate): <why>` comment everywhere else. Files that hand spans or tracers to each
 * other move together: every file is planned first, then each group is rewritten whole when none
 * of its files has a reason to stay, else none of them is (those held back by another file get one
 * TODO saying which). Running it again changes nothing. Only the edited text changes: every other
 * byte of a file, line endings included, stays as it was. Files it cannot read safely, or that do
 * not parse, are skipped and listed.
 * @param paths - files and directories.
 */
export function rewrite(paths: readonly string[], options: RewriteOptions = {}): RewriteReport {
  const { sources, skipped } = loadSourceTree(paths);
  const notes: ProgramNotes = { notes: [] };
  const program = createProgram(sources, notes);
  const checker = program.getTypeChecker();
  const index = new ProgramIndex(program, checker, new Set(sources.map((source) => source.file)));
  const bySource = new Map(sources.map((source) => [source.file, source]));
  const planned = new Map<string, Planned>();
  const unparsed = new Map<string, string>();
  const plan = (source: SourceText, receives: boolean): void => {
    const sourceFile = program.getSourceFile(source.file);
    if (sourceFile === undefined || planned.has(source.file) || unparsed.has(source.file)) return;
    // The parser recovers from errors by guessing; edits or TODOs placed on its guesses could
    // land anywhere. The user fixes the file first.
    const syntaxError = firstSyntaxError(program, sourceFile);
    if (syntaxError !== undefined) {
      unparsed.set(source.file, `does not parse (${syntaxError})`);
      return;
    }
    const usages = findUsages(sourceFile, checker, { receivesOpenTracing: receives });
    if (usages.length === 0 && !receives && !hasBoundaryMarks(sourceFile)) return;
    const crossings = new FileCrossings(index, source.file);
    const filePlan = new FilePlanner(
      sourceFile,
      checker,
      usages,
      tracerNameFor(source.file, options),
      crossings,
    ).plan();
    planned.set(source.file, {
      source,
      sourceFile,
      hasUsages: usages.length > 0,
      receives,
      plan: filePlan,
      crossings,
    });
  };
  let done = 0;
  for (const source of sources) {
    plan(source, false);
    options.onProgress?.(++done, sources.length);
  }
  // A file another one hands objects to is planned too, usages or not: what it does with them
  // decides whether the group can move.
  for (let added = true; added;) {
    added = false;
    for (const { crossings } of [...planned.values()]) {
      for (const peer of crossings.edges.flatMap((edge) => edge.peers)) {
        const source = bySource.get(peer);
        if (source === undefined || planned.has(peer) || unparsed.has(peer)) continue;
        plan(source, true);
        added = true;
      }
    }
  }
  const firstMembers = membersOf(planned, unparsed, new Map());
  // Files that cannot move stay OpenTracing, and the others of their group move without them,
  // converting where objects cross (boundary adapters) or staying too: round by round, until no
  // file that moves has a reason to stay and the moved code type-checks beside the code that stays.
  const neighbours = adjacency(firstMembers);
  const legacy = settle({ program, sources, index, planned, unparsed, neighbours, plan });
  // A file that stays only because others do (they hand it objects it could not convert, or it
  // would not type-check beside them): one TODO naming the nearest file with a reason of its own.
  const firstGroups = findGroups(firstMembers);
  for (const group of firstGroups) {
    if (group.heldBackBy === undefined) continue;
    for (const [file, todo] of heldBackTodos(group, firstMembers, neighbours)) {
      const entry = planned.get(file);
      if (entry === undefined || !legacy.has(file)) continue;
      const blockers = todo.node === undefined ? [] : [{ node: todo.node, reason: todo.reason }];
      entry.plan = { edits: [], notes: [], blockers };
      legacy.set(file, [todo.reason]);
    }
  }
  const members = membersOf(planned, unparsed, legacy);
  const graph = adjacency(members);
  const files: FileRewrite[] = [];
  const stays = new Set<string>(unparsed.keys());
  const adaptersOf = new Map<string, number>();
  for (const group of findGroups(members)) {
    const entries = group.files.flatMap((file) => planned.get(file) ?? []);
    const result =
      group.heldBackBy === undefined
        ? writeGroup(entries, options)
        : todoGroup(group, entries, members, graph, options);
    files.push(...result.files);
    skipped.push(...result.skipped);
    if (result.heldBackBy !== undefined) for (const file of group.files) stays.add(file);
    for (const file of result.files) adaptersOf.set(file.file, file.adapters ?? 0);
  }
  // Reported by the groups of files that hand each other objects: moved whole, not at all, or
  // split, the files that stay converting with the others at the crossings.
  const reportGroups: RewriteGroup[] = firstGroups.map((group) => {
    const staying = group.files.filter((file) => stays.has(file));
    const adapters = group.files.reduce((sum, file) => sum + (adaptersOf.get(file) ?? 0), 0);
    const root =
      group.heldBackBy !== undefined && stays.has(group.heldBackBy.file)
        ? group.heldBackBy
        : firstStaying(staying, legacy);
    return {
      files: group.files,
      outcome:
        staying.length === 0
          ? 'rewritten'
          : staying.length === group.files.length
            ? 'todo'
            : 'split',
      ...(root && staying.length > 0 && { heldBackBy: root }),
      ...(staying.length > 0 && staying.length < group.files.length && { stays: staying }),
      ...(staying.length < group.files.length && adapters > 0 && { adapters }),
    };
  });
  for (const [file, reason] of unparsed) skipped.push({ file, reason });
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files, groups: reportGroups, skipped: sortByFile(skipped), notes: notes.notes };
}

/** The first file that stays, and why, for a group whose files had no reason of their own. */
function firstStaying(
  staying: readonly string[],
  legacy: ReadonlyMap<string, readonly string[]>,
): { file: string; reason: string } | undefined {
  const file = staying[0];
  return file === undefined ? undefined : { file, reason: legacy.get(file)?.[0] ?? 'not written' };
}
