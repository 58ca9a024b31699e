import { nodeProcess } from '../internal/node-globals';
import { SpanStatusCode } from '../internal/otel-api';
import { ATTR_EXCEPTION_MESSAGE, ATTR_SERVICE_NAME } from '../conventions/attribute-names';
import type { ExportResultLike, FinishedSpan } from './finished-span';

/** Options of {@link TraceTreeExporter}. */
export interface TraceTreeExporterOptions {
  /** Where to print. Default: `process.stdout` in Node, the console elsewhere. */
  output?: { write(text: string): unknown; isTTY?: boolean };
  /** Colours: default on for a terminal without `NO_COLOR`, off otherwise. */
  colors?: boolean;
  /** Attributes to show on every span line, e.g. the ones copied from baggage (`['user.id']`). */
  showAttributes?: readonly string[];
  /** Width of the duration bars, in characters. Default 30. */
  barWidth?: number;
}

// Indexed by SpanKind: INTERNAL 0, SERVER 1, CLIENT 2, PRODUCER 3, CONSUMER 4.
const KIND_NAMES = ['internal', 'server', 'client', 'producer', 'consumer'];
const ANSI = {
  reset: '\x1b[0m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  red: '\x1b[31m',
  cyan: '\x1b[36m',
  yellow: '\x1b[33m',
};

/** Where the exporter prints outside Node (a browser's console): one log call per flush. */
const CONSOLE_OUTPUT = {
  write: (text: string) => console.log(text.replace(/\n$/, '')),
};

interface Node {
  span: FinishedSpan;
  children: Node[];
  startMs: number;
  durationMs: number;
}

/**
 * A development exporter that prints traces in the terminal the way a tracing backend shows them:
 * the service catalog (services and their operations), each trace as an indented timeline
 * (offset, duration bar, service, operation, kind, error marks, links — but not the ChildOf link
 * the bridge records to a span's parent — and chosen attributes), and
 * the time spent in each service (self time: a span's duration minus its children's).
 *
 * It keeps spans until `forceFlush()` or `shutdown()` and then prints every trace it holds, so use
 * it with a `SimpleSpanProcessor` and flush when the work is done. Not for production.
 *
 * ```ts
 * new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new TraceTreeExporter({ showAttributes: ['user.id'] }))] });
 * ```
 */
export class TraceTreeExporter {
  private readonly _spans: FinishedSpan[] = [];
  private readonly _output: { write(text: string): unknown; isTTY?: boolean };
  private readonly _colors: boolean;
  private readonly _showAttributes: readonly string[];
  private readonly _barWidth: number;
  private _stopped = false;

  /** @param options - where and how to print. */
  constructor(options: TraceTreeExporterOptions = {}) {
    const node = nodeProcess();
    this._output = options.output ?? node?.stdout ?? CONSOLE_OUTPUT;
    this._colors =
      options.colors ?? (this._output.isTTY === true && node?.env?.NO_COLOR === undefined);
    this._showAttributes = options.showAttributes ?? [];
    this._barWidth = Math.max(10, options.barWidth ?? 30);
  }

  /** Keeps the spans until the next flush. */
  export(spans: FinishedSpan[], resultCallback: (result: ExportResultLike) => void): void {
    if (this._stopped)
      return resultCallback({ code: 1, error: new Error('TraceTreeExporter is shut down') });
    this._spans.push(...spans);
    resultCallback({ code: 0 });
  }

  /** Prints every trace held so far, then forgets them. */
  forceFlush(): Promise<void> {
    if (this._spans.length > 0) this._output.write(this.render(this._spans.splice(0)));
    return Promise.resolve();
  }

  /** Prints what is left and stops accepting spans. */
  async shutdown(): Promise<void> {
    await this.forceFlush();
    this._stopped = true;
  }

  /** The text printed for these spans: catalog, then each trace, then time per service. */
  render(spans: readonly FinishedSpan[]): string {
    const lines = [...this._catalog(spans), ''];
    const traces = new Map<string, FinishedSpan[]>();
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      traces.set(traceId, [...(traces.get(traceId) ?? []), span]);
    }
    for (const [traceId, traceSpans] of traces)
      lines.push(...this._trace(traceId, traceSpans, spans), '');
    return `${lines.join('\n')}\n`;
  }

  private _catalog(spans: readonly FinishedSpan[]): string[] {
    const operations = new Map<string, Set<string>>();
    for (const span of spans) {
      const service = serviceOf(span);
      const set = operations.get(service) ?? new Set<string>();
      set.add(`${span.name} (${KIND_NAMES[span.kind] ?? 'internal'})`);
      operations.set(service, set);
    }
    const width = Math.max(...[...operations.keys()].map((service) => service.length));
    return [
      this._paint('Services', ANSI.bold),
      ...[...operations.keys()]
        .sort()
        .map(
          (service) =>
            `  ${this._paint(service.padEnd(width), ANSI.cyan)}  ${[...operations.get(service)!].sort().join(', ')}`,
        ),
    ];
  }

  private _trace(
    traceId: string,
    spans: readonly FinishedSpan[],
    all: readonly FinishedSpan[],
  ): string[] {
    const nodes = new Map<string, Node>();
    for (const span of spans) {
      nodes.set(span.spanContext().spanId, {
        span,
        children: [],
        startMs: hrToMs(span.startTime),
        durationMs: hrToMs(span.duration),
      });
    }
    const roots: Node[] = [];
    for (const node of nodes.values()) {
      const parent = nodes.get(parentIdOf(node.span) ?? '');
      (parent ? parent.children : roots).push(node);
    }
    const byStart = (a: Node, b: Node) => a.startMs - b.startMs;
    roots.sort(byStart);
    for (const node of nodes.values()) node.children.sort(byStart);
    const start = Math.min(...[...nodes.values()].map((node) => node.startMs));
    const end = Math.max(...[...nodes.values()].map((node) => node.startMs + node.durationMs));
    const total = Math.max(end - start, 0.001);
    const errors = spans.filter(isError).length;
    const services = new Set(spans.map(serviceOf));

    const lines = [
      this._paint(
        `Trace ${traceId} · ${spans.length} spans · ${services.size} services · ${formatMs(total)}${errors > 0 ? ` · ${errors} error${errors > 1 ? 's' : ''}` : ''}`,
        ANSI.bold,
      ),
    ];
    const names = new Map(all.map((span) => [span.spanContext().spanId, span]));
    const visit = (node: Node, depth: number): void => {
      lines.push(this._spanLine(node, depth, start, total));
      const indent = ' '.repeat(20 + this._barWidth + depth * 2);
      for (const link of node.span.links) {
        const refType = link.attributes?.['opentracing.ref_type'];
        // The bridge also records a ChildOf parent as a link: the tree already shows it.
        if (refType === 'child_of' && link.context.spanId === parentIdOf(node.span)) continue;
        const target = names.get(link.context.spanId);
        const type = typeof refType === 'string' ? `${refType} ` : '';
        const label = target
          ? `${serviceOf(target)} · ${target.name}`
          : `span ${link.context.spanId}`;
        lines.push(`${indent}  ${this._paint(`↪ link ${type}→ ${label}`, ANSI.dim)}`);
      }
      for (const child of node.children) visit(child, depth + 1);
    };
    roots.forEach((root) => visit(root, 0));
    lines.push(`  time per service: ${this._selfTimes(nodes).join(' · ')}`);
    return lines;
  }

  private _spanLine(node: Node, depth: number, traceStart: number, total: number): string {
    const span = node.span;
    const offset = node.startMs - traceStart;
    const from = Math.min(this._barWidth - 1, Math.floor((offset / total) * this._barWidth));
    const length = Math.max(1, Math.round((node.durationMs / total) * this._barWidth));
    const bar = ' '.repeat(from) + '█'.repeat(Math.min(length, this._barWidth - from));
    const error = isError(span);
    const kind = KIND_NAMES[span.kind] ?? 'internal';
    const attributes = this._showAttributes
      .filter((key) => span.attributes[key] !== undefined)
      .map((key) => `${key}=${String(span.attributes[key])}`);
    const mark = error ? this._paint(` ✗ ERROR${errorMessage(span)}`, ANSI.red) : '';
    return [
      `  ${formatMs(offset).padStart(9)} ${formatMs(node.durationMs).padStart(9)} `,
      `|${this._paint(bar.padEnd(this._barWidth), error ? ANSI.red : ANSI.yellow)}| `,
      `${'  '.repeat(depth)}${this._paint(serviceOf(span), ANSI.cyan)} · ${span.name} [${kind}]`,
      mark,
      attributes.length > 0 ? `  ${this._paint(attributes.join(' '), ANSI.dim)}` : '',
    ].join('');
  }

  private _selfTimes(nodes: Map<string, Node>): string[] {
    const perService = new Map<string, number>();
    for (const node of nodes.values()) {
      const childTime = node.children.reduce((sum, child) => sum + child.durationMs, 0);
      const self = Math.max(0, node.durationMs - childTime);
      const service = serviceOf(node.span);
      perService.set(service, (perService.get(service) ?? 0) + self);
    }
    return [...perService.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([service, ms]) => `${service} ${formatMs(ms)}`);
  }

  private _paint(text: string, colour: string): string {
    return this._colors ? `${colour}${text}${ANSI.reset}` : text;
  }
}

function serviceOf(span: FinishedSpan): string {
  const name = span.resource.attributes[ATTR_SERVICE_NAME];
  return typeof name === 'string' ? name : 'unknown_service';
}

function parentIdOf(span: FinishedSpan): string | undefined {
  return span.parentSpanContext?.spanId ?? span.parentSpanId;
}

function isError(span: FinishedSpan): boolean {
  return span.status.code === SpanStatusCode.ERROR;
}

function errorMessage(span: FinishedSpan): string {
  const exception = span.events.find((event) => event.name === 'exception');
  const message = exception?.attributes?.[ATTR_EXCEPTION_MESSAGE] ?? span.status.message;
  return typeof message === 'string' && message !== '' ? `: ${message}` : '';
}

function hrToMs([seconds, nanos]: readonly [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}

function formatMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}
