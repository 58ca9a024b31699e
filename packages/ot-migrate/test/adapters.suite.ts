// Boundary adapters (issue #13): a library whose public API takes OpenTracing objects from callers
// outside the paths, and that calls a legacy helper, moves on its own; a later run with the helper
// among the paths removes the adapter towards it. The rewritten code type-checks and gives the same
// spans, in one trace, with the callers still on OpenTracing through the bridge.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from '../src/cli';
import type { RewriteReport } from '../src/rewrite';
import { rewrite } from '../src/rewrite';
import { scan } from '../src/scan';
import { typeErrorsOf } from './support/type-errors';
import { ADAPTER_PROJECT, writeAdapterProject } from './support/adapter-project';
import { runProject } from './support/run-project';
import { comparableSpans } from '../../../test/support/compare-spans';

let root: string;
/** The project as written. */
let original: string;
/** After `rewrite lib`. */
let first: string;
/** After `rewrite lib`, then `rewrite lib legacy`. */
let second: string;
let firstReport: RewriteReport;
let secondReport: RewriteReport;

beforeAll(() => {
  root = mkdtempSync(join(__dirname, '..', '.scratch-adapters-'));
  original = join(root, 'original');
  first = join(root, 'first');
  second = join(root, 'second');
  writeAdapterProject(original);
  cpSync(original, first, { recursive: true });
  firstReport = rewrite([join(first, 'lib')], { tracerName: 'lib' });
  cpSync(first, second, { recursive: true });
  secondReport = rewrite([join(second, 'lib'), join(second, 'legacy')], { tracerName: 'lib' });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

it('moves a library on its own, converting at its public API and towards legacy code', () => {
  expect(firstReport.groups).toEqual([
    { files: [join(first, 'lib/client.ts')], outcome: 'rewritten', adapters: 8 },
    // A public API's span kept in `AsyncLocalStorage<Span>`: the store holds OTel spans once the
    // file's types are, so the span is converted at the entry only.
    { files: [join(first, 'lib/storage.ts')], outcome: 'rewritten', adapters: 1 },
  ]);
  expect(firstReport.files.map((file) => [file.outcome, file.adapters, file.todos])).toEqual([
    ['rewritten', 8, []],
    ['rewritten', 1, []],
  ]);
  expect(read(first, 'lib/storage.ts')).toContain(
    'otelSpanFrom(legacySpan); // ot-migrate: boundary',
  );
  const lib = read(first, 'lib/client.ts');
  // The public types stay OpenTracing's: the callers are outside.
  expect(lib).toContain(`export interface ClientOptions {
  tracer: LegacyTracer;`);
  // An options object: the tracer is converted where the constructor reads it.
  expect(lib).toContain(
    '    this.tracer = otelTracerFrom(options.tracer); // ot-migrate: boundary\n',
  );
  // A positional tracer: converted once at the entry, the body uses the OTel one.
  expect(lib).toContain(`export function traceQuery(legacyTracer: LegacyTracer, sql: string): void {
  const tracer = otelTracerFrom(legacyTracer); // ot-migrate: boundary
  const span = tracer.startSpan('query', { attributes: { 'db.system': 'postgresql' } });`);
  // A span parameter, tagged and the parent of a new span.
  expect(lib)
    .toContain(`  const parentSpan = otelSpanFrom(legacyParentSpan); // ot-migrate: boundary
  const tracer = otelTracerFrom(legacyTracer); // ot-migrate: boundary
  parentSpan.setAttribute('request.path', path);
  const span = tracer.startSpan('handle', {}, trace.setSpan(context.active(), parentSpan));`);
  // A span parameter that may be missing: no parent when it is, as before.
  expect(lib)
    .toContain(`  const parent = legacyParent && otelSpanFrom(legacyParent); // ot-migrate: boundary
  const span = tracer.startSpan(name, {}, parent ? trace.setSpan(context.active(), parent) : undefined);`);
  // A legacy span received back from code outside the paths.
  expect(lib).toContain(`    const request = otelSpanFrom(currentRequest()); // ot-migrate: boundary
    request.setAttribute('client.called', true);
    const span = this.tracer.startSpan(operation, {}, trace.setSpan(context.active(), request));`);
  // A legacy callee outside the paths gets an OpenTracing span over the OTel one.
  expect(lib).toContain('    audit(legacySpanFrom(span), operation); // ot-migrate: boundary\n');
  expect(lib).toContain(
    "import { legacySpanFrom, otelSpanFrom, otelTracerFrom } from 'opentracing-otel-bridge';\n",
  );
  // The types, and only them, still come from opentracing.
  expect(lib).toContain(
    "import type { Span as LegacySpan, Tracer as LegacyTracer } from 'opentracing'; // ot-migrate: boundary\n",
  );
  expect(lib.match(/from 'opentracing'/g)).toHaveLength(1);
  expect(lib).toContain(
    'export function handle(legacyParentSpan: LegacySpan, legacyTracer: LegacyTracer, path: string): void {',
  );
  // Nothing else changed.
  expect(read(first, 'legacy/audit.ts')).toBe(ADAPTER_PROJECT['legacy/audit.ts']);
  expect(read(first, 'app/main.ts')).toBe(ADAPTER_PROJECT['app/main.ts']);
  expect(read(first, 'vendor/request.ts')).toBe(ADAPTER_PROJECT['vendor/request.ts']);
});

it('changes nothing when run again', () => {
  const again = rewrite([join(first, 'lib')], { tracerName: 'lib', dryRun: true });
  expect(again.files.filter((file) => file.after !== file.before)).toEqual([]);
  const againSecond = rewrite([join(second, 'lib'), join(second, 'legacy')], {
    tracerName: 'lib',
    dryRun: true,
  });
  expect(againSecond.files.filter((file) => file.after !== file.before)).toEqual([]);
}, 60_000);

it('removes the adapter towards a callee migrated since; those of the public API stay', () => {
  expect(secondReport.groups.filter((group) => group.outcome === 'rewritten')).toEqual([
    {
      files: [join(second, 'legacy/audit.ts'), join(second, 'lib/client.ts')],
      outcome: 'rewritten',
    },
    // Moved on the first run, with its public API's adapter: nothing more to do.
    { files: [join(second, 'lib/storage.ts')], outcome: 'rewritten' },
  ]);
  const lib = read(second, 'lib/client.ts');
  expect(lib).toContain('    audit(span, operation);\n');
  expect(lib).toContain(
    "import { otelSpanFrom, otelTracerFrom } from 'opentracing-otel-bridge';\n",
  );
  expect(lib).not.toContain('legacySpanFrom');
  // Seven adapters, and the import of the public API's types.
  expect(lib.match(/\/\/ ot-migrate: boundary/g)).toHaveLength(8);
  expect(read(second, 'legacy/audit.ts')).toContain("span.setAttribute('audit.action', action);");
});

it('counts the adapters in scan, not as usages left', () => {
  const report = scan([join(first, 'lib/client.ts')]);
  expect(report.adapters).toBe(8);
  // The import of the public API's types is part of its boundary: nothing is left.
  expect(report.remaining).toBe(0);
  expect(scan([join(second, 'lib/client.ts')]).adapters).toBe(7);
});

it('removes the adapters of a public API once its callers come among the paths and move', async () => {
  const third = join(root, 'third');
  cpSync(second, third, { recursive: true });
  const report = rewrite([join(third, 'lib'), join(third, 'app')], { tracerName: 'lib' });
  expect(report.groups.map((group) => group.outcome)).toEqual(['rewritten', 'rewritten']);
  const lib = read(third, 'lib/client.ts');
  // The parameters get their names and OpenTelemetry's types back; the import of the legacy types goes.
  expect(lib).toContain(
    'export function handle(parentSpan: Span, tracer: Tracer, path: string): void {\n  parentSpan.setAttribute',
  );
  expect(lib).not.toContain('LegacyTracer');
  expect(lib).not.toContain('otelTracerFrom');
  expect(lib).not.toMatch(/from 'opentracing'/);
  // What comes from the framework (vendor/, outside the paths) is still converted.
  expect(lib).toContain('otelSpanFrom(currentRequest()); // ot-migrate: boundary');
  const files = ['lib/client.ts', 'lib/storage.ts', 'app/main.ts'].map((file) => join(third, file));
  expect(typeErrorsOf(files, (file) => relative(third, file))).toEqual([]);
  const before = comparableSpans(await runProject(original, 'app/main.ts'));
  expect(comparableSpans(await runProject(third, 'app/main.ts'))).toEqual(before);
  // And a run after that changes nothing.
  const again = rewrite([join(third, 'lib'), join(third, 'app')], {
    tracerName: 'lib',
    dryRun: true,
  });
  expect(again.files.filter((file) => file.after !== file.before)).toEqual([]);
}, 60_000);

it.each([
  ['first', () => first],
  ['second', () => second],
])('produces code that type-checks (%s run)', (_, dir) => {
  const files = Object.keys(ADAPTER_PROJECT)
    .filter((file) => file.endsWith('.ts') && !file.startsWith('node_modules'))
    .map((file) => join(dir(), file));
  expect(typeErrorsOf(files, (file) => relative(root, file))).toEqual([]);
});

it('gives the same spans, one trace across the boundary', async () => {
  const before = await runProject(original, 'app/main.ts');
  expect(before.map((span) => span.name)).toEqual([
    'handle',
    'query',
    'charge',
    'step',
    'GET /orders',
    'orphan step',
  ]);
  const expected = comparableSpans(before);
  for (const dir of [first, second]) {
    const after = await runProject(dir, 'app/main.ts');
    expect(comparableSpans(after)).toEqual(expected);
    // The library's spans are in the trace of the caller's request.
    const request = after.find((span) => span.name === 'GET /orders')!;
    const handle = after.find((span) => span.name === 'handle')!;
    expect(handle.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(handle.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    // The legacy helper tagged the library's span through legacySpanFrom.
    const charge = after.find((span) => span.name === 'charge')!;
    expect(charge.attributes['audit.action']).toBe('charge');
    // The request span the framework handed back: tagged, and the parent.
    expect(charge.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(request.attributes['client.called']).toBe(true);
  }
}, 60_000);

it('says in the CLI report how many adapters a rewritten file got', () => {
  const dir = join(root, 'cli');
  writeAdapterProject(dir);
  let out = '';
  const status = main(['rewrite', join(dir, 'lib'), '--dry-run'], {
    write: (text: string) => (out += text),
  });
  expect(status).toBe(0);
  expect(out).toContain(
    `  ${relative(process.cwd(), join(dir, 'lib/client.ts'))} (8 boundary adapter(s): grep 'ot-migrate: boundary')\n`,
  );
}, 60_000);
