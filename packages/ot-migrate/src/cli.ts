#!/usr/bin/env node
// ot-migrate: measure what OpenTracing code is left (scan), rewrite what is safe (rewrite), and
// check from live traffic that the traces survived the migration (traces).
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from './version';
import { createTwoFilesPatch } from 'diff';
import type { SkippedFile } from './files';
import type * as RewriteModule from './rewrite';
import type { RewriteReport } from './rewrite';
import type * as ScanModule from './scan';
import type * as TracesModule from './traces/command';
import type { ScanReport } from './scan';
import type { UsageKind } from './usages';

const USAGE = `Usage:
  ot-migrate scan <paths…> [--json] [--max-remaining N]
  ot-migrate rewrite <paths…> [--dry-run] [--tracer-name NAME]
  ot-migrate traces [--port 4318] [--host 127.0.0.1] [--duration TIME] [--out traces.jsonl]
                    [--max-spans 200000] [--from-file traces.jsonl] [filters] [--bridge-scope NAME]
                    [--json | --graph mermaid|dot] [--html report.html] [--fail-on-broken]
  ot-migrate help | --help | --version

scan      counts OpenTracing usages per file (.ts .tsx .js .mjs .cjs); --max-remaining N exits
          with status 1 when more than N are left, for CI gates.
rewrite   rewrites what is safe to @opentelemetry/api and leaves "// TODO(ot-migrate): why"
          comments elsewhere; --dry-run prints the diff instead of writing.
traces    listens for OTLP/HTTP (POST /v1/traces, protobuf or JSON, gzip too) from any number of
          services until --duration has passed (30s, 5m; a bare number is seconds), Ctrl-C or
          SIGTERM; stores every span in --out (a new file each time, one JSON span a line;
          --out '' stores none), keeps the newest --max-spans in memory (older ones are dropped
          and counted; --from-file applies the same cap), then reports: the service catalog, each
          service's share of spans made through the bridge (scope opentracing-otel-bridge*, or
          --bridge-scope NAME), the legacy wire formats still arriving, the calls between
          services, and broken traces (missing-parent, several-roots, hop-without-context).
          --from-file reads a stored collection instead of listening. --json prints the report
          as JSON, --graph the service graph; --html writes a page; --fail-on-broken exits with
          status 1 when a trace is broken, for CI gates.
          Filters: --service NAME, --operation NAME (repeatable: any of them), --attribute
          key=value (repeatable: all of them; baggage copied to attributes is an attribute),
          --min-duration/--max-duration (ms, or 250ms, 2s), --since/--until (ISO 8601, span
          start). A trace is kept, whole, when at least one of its spans matches every filter.

scan and rewrite read only regular UTF-8 files of at most 4 MiB inside the given paths, and list
the files they skip with the reason (links out of the paths or in a loop, FIFOs, devices, other
encodings, syntax errors).`;

const OPTIONS = {
  json: { type: 'boolean' },
  'max-remaining': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'tracer-name': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** The options each command takes; the others are a mistake worth pointing out. */
const COMMAND_OPTIONS: Readonly<Record<'scan' | 'rewrite', readonly string[]>> = {
  scan: ['json', 'max-remaining'],
  rewrite: ['dry-run', 'tracer-name'],
};

/** Where the CLI writes: stdout and stderr, or a test's stand-ins. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;

/**
 * Runs the CLI with the given arguments; resolves to the exit status. `traces` listens and
 * reports asynchronously; the other commands are {@link main}'s.
 */
export async function run(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  if (at === -1 || argv[at] !== 'traces') return main(argv, out, err);
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  // Loaded for this command only: the others start without protobufjs and node:http.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runTraces, UsageError } = require('./traces/command') as typeof TracesModule;
  try {
    return await runTraces([...argv.slice(0, at), ...argv.slice(at + 1)], out, err);
  } catch (error) {
    if (error instanceof UsageError) {
      return usageError(err, `traces: ${error.message}`);
    }
    err.write(`ot-migrate: ${(error as Error).message}\n`);
    return 2;
  }
}

/** Runs `scan`, `rewrite` or `help` with the given arguments; returns the exit status. */
export function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): number {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return usageError(err, (error as Error).message);
  }
  const [command, ...paths] = parsed.positionals;
  if (parsed.values.version) {
    out.write(`${VERSION}\n`);
    return 0;
  }
  if (parsed.values.help || command === 'help') {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined) return usageError(err, 'no command given');
  if (command === 'traces') {
    return usageError(err, 'traces listens, so it runs asynchronously: call run(), not main()');
  }
  if (command !== 'scan' && command !== 'rewrite') {
    return usageError(
      err,
      `unknown command \`${command}\` (commands: scan, rewrite, traces, help)`,
    );
  }
  const misplaced = Object.keys(parsed.values).find(
    (option) => !COMMAND_OPTIONS[command].includes(option),
  );
  if (misplaced !== undefined) {
    return usageError(err, `--${misplaced} is not an option of ${command}`);
  }
  if (paths.length === 0) {
    return usageError(err, `${command} needs the files or directories to read`);
  }
  try {
    return command === 'scan'
      ? runScan(paths, parsed, out, err)
      : runRewrite(paths, parsed, out, err);
  } catch (error) {
    err.write(`ot-migrate: ${(error as Error).message}\n`);
    return 2;
  }
}

/** What went wrong with the command line, then the usage; exit status 2. */
function usageError(err: Output, message: string): number {
  err.write(`ot-migrate: ${message}\n\n${USAGE}\n`);
  return 2;
}

function runScan(paths: readonly string[], parsed: Parsed, out: Output, err: Output): number {
  const maxRemaining = parsed.values['max-remaining'];
  const limit = maxRemaining === undefined ? undefined : Number(maxRemaining);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    return usageError(err, `--max-remaining takes a whole number, not \`${maxRemaining}\``);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scan } = require('./scan') as typeof ScanModule;
  const report = scan(paths, { onProgress: progressReporter(err) });
  out.write(
    parsed.values.json ? `${JSON.stringify(toJson(report), null, 2)}\n` : formatScan(report),
  );
  if (limit !== undefined && report.remaining > limit) {
    err.write(
      `ot-migrate: ${report.remaining} OpenTracing usages left, more than --max-remaining ${limit}\n`,
    );
    return 1;
  }
  // A file the scan could not read or parse may hold OpenTracing code: the gate cannot pass it.
  const unchecked = report.skipped.filter((skipped) => skipped.unchecked).length;
  if (limit !== undefined && unchecked > 0) {
    err.write(
      `ot-migrate: ${unchecked} source file(s) could not be checked (listed as skipped): fix them or leave them out of the paths\n`,
    );
    return 1;
  }
  return 0;
}

function runRewrite(paths: readonly string[], parsed: Parsed, out: Output, err: Output): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { rewrite } = require('./rewrite') as typeof RewriteModule;
  const dryRun = parsed.values['dry-run'] === true;
  const report = rewrite(paths, {
    dryRun,
    tracerName: parsed.values['tracer-name'],
    onProgress: progressReporter(err),
  });
  if (dryRun) out.write(formatDiff(report));
  out.write(formatRewrite(report, dryRun));
  return 0;
}

function toJson(report: ScanReport): unknown {
  return {
    remaining: report.remaining,
    adapters: report.adapters,
    filesScanned: report.filesScanned,
    totals: report.totals,
    files: report.files.map((file) => ({ ...file, file: relative(process.cwd(), file.file) })),
    skipped: report.skipped.map((skipped) => ({
      ...skipped,
      file: relative(process.cwd(), skipped.file),
    })),
    notes: report.notes,
  };
}

/**
 * The table's column for each kind of usage, in order. A record, so that a new kind cannot be
 * counted in the total without a column of its own.
 */
const COLUMN_TITLES: Readonly<Record<UsageKind, string>> = {
  import: 'import',
  globalTracer: 'global',
  initGlobalTracer: 'init',
  startSpan: 'start',
  setTag: 'tag',
  log: 'log',
  finish: 'finish',
  inject: 'inject',
  extract: 'extract',
  baggage: 'baggage',
  tags: 'Tags.*',
  formats: 'FORMAT_*',
  references: 'refs',
  other: 'other',
};
const COLUMNS = Object.entries(COLUMN_TITLES) as [UsageKind, string][];

/** The scan as a table: one row per file, then the totals (no table when nothing is left). */
export function formatScan(report: ScanReport): string {
  const withUsages = report.files.filter((file) => file.total > 0);
  const summary = [
    `${report.remaining} OpenTracing usages in ${withUsages.length} of ${report.filesScanned} files`,
    ...(report.adapters > 0
      ? [`${report.adapters} boundary adapter(s) left (// ot-migrate: boundary; not counted above)`]
      : []),
    ...formatSkipped(report.skipped),
    ...formatNotes(report.notes),
    '',
  ];
  if (report.files.length === 0) return summary.join('\n');
  const header = ['file', 'total', ...COLUMNS.map(([, title]) => title)];
  const rows = report.files.map((file) => [
    relative(process.cwd(), file.file) +
      (file.untyped > 0 ? ` (${file.untyped} untyped)` : '') +
      (file.adapters > 0 ? ` (${file.adapters} adapters)` : ''),
    String(file.total),
    ...COLUMNS.map(([kind]) => String(file.counts[kind] || '')),
  ]);
  const totals = [
    'total',
    String(report.remaining),
    ...COLUMNS.map(([kind]) => String(report.totals[kind])),
  ];
  const table = [header, ...rows, totals];
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line), rule, line(totals), '', ...summary].join('\n');
}

/** What the rewrite did: only the parts that have something in them. */
function formatRewrite({ files, skipped, notes }: RewriteReport, dryRun: boolean): string {
  // A file migrated by an earlier run, left with its public API's adapters, is not rewritten again.
  const rewritten = files.filter(
    (result) => result.outcome === 'rewritten' && result.after !== result.before,
  );
  const migrated = files.filter(
    (result) => result.outcome === 'rewritten' && result.after === result.before,
  );
  const todo = files.filter((result) => result.outcome === 'todo');
  const lines: string[] = [];
  if (rewritten.length > 0) {
    lines.push(
      `${dryRun ? 'would rewrite' : 'rewrote'} ${rewritten.length} file(s) to @opentelemetry/api:`,
      ...rewritten.flatMap((result) => [
        `  ${relative(process.cwd(), result.file)}${result.adapters ? ` (${result.adapters} boundary adapter(s): grep 'ot-migrate: boundary')` : ''}`,
        // Rewritten, with a TODO where the new code still needs a decision.
        ...result.todos.map((reason) => `    - TODO: ${reason}`),
      ]),
    );
  }
  if (migrated.length > 0) {
    lines.push(
      `${migrated.length} file(s) already on @opentelemetry/api, with boundary adapters left (grep 'ot-migrate: boundary'):`,
      ...migrated.map((result) => `  ${relative(process.cwd(), result.file)}`),
    );
  }
  if (todo.length > 0) {
    lines.push(
      dryRun
        ? `${todo.length} file(s) need a decision (TODO comments not written: dry run):`
        : `${todo.length} file(s) need a decision (see the // TODO(ot-migrate) comments):`,
      ...todo.flatMap((result) => [
        `  ${relative(process.cwd(), result.file)}`,
        ...result.todos.map((reason) => `    - ${reason}`),
      ]),
    );
  }
  if (files.length === 0) lines.push('no OpenTracing usages found: nothing to rewrite');
  return [...lines, ...formatSkipped(skipped), ...formatNotes(notes), ''].join('\n');
}

/** Things the report says besides (a config file read with default options). */
function formatNotes(notes: readonly string[]): string[] {
  return notes.map((note) => `note: ${note.replace(process.cwd() + '/', '')}`);
}

/** The files left alone, each with the reason; nothing when there are none. */
function formatSkipped(skipped: readonly SkippedFile[]): string[] {
  if (skipped.length === 0) return [];
  return [
    `skipped ${skipped.length} file(s):`,
    ...skipped.map(({ file, reason }) => `  ${relative(process.cwd(), file)}: ${reason}`),
  ];
}

function formatDiff({ files }: RewriteReport): string {
  return files
    .filter((result) => result.after !== result.before)
    .map((result) => {
      const name = relative(process.cwd(), result.file);
      return createTwoFilesPatch(`a/${name}`, `b/${name}`, result.before, result.after);
    })
    .join('');
}

/** A progress bar on a terminal, for trees large enough to wait on; nothing otherwise. */
function progressReporter(
  stream: NodeJS.WriteStream | { isTTY?: boolean; write(text: string): unknown },
) {
  if (!stream.isTTY) return undefined;
  let last = -1;
  return (done: number, total: number): void => {
    if (total < 50) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === last && done !== total) return;
    last = percent;
    const width = 30;
    const filled = Math.round((done / total) * width);
    stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} files`);
    if (done === total) stream.write('\n');
  };
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((status) => (process.exitCode = status));
}
