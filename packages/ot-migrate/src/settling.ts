import type { ts } from '@ts-morph/common';
import type { ProgramIndex } from './program-index';
import type { SourceText } from './source-file-io';
import type { Adjacency } from './groups';
import type { Planned } from './planned-files';
import { membersOf } from './planned-files';
import { programFailures, typeFailures } from './type-check-moves';

// Which files of a rewrite move and which stay OpenTracing: decided round by round, each round
// planning again the files next to those that stay, until the moves type-check.

/**
 * What {@link settle} works on: the program, and the files planned so far with how to plan one
 * again.
 * @internal
 */
export interface Settling {
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
 * @internal
 */
export function settle({
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
