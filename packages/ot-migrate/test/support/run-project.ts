// The fixture projects of test/projects, run through the bridge: for the checks that they mean
// something (projects.suite.ts), and for the equivalence check of a rewrite, which runs a project
// before and after and compares the spans.
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  BaggageToAttributesProcessor,
  installGlobalTracer,
  uninstallGlobalTracer,
} from '../../../../src';
import { comparableSpans } from '../../../../test/support/compare-spans';
import type { TestOtel } from '../../../../test/support/otel';
import { setUpOtel } from '../../../../test/support/otel';

/** Where the projects are. */
export const PROJECTS_DIR = join(__dirname, '..', 'projects');

/** A fixture project: its entry (which exports `run()`) and its stand-ins for the framework. */
export interface ProjectInfo {
  entry: string;
  /** The compiler configuration it is checked with. */
  config: 'tsconfig.json' | 'jsconfig.json';
  /** The files that play the framework: no OpenTracing in them. */
  standIns: string[];
}

export const PROJECTS: Readonly<Record<string, ProjectInfo>> = {
  'graphql-plugin': { entry: 'scenario.ts', config: 'tsconfig.json', standIns: ['apollo.ts'] },
  'nest-middleware': {
    entry: 'scenario.ts',
    config: 'tsconfig.json',
    standIns: ['nest.ts', 'http-client.ts'],
  },
  'message-framework': { entry: 'scenario.ts', config: 'tsconfig.json', standIns: ['broker.ts'] },
  'grpc-interceptors': { entry: 'scenario.ts', config: 'tsconfig.json', standIns: ['grpc.ts'] },
  'auto-instrumentation': {
    entry: 'scenario.ts',
    config: 'tsconfig.json',
    standIns: ['clients.ts'],
  },
  'jsdoc-service': { entry: 'scenario.js', config: 'jsconfig.json', standIns: ['gateway.js'] },
};

/**
 * Baggage entries copied onto every span started where they are in the context, so that a
 * comparison sees the baggage wherever it travels, not only where the code reads it.
 */
export const BAGGAGE_ATTRIBUTES = ['tenant', 'order.id'];

let otel: TestOtel | undefined;

/**
 * The SDK the projects run on, installed as the OpenTelemetry globals on first use (the globals
 * can be set once per test file: a test file that runs projects uses this one, not its own).
 */
export function projectOtel(): TestOtel {
  otel ??= setUpOtel({ spanProcessors: [new BaggageToAttributesProcessor(BAGGAGE_ATTRIBUTES)] });
  return otel;
}

/**
 * Runs `run()` of a project's entry with the bridge installed as OpenTracing's global tracer, and
 * returns the spans that ended, in end order. Code already rewritten to @opentelemetry/api gets
 * its spans from the same SDK, so a project runs the same way before and after a rewrite.
 * @param dir - the project's directory (a copy of it, for a rewrite).
 * @param entry - its entry file; default: the one {@link PROJECTS} names for the directory.
 */
export async function runProject(dir: string, entry = entryOf(dir)): Promise<ReadableSpan[]> {
  const sdk = projectOtel();
  sdk.install();
  sdk.reset();
  installGlobalTracer({ semanticConventions: 'otel' });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known at run time
    const { run } = require(join(dir, entry)) as { run: () => Promise<void> };
    await run();
  } finally {
    uninstallGlobalTracer();
  }
  return sdk.spans();
}

/** A project's spans as {@link comparableSpans} gives them: for a before/after comparison. */
export async function projectSpans(dir: string, entry = entryOf(dir)): Promise<unknown[]> {
  return comparableSpans(await runProject(dir, entry));
}

function entryOf(dir: string): string {
  const name = dir.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const project = PROJECTS[name];
  if (project === undefined) throw new Error(`no entry known for ${dir}: give it`);
  return project.entry;
}

/**
 * The traces as an indented outline, one line per span, children under their parent in start
 * order: `name (kind)`, the kind left out when internal, then ` ERROR` for an error status,
 * ` <- remote` for a parent from another process, and ` ~follows_from~> name` for each link
 * (the ChildOf link the bridge adds for the parent aside).
 */
export function traceOutline(spans: readonly ReadableSpan[]): string[] {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const children = new Map<ReadableSpan | undefined, ReadableSpan[]>();
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    const parent = parentId === undefined ? undefined : byId.get(parentId);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const started = (a: ReadableSpan, b: ReadableSpan) =>
    a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];
  const lines: string[] = [];
  const visit = (span: ReadableSpan, depth: number) => {
    const kind = span.kind === SpanKind.INTERNAL ? '' : ` (${SpanKind[span.kind].toLowerCase()})`;
    const error = span.status.code === SpanStatusCode.ERROR ? ' ERROR' : '';
    const remote = span.parentSpanContext && depth === 0 ? ' <- remote' : '';
    const links = span.links
      .filter(
        (link) =>
          link.attributes?.['opentracing.ref_type'] !== 'child_of' ||
          link.context.spanId !== span.parentSpanContext?.spanId,
      )
      .map((link) => {
        const target = byId.get(link.context.spanId)?.name ?? '<remote>';
        return ` ~${String(link.attributes?.['opentracing.ref_type'])}~> ${target}`;
      })
      .join('');
    lines.push(`${'  '.repeat(depth)}${span.name}${kind}${error}${remote}${links}`);
    for (const child of (children.get(span) ?? []).sort(started)) visit(child, depth + 1);
  };
  for (const root of (children.get(undefined) ?? []).sort(started)) visit(root, 0);
  return lines;
}
