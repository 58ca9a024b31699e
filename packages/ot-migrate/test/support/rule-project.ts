// Many small rewrite cases in one temporary project, rewritten in one run and type-checked in one
// program: a TypeScript program costs a second or two to build, a case alone a few milliseconds.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from '@ts-morph/common';
import { installGlobalTracer, uninstallGlobalTracer } from '../../../../src';
import { createProgram } from '../../src/program';
import { rewrite } from '../../src/rewrite';
import { comparableSpans } from '../../../../test/support/compare-spans';
import type { TestOtel } from '../../../../test/support/otel';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** What the rewrite did to one case's file. */
export interface CaseResult {
  /** `rewritten`, `todo`, or `none` when the file has no OpenTracing usage. */
  outcome: string;
  before: string;
  after: string;
  todos: string[];
  /** The file as the rewrite left it on disk. */
  written: string;
  /** Type errors of the written file (cases added with `check`). */
  errors: string[];
}

/** Where a case's code is written, and how it is checked. */
export interface CaseOptions {
  /** Default `code.ts`. */
  fileName?: string;
  /** Type-check the file after the rewrite: {@link CaseResult.errors}. */
  check?: boolean;
}

/** Spans of one case's exported `run()`, as it was (through the bridge) and after the rewrite. */
export interface SpansResult {
  /** The spans as compared (comparableSpans), before and after. */
  before: unknown[];
  after: unknown[];
  /** The spans as recorded, for compareTraces and for reading one field. */
  recordedBefore: ReadableSpan[];
  recordedAfter: ReadableSpan[];
  /** What `run()` returned (resolved), before and after: carriers, baggage values. */
  returnedBefore: unknown;
  returnedAfter: unknown;
  todos: string[];
  /** The rewritten text. */
  rewritten: string;
}

interface Case {
  file: string;
  source: string;
  check: boolean;
  result?: CaseResult;
}

/**
 * A project of rewrite cases. Add cases while the tests are collected (at the top of a test file or
 * in `describe` bodies), call {@link RuleProject.run} in `beforeAll`, read the results in the tests.
 */
export class RuleProject {
  private readonly cases: Case[] = [];
  private readonly originals: { file: string; source: string }[] = [];
  private directory: string | undefined;

  /** A case rewritten with the others; its result once {@link run} has run. */
  add(source: string, options: CaseOptions = {}): () => CaseResult {
    const entry = this.addCase(source, options);
    return () => resultOf(entry);
  }

  /**
   * A case whose exported `run()` is run as it was, through the bridge, and after the rewrite, on
   * the SDK alone. The rewritten file is type-checked too: a type error fails the comparison.
   */
  addSpans(
    source: string,
    otel: TestOtel,
    fileName = 'code.ts',
  ): { result: () => CaseResult; spans: () => Promise<SpansResult> } {
    const original = join(`original-${this.originals.length}`, fileName);
    this.originals.push({ file: original, source });
    const entry = this.addCase(source, { fileName, check: true });
    const spans = async () => {
      const { todos, errors, after } = resultOf(entry);
      expect(errors).toEqual([]);
      installGlobalTracer({ semanticConventions: 'otel' });
      let before: [unknown[], unknown, ReadableSpan[]];
      try {
        before = await spansOf(this.path(original), otel);
      } finally {
        uninstallGlobalTracer();
      }
      const migrated = await spansOf(this.path(entry.file), otel);
      return {
        before: before[0],
        returnedBefore: before[1],
        recordedBefore: before[2],
        after: migrated[0],
        returnedAfter: migrated[1],
        recordedAfter: migrated[2],
        todos,
        rewritten: after,
      };
    };
    return { result: () => resultOf(entry), spans };
  }

  /** Writes every case, rewrites them in one run and type-checks the `check` ones in one program. */
  run(): void {
    // Inside the repository, so the cases resolve opentracing and @opentelemetry/api.
    const directory = mkdtempSync(join(__dirname, '..', '..', '..', '.scratch-rules-'));
    this.directory = directory;
    for (const entry of this.cases) write(join(directory, entry.file), entry.source);
    for (const { file, source } of this.originals) write(join(directory, file), source);
    const paths = this.cases.map((entry) => join(directory, entry.file));
    const results = new Map(
      rewrite(paths, { tracerName: 'svc' }).files.map((result) => [result.file, result]),
    );
    const checked = paths.filter((_, index) => this.cases[index].check);
    const errors = checked.length > 0 ? typeErrors(checked) : new Map<string, string[]>();
    this.cases.forEach((entry, index) => {
      const path = paths[index];
      const result = results.get(path);
      entry.result = {
        outcome: result?.outcome ?? 'none',
        before: result?.before ?? entry.source,
        after: result?.after ?? entry.source,
        todos: result?.todos ?? [],
        written: readFileSync(path, 'utf8'),
        errors: errors.get(path) ?? [],
      };
    });
  }

  /** Removes the project's files. */
  dispose(): void {
    if (this.directory !== undefined) rmSync(this.directory, { recursive: true, force: true });
  }

  private path(file: string): string {
    if (this.directory === undefined) throw new Error('RuleProject.run() has not run');
    return join(this.directory, file);
  }

  private addCase(source: string, { fileName = 'code.ts', check = false }: CaseOptions): Case {
    const entry: Case = { file: join(`case-${this.cases.length}`, fileName), source, check };
    this.cases.push(entry);
    return entry;
  }
}

function resultOf(entry: Case): CaseResult {
  if (entry.result === undefined) throw new Error('RuleProject.run() has not run');
  return entry.result;
}

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

/** The type errors of each file, compiled together as the rewrite compiles a project. */
function typeErrors(files: readonly string[]): Map<string, string[]> {
  const program = createProgram(files);
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName;
    if (file === undefined || !files.includes(file)) continue;
    const list = errors.get(file) ?? [];
    list.push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    errors.set(file, list);
  }
  return errors;
}

async function spansOf(
  file: string,
  otel: TestOtel,
): Promise<[unknown[], unknown, ReadableSpan[]]> {
  otel.reset();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known at run time
  const { run } = require(file) as { run(): unknown };
  const returned: unknown = await run();
  const recorded = otel.spans();
  const spans = comparableSpans(recorded);
  expect(spans.length).toBeGreaterThan(0);
  return [spans, returned, recorded];
}
