import { basename } from 'node:path';
import { ts } from '@ts-morph/common';
import { shortPath } from './short-path';
import type { SourceText } from './source-file-io';
import type { Adjacency } from './groups';
import type { Planned } from './planned-files';
import { rewrittenText } from './planned-files';
import { createProgram } from './program';

// The type check before anything is written: the project compiled again with the moved files'
// new texts, against its errors before, so that no move breaks the code beside it.

/**
 * The files that move beside files that stay OpenTracing and would not type-check so (or would
 * break the type-checking of a file that stays), each with its reason: the project compiled again
 * with the moved texts, against its errors before (by message, file by file). With `all`, every
 * such file whose group touches one that stays, errors or not.
 * @internal
 */
export function typeFailures(
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
 * @internal
 */
export function programFailures(
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
