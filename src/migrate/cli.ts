#!/usr/bin/env node
// ot-migrate: measure what OpenTracing code is left (scan) and rewrite what is safe (rewrite).
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTsMorph } from './load-ts-morph';
import type * as DiffModule from 'diff';
import type * as RewriteModule from './rewrite';
import type { SkippedFile } from './files';
import type { RewriteReport } from './rewrite';
import type * as ScanModule from './scan';
import type { ScanReport } from './scan';

const USAGE = `Usage:
  ot-migrate scan <paths…> [--json] [--max-remaining N]
  ot-migrate rewrite <paths…> [--dry-run] [--tracer-name NAME]

scan      counts OpenTracing usages per file (.ts .tsx .js .mjs .cjs); --max-remaining N exits
          with status 1 when more than N are left, for CI gates.
rewrite   rewrites what is safe to @opentelemetry/api and leaves "// TODO(ot-migrate): why"
          comments elsewhere; --dry-run prints the diff instead of writing.`;

/** Where the CLI writes: stdout and stderr, or a test's stand-ins. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Runs the CLI with the given arguments; returns the exit status. */
export function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        'max-remaining': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'tracer-name': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...paths] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    (parsed.values.help ? out : err).write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  if ((command !== 'scan' && command !== 'rewrite') || paths.length === 0) {
    err.write(`${USAGE}\n`);
    return 2;
  }
  try {
    loadTsMorph();
    const progress = progressReporter(err);
    if (command === 'scan') {
      const maxRemaining = parsed.values['max-remaining'];
      const limit = maxRemaining === undefined ? undefined : Number(maxRemaining);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
        err.write('--max-remaining takes a whole number\n');
        return 2;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { scan } = require('./scan') as typeof ScanModule;
      const report = scan(paths, { onProgress: progress });
      out.write(
        parsed.values.json ? `${JSON.stringify(toJson(report), null, 2)}\n` : formatScan(report),
      );
      if (limit !== undefined && report.remaining > limit) {
        err.write(
          `ot-migrate: ${report.remaining} OpenTracing usages left, more than --max-remaining ${limit}\n`,
        );
        return 1;
      }
      return 0;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { rewrite } = require('./rewrite') as typeof RewriteModule;
    const dryRun = parsed.values['dry-run'] === true;
    const report = rewrite(paths, {
      dryRun,
      tracerName: parsed.values['tracer-name'],
      onProgress: progress,
    });
    if (dryRun) out.write(formatDiff(report));
    out.write(formatRewrite(report, dryRun));
    return 0;
  } catch (error) {
    err.write(`ot-migrate: ${(error as Error).message}\n`);
    return 2;
  }
}

function toJson(report: ScanReport): unknown {
  return {
    remaining: report.remaining,
    filesScanned: report.filesScanned,
    totals: report.totals,
    files: report.files.map((file) => ({ ...file, file: relative(process.cwd(), file.file) })),
    skipped: report.skipped.map((skipped) => ({
      ...skipped,
      file: relative(process.cwd(), skipped.file),
    })),
  };
}

const COLUMNS: [keyof ScanReport['totals'], string][] = [
  ['import', 'import'],
  ['globalTracer', 'global'],
  ['startSpan', 'start'],
  ['setTag', 'tag'],
  ['log', 'log'],
  ['finish', 'finish'],
  ['inject', 'inject'],
  ['extract', 'extract'],
  ['baggage', 'baggage'],
  ['tags', 'Tags.*'],
  ['formats', 'FORMAT_*'],
  ['references', 'refs'],
  ['other', 'other'],
];

/** The scan as a table: one row per file, then the totals. */
export function formatScan(report: ScanReport): string {
  const header = ['file', 'total', ...COLUMNS.map(([, title]) => title)];
  const rows = report.files.map((file) => [
    relative(process.cwd(), file.file) + (file.untyped > 0 ? ` (${file.untyped} untyped)` : ''),
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
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    line(totals),
    '',
    `${report.remaining} OpenTracing usages in ${report.files.length} of ${report.filesScanned} files`,
    ...formatSkipped(report.skipped),
    '',
  ].join('\n');
}

function formatRewrite({ files: results, skipped }: RewriteReport, dryRun: boolean): string {
  const rewritten = results.filter((result) => result.outcome === 'rewritten');
  const todo = results.filter((result) => result.outcome === 'todo');
  const lines = [
    `${dryRun ? 'would rewrite' : 'rewrote'} ${rewritten.length} file(s) to @opentelemetry/api`,
    ...rewritten.map((result) => `  ${relative(process.cwd(), result.file)}`),
    `${todo.length} file(s) need a decision (see the // TODO(ot-migrate) comments):`,
    ...todo.flatMap((result) => [
      `  ${relative(process.cwd(), result.file)}`,
      ...result.todos.map((reason) => `    - ${reason}`),
    ]),
    ...formatSkipped(skipped),
    '',
  ];
  return lines.join('\n');
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTwoFilesPatch } = require('diff') as typeof DiffModule;
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));
