import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ts } from '@ts-morph/common';
import type { TextEdit } from './edits';
import { applyEdits } from './edits';
import type { SkippedFile } from './files';
import { errorCode, sortByFile } from './files';
import type { SourceText } from './source-file-io';
import { loadSourceTree, readSourceText, writeSourceText } from './source-file-io';
import { FileCrossings } from './cross-file';
import { ProgramIndex } from './program-index';
import { shortPath } from './short-path';
import type { Adjacency, FileGroup, GroupMember } from './groups';
import { adjacency, findGroups, heldBackTodos } from './groups';
import type { Blocker, FilePlan } from './plan-file';
import { FilePlanner } from './plan-file';
import type { ProgramNotes } from './program';
import { createProgram, firstSyntaxError } from './program';
import { findUsages } from './usages';
import { hasBoundaryMarks } from './adapters-plan';

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

/** Options of {@link rewrite}. */
export interface RewriteOptions {
  /** Report the changes without writing them. */
  dryRun?: boolean;
  /** The name given to `trace.getTracer(…)`; default: the nearest package.json's name. */
  tracerName?: string;
  onProgress?: (done: number, total: number) => void;
}

/** One planned file. */
interface Planned {
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

/** What {@link settle} works on: the program, and the files planned so far with how to plan one again. */
interface Settling {
  program: ts.Program;
  sources: readonly SourceText[];
  index: ProgramIndex;
  planned: Map<string, Planned>;
  unparsed: ReadonlyMap<string, string>;
  neighbours: Adjacency;
  plan: (source: SourceText, receives: boolean) => void;
}

/**
 * Which files stay OpenTracing, and why: those with reasons of their own, then, round by round,
 * those that cannot convert where they meet them (their neighbours are planned again with the
 * files that stay known) or whose move would not type-check beside them. The files not returned
 * move. Planned files are replaced by their latest plans.
 */
function settle({
  program,
  sources,
  index,
  planned,
  unparsed,
  neighbours,
  plan,
}: Settling): Map<string, string[]> {
  const legacy = new Map<string, string[]>();
  let members = membersOf(planned, unparsed, legacy);
  let checks = 0;
  const released = new Set<string>();
  const replan = (files: Iterable<string>) => {
    for (const file of files) {
      const entry = planned.get(file);
      if (entry === undefined) continue;
      planned.delete(file);
      plan(entry.source, entry.receives);
    }
  };
  for (;;) {
    const stopping = [...members.values()].filter(
      (member) => member.reasons.length > 0 && !legacy.has(member.file),
    );
    for (const member of stopping) legacy.set(member.file, [...member.reasons]);
    const freed: string[] = [];
    if (stopping.length === 0) {
      // A public API whose adapters an earlier run wrote, held back for its callers among the
      // paths: it moves after all when those callers all stay (once: no going back and forth).
      for (const [file, reasons] of legacy) {
        if (released.has(file) || !reasons.every((reason) => KEPT_API.test(reason))) continue;
        released.add(file);
        index.setLegacy(new Set([...legacy.keys()].filter((other) => other !== file)));
        replan([file]);
        if (planned.get(file)?.plan.blockers.length === 0) freed.push(file);
      }
      for (const file of freed) legacy.delete(file);
    }
    if (stopping.length === 0 && freed.length === 0) {
      // Each type check compiles the project again: after a few, the files that touch the ones
      // that stay stay too.
      const failing = typeFailures(program, sources, planned, legacy, neighbours, checks++ >= 4);
      // Then the whole project, for what no edge ties together (a type a moved file declares and
      // a file that stays uses, say `interface Handler { handle(span: Span): void }`).
      if (failing.size === 0) {
        for (const [file, reason] of programFailures(program, sources, planned, legacy))
          failing.set(file, { reason });
      }
      for (const [file, { reason }] of failing) legacy.set(file, [reason]);
      if (failing.size === 0) return legacy;
    }
    index.setLegacy(new Set(legacy.keys()));
    const affected = new Set<string>();
    for (const file of [...legacy.keys(), ...freed]) {
      for (const next of neighbours.get(file)?.keys() ?? []) {
        if (!legacy.has(next) && planned.has(next)) affected.add(next);
      }
    }
    replan(affected);
    members = membersOf(planned, unparsed, legacy);
  }
}

/** The reason a public API's adapters hold their file back: its callers are among the paths. */
const KEPT_API = /^a boundary adapter of a public API whose callers are among the paths now/;

/** A planned file's text once rewritten. */
function rewrittenText(entry: Planned): string {
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

/** The lines of a file that are TODO comments of ot-migrate, each as an edit that removes it. */
function staleTodos(sourceFile: ts.SourceFile): TextEdit[] {
  const starts = sourceFile.getLineStarts();
  const edits: TextEdit[] = [];
  for (let line = 0; line < starts.length; line++) {
    if (!lineText(sourceFile, line).trim().startsWith(`// ${TODO_MARKER}`)) continue;
    const end = line + 1 < starts.length ? starts[line + 1] : sourceFile.text.length;
    edits.push({ start: starts[line], end, text: '' });
  }
  return edits;
}

/**
 * The grouping's view of the planned files: each with its reasons to stay and its peer edges.
 * A file that stays OpenTracing has the reasons it stays for and no edges: the others move
 * without it.
 */
function membersOf(
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

/**
 * The files that move beside files that stay OpenTracing and would not type-check so (or would
 * break the type-checking of a file that stays), each with its reason: the project compiled again
 * with the moved texts, against its errors before (by message, file by file). With `all`, every
 * such file whose group touches one that stays, errors or not.
 */
function typeFailures(
  program: ts.Program,
  sources: readonly SourceText[],
  planned: ReadonlyMap<string, Planned>,
  legacy: ReadonlyMap<string, readonly string[]>,
  neighbours: Adjacency,
  all: boolean,
): Map<string, { reason: string }> {
  const failing = new Map<string, { reason: string }>();
  const moving = (file: string) => !legacy.has(file) && planned.has(file);
  const checked = new Map<string, string>();
  for (const file of legacy.keys()) {
    for (const next of neighbours.get(file)?.keys() ?? []) {
      if (!moving(next)) continue;
      checked.set(next, file);
      if (!checked.has(file)) checked.set(file, file);
    }
  }
  if (checked.size === 0) return failing;
  if (all) {
    for (const [file, stay] of checked) {
      if (moving(file))
        failing.set(file, {
          reason: `moving it beside ${shortPath(file, stay)}, which stays OpenTracing, needs a decision: migrate them together by hand`,
        });
    }
    return failing;
  }
  const texts = new Map<string, string>();
  for (const [file, entry] of planned) {
    if (moving(file) && entry.plan.blockers.length === 0) texts.set(file, rewrittenText(entry));
  }
  const after = createProgram(
    sources.map((source) => ({ file: source.file, text: texts.get(source.file) ?? source.text })),
  );
  for (const [file, stay] of checked) {
    const error = newTypeError(program, after, file);
    if (error === undefined) continue;
    const blamed = moving(file) ? [file] : [...(neighbours.get(file)?.keys() ?? [])].filter(moving);
    for (const mover of blamed) {
      failing.set(mover, {
        reason: `moving it beside ${shortPath(mover, stay)}, which stays OpenTracing, would not type-check (${error}): migrate them together by hand`,
      });
    }
  }
  return failing;
}

/**
 * The moved files that would bring a type error into the project anywhere, each with its reason:
 * the project compiled with every moved text, file by file against its errors before. An error in
 * a file that stays is laid on the moved files it imports.
 */
function programFailures(
  program: ts.Program,
  sources: readonly SourceText[],
  planned: ReadonlyMap<string, Planned>,
  legacy: ReadonlyMap<string, readonly string[]>,
): Map<string, string> {
  const failing = new Map<string, string>();
  const moving = (file: string) => !legacy.has(file) && planned.has(file);
  const texts = new Map<string, string>();
  for (const [file, entry] of planned) {
    if (moving(file) && entry.plan.blockers.length === 0) {
      const text = rewrittenText(entry);
      if (text !== entry.source.text) texts.set(file, text);
    }
  }
  if (texts.size === 0) return failing;
  const after = createProgram(
    sources.map((source) => ({ file: source.file, text: texts.get(source.file) ?? source.text })),
  );
  for (const source of sources) {
    const error = newTypeError(program, after, source.file);
    if (error === undefined) continue;
    const blamed = texts.has(source.file)
      ? [source.file]
      : importedFiles(after, source.file).filter((file) => texts.has(file));
    for (const mover of blamed) {
      failing.set(
        mover,
        `moving it would bring a type error into ${shortPath(mover, source.file)} (${error}): migrate them together by hand`,
      );
    }
  }
  return failing;
}

/** The files a file imports or requires (resolved by the program). */
function importedFiles(program: ts.Program, file: string): string[] {
  const sourceFile = program.getSourceFile(file);
  if (sourceFile === undefined) return [];
  const checker = program.getTypeChecker();
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
        ? node.moduleSpecifier
        : ts.isCallExpression(node) &&
            ts.isIdentifier(node.expression) &&
            node.expression.text === 'require' &&
            node.arguments.length === 1
          ? node.arguments[0]
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
            ? node.argument.literal
            : undefined;
    const target = specifier && checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (target !== undefined && ts.isSourceFile(target)) found.add(target.fileName);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...found];
}

/** The first type error of a file in `after` that it did not have in `before` (by message). */
function newTypeError(before: ts.Program, after: ts.Program, file: string): string | undefined {
  const messages = (program: ts.Program) => {
    const sourceFile = program.getSourceFile(file);
    if (sourceFile === undefined) return [];
    return [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ].map((diagnostic) => {
      const { line } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return [ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '), line + 1] as const;
    });
  };
  const old = new Map<string, number>();
  for (const [message] of messages(before)) old.set(message, (old.get(message) ?? 0) + 1);
  for (const [message, line] of messages(after)) {
    const count = old.get(message) ?? 0;
    if (count > 0) {
      old.set(message, count - 1);
      continue;
    }
    const short = message.length > 120 ? `${message.slice(0, 117)}...` : message;
    return `${basename(file)}:${line}: ${short}`;
  }
  return undefined;
}

/** The first file that stays, and why, for a group whose files had no reason of their own. */
function firstStaying(
  staying: readonly string[],
  legacy: ReadonlyMap<string, readonly string[]>,
): { file: string; reason: string } | undefined {
  const file = staying[0];
  return file === undefined ? undefined : { file, reason: legacy.get(file)?.[0] ?? 'not written' };
}

interface GroupResult {
  files: FileRewrite[];
  skipped: SkippedFile[];
  heldBackBy?: { file: string; reason: string };
}

/** Rewrites every file of a group; if one cannot be written, puts back those already written. */
function writeGroup(entries: readonly Planned[], options: RewriteOptions): GroupResult {
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
 */
function todoGroup(
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
function todoEdits(
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
