// `ot-migrate traces`: collect OTLP/HTTP spans on loopback for a while (or read a stored
// collection back), then report. The collection shows its progress on stderr; the report goes to
// stdout (text, or `--json`), and to a file with `--html`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseAttributes, parseDurationMs, parseTime, type ReportFilters } from './filters';
import { refusedRequests, startReceiver, type Receiver } from './receiver';
import { renderHtml } from './render-html';
import { renderText } from './render-text';
import { buildReport } from './report';
import type { CollectedSpan, TracesReport } from './report-model';
import { DEFAULT_MAX_SPANS, SpanBuffer } from './span-buffer';
import { SpanFileWriter, readSpanFile } from './store';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  duration: { type: 'string' },
  out: { type: 'string' },
  'max-spans': { type: 'string' },
  'from-file': { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  graph: { type: 'string' },
  'fail-on-broken': { type: 'boolean' },
  service: { type: 'string', multiple: true },
  operation: { type: 'string', multiple: true },
  attribute: { type: 'string', multiple: true },
  'min-duration': { type: 'string' },
  'max-duration': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'bridge-scope': { type: 'string', multiple: true },
} as const;

/** Where the command writes: stdout and stderr, or a test's stand-ins. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** What a caller other than the terminal can hook into (the tests). */
export interface TracesHooks {
  /** Called once the receiver listens, with its URL. */
  onListening?(url: string): void;
  /** Stops the collection when aborted, as SIGINT does. */
  stop?: AbortSignal;
  /** How often progress is shown, ms. Default 1 s on a terminal, 10 s otherwise. */
  progressEveryMs?: number;
}

/** A command-line mistake: the usage is shown with it, exit status 2. */
export class UsageError extends Error {}

interface Settings {
  host: string;
  port: number;
  durationMs: number | undefined;
  out: string | undefined;
  maxSpans: number;
  fromFile: string | undefined;
  json: boolean;
  html: string | undefined;
  graph: 'mermaid' | 'dot' | undefined;
  failOnBroken: boolean;
  filters: ReportFilters;
  bridgeScopes: string[];
}

/**
 * Runs `ot-migrate traces` with the arguments after `traces`; resolves to the exit status: 0, 1
 * when `--fail-on-broken` found a broken trace, 2 for a usage or I/O error.
 */
export async function runTraces(
  argv: readonly string[],
  out: Output,
  err: Output,
  hooks: TracesHooks = {},
): Promise<number> {
  let settings: Settings;
  try {
    settings = readSettings(argv);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
  let collected: Collected;
  try {
    collected = settings.fromFile
      ? await fromFile(settings, err)
      : await collect(settings, err, hooks);
  } catch (error) {
    err.write(`ot-migrate traces: ${(error as Error).message}\n`);
    return 2;
  }
  const report = buildReport(collected.spans, {
    filters: settings.filters,
    bridgeScopes: settings.bridgeScopes,
    spansDropped: collected.dropped,
    requestsRefused: collected.refused,
  });
  if (settings.graph) out.write(`${report.graph[settings.graph]}\n`);
  else out.write(settings.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
  if (settings.html) {
    try {
      writeFileSync(settings.html, renderHtml(report));
    } catch (error) {
      err.write(`ot-migrate traces: cannot write ${settings.html}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  return failed(settings, report, err) ? 1 : 0;
}

function failed(settings: Settings, report: TracesReport, err: Output): boolean {
  if (!settings.failOnBroken || report.broken.length === 0) return false;
  err.write(`ot-migrate traces: ${report.broken.length} broken trace(s) (--fail-on-broken)\n`);
  return true;
}

function readSettings(argv: readonly string[]): Settings {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
  });
  if (positionals.length > 0) {
    throw new UsageError(`traces takes no paths (got \`${positionals[0]}\`)`);
  }
  const whole = (option: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
      throw new UsageError(`--${option} takes a whole number of at least ${min}, not \`${text}\``);
    }
    return value;
  };
  const port = whole('port', values.port, 4318, 0);
  if (port > 65535) throw new UsageError(`--port takes a port number, not \`${values.port}\``);
  if (values.graph !== undefined && values.graph !== 'mermaid' && values.graph !== 'dot') {
    throw new UsageError(`--graph takes mermaid or dot, not \`${values.graph}\``);
  }
  if (values.graph !== undefined && values.json) {
    throw new UsageError('--graph and --json both choose what stdout gets: give one');
  }
  const fromFile = values['from-file'];
  if (fromFile !== undefined) {
    const listening = (['port', 'host', 'duration', 'out'] as const).find(
      (name) => values[name] !== undefined,
    );
    if (listening) throw new UsageError(`--${listening} is for listening, not with --from-file`);
  }
  const durationMs =
    values.duration === undefined
      ? undefined
      : parseDurationMs(values.duration, '--duration', 1000);
  if (durationMs !== undefined && durationMs <= 0) {
    throw new UsageError('--duration must be longer than 0');
  }
  const filters: ReportFilters = {};
  if (values.service?.length) filters.service = values.service;
  if (values.operation?.length) filters.operation = values.operation;
  if (values.attribute?.length) filters.attributes = parseAttributes(values.attribute);
  if (values['min-duration'] !== undefined) {
    filters.minDurationMs = parseDurationMs(values['min-duration'], '--min-duration');
  }
  if (values['max-duration'] !== undefined) {
    filters.maxDurationMs = parseDurationMs(values['max-duration'], '--max-duration');
  }
  if (values.since !== undefined) filters.from = parseTime(values.since, '--since');
  if (values.until !== undefined) filters.to = parseTime(values.until, '--until');
  return {
    host: values.host ?? '127.0.0.1',
    port,
    durationMs,
    out: values.out === '' ? undefined : (values.out ?? 'traces.jsonl'),
    maxSpans: whole('max-spans', values['max-spans'], DEFAULT_MAX_SPANS, 1),
    fromFile,
    json: values.json === true,
    html: values.html,
    graph: values.graph,
    failOnBroken: values['fail-on-broken'] === true,
    filters,
    bridgeScopes: values['bridge-scope'] ?? [],
  };
}

/** The longest delay setTimeout takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Collected {
  spans: CollectedSpan[];
  dropped: number;
  refused: number;
}

async function fromFile(settings: Settings, err: Output): Promise<Collected> {
  const path = settings.fromFile as string;
  const stored = await readSpanFile(path, settings.maxSpans);
  if (stored.skippedLines > 0) {
    err.write(
      `ot-migrate traces: ${stored.skippedLines} line(s) of ${path} are not spans: skipped\n`,
    );
  }
  return { spans: stored.spans, dropped: stored.dropped, refused: 0 };
}

/** Listens until the duration has passed, SIGINT/SIGTERM, or the hook's signal; then stops. */
async function collect(settings: Settings, err: Output, hooks: TracesHooks): Promise<Collected> {
  const buffer = new SpanBuffer(settings.maxSpans);
  const services = new Set<string>();
  let file: SpanFileWriter | undefined;
  let receiver: Receiver;
  try {
    receiver = await startReceiver({
      host: settings.host,
      port: settings.port,
      onSpans: (spans) => {
        // In memory first: the report does not depend on the disk.
        for (const span of spans) {
          buffer.add(span);
          services.add(span.service);
        }
        file?.append(spans);
      },
    });
  } catch (error) {
    throw new Error(
      `cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}`,
    );
  }
  // Created once the port is ours, so a run that cannot listen leaves the last collection alone;
  // created before any request can be read (no I/O runs between the listen and this line), so the
  // file holds every span. Spans that arrive while it opens are buffered by the stream.
  if (settings.out !== undefined) {
    file = new SpanFileWriter(settings.out);
    try {
      await file.ready();
    } catch (error) {
      await receiver.close();
      throw error;
    }
  }
  err.write(
    `ot-migrate traces: listening on ${receiver.url}/v1/traces` +
      (settings.durationMs === undefined
        ? ' until Ctrl-C'
        : ` for ${settings.durationMs / 1000} s`) +
      (file ? `, storing spans in ${file.path}` : '') +
      '\n',
  );
  hooks.onListening?.(receiver.url);

  const progress = () =>
    `${receiver.stats.spansReceived} span(s) from ${services.size} service(s), ` +
    `${refusedRequests(receiver.stats)} request(s) refused` +
    (buffer.dropped > 0 ? `, ${buffer.dropped} dropped at the cap` : '');
  const tty = err.isTTY === true;
  const ticker = setInterval(
    () => err.write(tty ? `\r${progress()}\u001b[K` : `ot-migrate traces: ${progress()}\n`),
    hooks.progressEveryMs ?? (tty ? 1000 : 10_000),
  );

  await new Promise<void>((resolve) => {
    // A timer waits at most 2^31-1 ms (24.8 days; longer fires at once): a longer --duration is
    // waited for in steps.
    const deadline =
      settings.durationMs === undefined ? undefined : Date.now() + settings.durationMs;
    let timer: NodeJS.Timeout | undefined;
    const wait = () => {
      const left = (deadline as number) - Date.now();
      if (left <= 0) done();
      else timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    };
    if (deadline !== undefined) wait();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    hooks.stop?.addEventListener('abort', done);
    if (hooks.stop?.aborted) done();
    function done(): void {
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      hooks.stop?.removeEventListener('abort', done);
      resolve();
    }
  });
  clearInterval(ticker);
  await receiver.close();
  err.write(
    `${tty ? '\r' : ''}ot-migrate traces: stopped: ${progress()}${tty ? '\u001b[K' : ''}\n`,
  );
  try {
    await file?.close();
  } catch (error) {
    // The spans are in memory: report them, and say the stored copy is incomplete.
    err.write(`ot-migrate traces: ${file?.path} is incomplete: ${(error as Error).message}\n`);
  }
  return {
    spans: buffer.spans(),
    dropped: buffer.dropped,
    refused: refusedRequests(receiver.stats),
  };
}
