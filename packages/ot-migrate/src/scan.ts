import type { SkippedFile } from './files';
import { loadSourceTree } from './source-file-io';
import { sortByFile } from './files';
import { ts } from '@ts-morph/common';
import { ProgramIndex } from './program-index';
import { ADAPTERS, BOUNDARY_MARK } from './boundary-adapters';
import type { ProgramNotes } from './program';
import { createProgram, firstSyntaxError } from './program';
import { calledName, mentionsOpenTracing } from './syntax';
import type { Usage, UsageKind } from './usages';
import { USAGE_KINDS, findUsages, importsOpenTracing, isOpenTracingSymbol } from './usages';

/** OpenTracing usages in one file. */
export interface FileScan {
  /** The file's path. */
  file: string;
  /** Usages per kind. */
  counts: Record<UsageKind, number>;
  /** All usages in the file. */
  total: number;
  /** Usages counted without type information. */
  untyped: number;
  /** startSpan calls by the options they use (childOf, references, tags, startTime). */
  startSpanOptions: Record<string, number>;
  /**
   * Boundary adapters: calls of the bridge's `contextWithSpan`, `otelSpanFrom`, `legacySpanFrom`
   * or `legacySpanContextFrom` marked `// ot-migrate: boundary`. Not usages: where OpenTracing
   * code meets OpenTelemetry code on purpose, to go when one side is migrated.
   */
  adapters: number;
}

/** What `ot-migrate scan` found. */
export interface ScanReport {
  /** Files with at least one usage, sorted by path. */
  files: FileScan[];
  /** Usages per kind over all files. */
  totals: Record<UsageKind, number>;
  /** All usages: what is left to migrate. */
  remaining: number;
  /** Boundary adapters over all files: not counted in `remaining`. */
  adapters: number;
  /** Source files read and analysed (the skipped ones aside). */
  filesScanned: number;
  /** Files left out, with the reason (not a regular file, not UTF-8, a syntax error…). */
  skipped: SkippedFile[];
  /** One line per thing the report should say besides (a tsconfig.json that could not be read). */
  notes: string[];
}

/** Options of {@link scan}. */
export interface ScanOptions {
  /** Called after each file is analysed, for a progress display. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Finds every OpenTracing usage under `paths` (see {@link findUsages} for what counts).
 * @param paths - files and directories.
 */
export function scan(paths: readonly string[], options: ScanOptions = {}): ScanReport {
  const { sources, skipped } = loadSourceTree(paths);
  const notes: ProgramNotes = { notes: [] };
  const program = createProgram(sources, notes);
  const checker = program.getTypeChecker();
  const index = new ProgramIndex(program, checker, new Set(sources.map((source) => source.file)));
  const found = new Map<string, { sourceFile: ts.SourceFile; usages: Usage[] }>();
  let done = 0;
  let unparsed = 0;
  for (const { file } of sources) {
    const sourceFile = program.getSourceFile(file);
    const syntaxError = sourceFile && firstSyntaxError(program, sourceFile);
    if (syntaxError !== undefined) {
      skipped.push({ file, reason: `does not parse (${syntaxError})`, unchecked: true });
      unparsed++;
    } else if (sourceFile !== undefined) {
      found.set(file, { sourceFile, usages: findUsages(sourceFile, checker) });
    }
    options.onProgress?.(++done, sources.length);
  }
  // Files handed spans or tracers by files that use opentracing, without importing it themselves:
  // calls on their untyped values count as they do where opentracing is imported.
  for (const file of receivingFiles(found, index)) {
    const entry = found.get(file);
    if (entry !== undefined)
      entry.usages = findUsages(entry.sourceFile, checker, { receivesOpenTracing: true });
  }
  const files: FileScan[] = [];
  const totals = emptyCounts();
  for (const [file, { sourceFile, usages }] of found) {
    // The import of the types a public API keeps for its legacy callers is part of its adapters.
    const all = [...usages, ...importsThroughOtherFiles(sourceFile, checker)].filter(
      (usage) => !isBoundaryImport(sourceFile, usage.node),
    );
    const adapters = boundaryAdapters(sourceFile);
    if (all.length > 0 || adapters > 0) files.push(summarise(file, all, totals, adapters));
  }
  const remaining = files.reduce((sum, file) => sum + file.total, 0);
  return {
    files,
    totals,
    remaining,
    adapters: files.reduce((sum, file) => sum + file.adapters, 0),
    filesScanned: sources.length - unparsed,
    skipped: sortByFile(skipped),
    notes: notes.notes,
  };
}

/**
 * The files that get OpenTracing objects from a file that uses opentracing, without importing it:
 * a call there passes a span or tracer (or an object holding one) to a function of theirs.
 */
function receivingFiles(
  found: ReadonlyMap<string, { sourceFile: ts.SourceFile; usages: Usage[] }>,
  index: ProgramIndex,
): Set<string> {
  const receiving = new Set<string>();
  const checker = index.checker;
  for (const [file, { sourceFile, usages }] of found) {
    if (usages.length === 0 && !importsOpenTracing(sourceFile)) continue;
    const visit = (node: ts.Node): void => {
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
        const passes = node.arguments.some((argument) =>
          mentionsOpenTracing(checker, checker.getTypeAtLocation(argument)),
        );
        const target = passes ? index.callTarget(node) : undefined;
        if (target !== undefined && 'peers' in target) {
          for (const peer of target.peers) {
            const entry = found.get(peer);
            if (peer !== file && entry !== undefined && !importsOpenTracing(entry.sourceFile))
              receiving.add(peer);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return receiving;
}

/**
 * Imports of OpenTracing's names through another file (`import { Span } from './tracing'` where
 * tracing.ts re-exports opentracing's): one `import` usage each.
 * Counted by the scan only; the rewrite plans imports of opentracing itself.
 */
function importsThroughOtherFiles(sourceFile: ts.SourceFile, checker: ts.TypeChecker): Usage[] {
  const usages: Usage[] = [];
  const add = (node: ts.Node, name: string) =>
    usages.push({
      kind: 'import',
      name,
      node,
      line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
    });
  for (const statement of sourceFile.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    if (specifier === undefined) continue;
    // Imports and re-exports of opentracing itself are findUsages' to count.
    const fromOpenTracing = specifier === 'opentracing' || specifier.startsWith('opentracing/');
    if (fromOpenTracing || !ts.isImportDeclaration(statement)) continue;
    const clause = statement.importClause;
    const names: ts.Identifier[] = [];
    if (clause?.name) names.push(clause.name);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings))
      names.push(...bindings.elements.map((element) => element.name));
    const reaches = names.some((name) =>
      isOpenTracingSymbol(checker, checker.getSymbolAtLocation(name)),
    );
    if (reaches) add(statement, specifier);
  }
  return usages;
}

/** An import of opentracing marked `// ot-migrate: boundary` (the types of a public API). */
function isBoundaryImport(sourceFile: ts.SourceFile, node: ts.Node): boolean {
  let statement: ts.Node = node;
  while (!ts.isSourceFile(statement.parent) && statement.parent !== undefined)
    statement = statement.parent;
  if (!ts.isImportDeclaration(statement)) return false;
  const end = sourceFile.getLineEndOfPosition(statement.end);
  return BOUNDARY_MARK.test(sourceFile.text.slice(statement.end, end));
}

/**
 * Calls of the bridge's adapters marked `// ot-migrate: boundary` on their line or the line above.
 */
function boundaryAdapters(sourceFile: ts.SourceFile): number {
  if (!BOUNDARY_MARK.test(sourceFile.text)) return 0;
  const lines = sourceFile.text.split(/\r\n?|\n/);
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      if (ADAPTERS.has(calledName(node))) {
        const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        if (BOUNDARY_MARK.test(lines[line]) || (line > 0 && BOUNDARY_MARK.test(lines[line - 1])))
          count++;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return count;
}

function summarise(
  file: string,
  usages: Usage[],
  totals: Record<UsageKind, number>,
  adapters: number,
): FileScan {
  const counts = emptyCounts();
  const startSpanOptions: Record<string, number> = {};
  let untyped = 0;
  for (const usage of usages) {
    counts[usage.kind]++;
    totals[usage.kind]++;
    if (usage.untyped) untyped++;
    for (const option of usage.startSpanOptions ?? []) {
      startSpanOptions[option] = (startSpanOptions[option] ?? 0) + 1;
    }
  }
  return { file, counts, total: usages.length, untyped, startSpanOptions, adapters };
}

function emptyCounts(): Record<UsageKind, number> {
  return Object.fromEntries(USAGE_KINDS.map((kind) => [kind, 0])) as Record<UsageKind, number>;
}
