// Files that hand spans and tracers to each other move together (issue #13): one small project of
// independent cases (test/support/group-project.ts), rewritten once. The output type-checks, runs
// with the same spans as the original did through the bridge, and a second run changes nothing.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installGlobalTracer, uninstallGlobalTracer } from '../../../src';
import { main } from '../src/cli';
import type { RewriteReport } from '../src/rewrite';
import { TODO_MARKER, rewrite } from '../src/rewrite';
import { comparableSpans } from '../../../test/support/compare-spans';
import { setUpOtel } from '../../../test/support/otel';
import { PROJECT, RUNNABLE } from './support/group-project';
import { typeErrorsOf } from './support/type-errors';

const otel = setUpOtel();
// Its test file runs other suites too (rules.test.ts, runs.test.ts): this SDK is installed for this one.
beforeAll(() => otel.install());
let root: string;
let original: string;
let migrated: string;
let report: RewriteReport;

function writeProject(directory: string): void {
  for (const [file, text] of Object.entries(PROJECT)) {
    mkdirSync(dirname(join(directory, file)), { recursive: true });
    writeFileSync(join(directory, file), text);
  }
}

beforeAll(() => {
  // Inside the repository, so the project resolves opentracing and @opentelemetry/api.
  root = mkdtempSync(join(__dirname, '..', '..', '.scratch-groups-'));
  original = join(root, 'original');
  migrated = join(root, 'migrated');
  writeProject(original);
  writeProject(migrated);
  report = rewrite([migrated], { tracerName: 'svc' });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const local = (file: string) => file.slice(migrated.length + 1);
const written = (file: string) => readFileSync(join(migrated, file), 'utf8');
const todoLines = (file: string) =>
  written(file)
    .split('\n')
    .filter((line) => line.includes(TODO_MARKER))
    .map((line) => line.trim());

it('rewrites each group whole, or moves the files that can convert where they meet those that stay', () => {
  expect(
    Object.fromEntries(report.files.map((result) => [local(result.file), result.outcome])),
  ).toEqual({
    'alias/billing.ts': 'rewritten',
    'alias/server.ts': 'rewritten',
    'audited/audit.ts': 'todo',
    'audited/billing.ts': 'rewritten',
    'audited/main.ts': 'rewritten',
    'chain/a.ts': 'rewritten',
    'chain/b.ts': 'rewritten',
    'chain/c.ts': 'rewritten',
    'checkout/billing.ts': 'rewritten',
    'checkout/server.ts': 'rewritten',
    'context/context.ts': 'rewritten',
    'context/http.ts': 'rewritten',
    'context/plugin.ts': 'rewritten',
    'context/resolvers.ts': 'rewritten',
    'entry/a.ts': 'todo',
    'entry/b.ts': 'rewritten',
    'extracting/propagation.ts': 'rewritten',
    'extracting/server.ts': 'rewritten',
    'framework/app.ts': 'rewritten',
    'framework/consumer.ts': 'rewritten',
    'framework/index.ts': 'rewritten',
    'framework/tracing.ts': 'rewritten',
    'framework/types.ts': 'rewritten',
    'held/audit.ts': 'todo',
    'held/billing.ts': 'rewritten',
    'held/server.ts': 'rewritten',
    'shared/service.ts': 'rewritten',
    'shared/tracing.ts': 'todo',
    'tied/audit.ts': 'todo',
    'tied/server.ts': 'todo',
    'js/billing.js': 'rewritten',
    'js/job.js': 'rewritten',
    'js/traced.js': 'rewritten',
    'js/worker.js': 'rewritten',
    'library/lib.ts': 'rewritten',
    'library/options.ts': 'rewritten',
    'plugin/base.ts': 'rewritten',
    'plugin/main.ts': 'rewritten',
    'plugin/plugin.ts': 'rewritten',
    'store/store.ts': 'rewritten',
    'store/worker.ts': 'rewritten',
    'untyped/http.ts': 'todo',
  });
  expect(
    report.groups.map((group) => ({
      files: group.files.map(local),
      outcome: group.outcome,
      heldBackBy: group.heldBackBy && local(group.heldBackBy.file),
    })),
  ).toEqual([
    { files: ['alias/billing.ts', 'alias/server.ts'], outcome: 'rewritten' },
    {
      files: ['audited/audit.ts', 'audited/billing.ts', 'audited/main.ts'],
      outcome: 'split',
      heldBackBy: 'audited/audit.ts',
    },
    { files: ['chain/a.ts', 'chain/b.ts', 'chain/c.ts'], outcome: 'rewritten' },
    { files: ['checkout/billing.ts', 'checkout/server.ts'], outcome: 'rewritten' },
    {
      files: [
        'context/context.ts',
        'context/plugin.ts',
        'context/resolvers.ts',
        'context/server.ts',
      ],
      outcome: 'rewritten',
    },
    { files: ['context/http.ts'], outcome: 'rewritten' },
    { files: ['entry/a.ts', 'entry/b.ts'], outcome: 'split', heldBackBy: 'entry/a.ts' },
    { files: ['extracting/propagation.ts', 'extracting/server.ts'], outcome: 'rewritten' },
    {
      files: [
        'framework/app.ts',
        'framework/consumer.ts',
        'framework/index.ts',
        'framework/tracing.ts',
        'framework/types.ts',
      ],
      outcome: 'rewritten',
    },
    {
      files: ['held/audit.ts', 'held/billing.ts', 'held/server.ts'],
      outcome: 'split',
      heldBackBy: 'held/audit.ts',
    },
    { files: ['js/billing.js', 'js/worker.js'], outcome: 'rewritten' },
    { files: ['js/job.js', 'js/traced.js'], outcome: 'rewritten' },
    { files: ['library/lib.ts'], outcome: 'rewritten', heldBackBy: undefined },
    { files: ['library/options.ts'], outcome: 'rewritten', heldBackBy: undefined },
    { files: ['plugin/base.ts', 'plugin/main.ts', 'plugin/plugin.ts'], outcome: 'rewritten' },
    {
      files: ['shared/service.ts', 'shared/tracing.ts'],
      outcome: 'split',
      heldBackBy: 'shared/tracing.ts',
    },
    { files: ['store/store.ts', 'store/worker.ts'], outcome: 'rewritten' },
    { files: ['tied/audit.ts', 'tied/server.ts'], outcome: 'todo', heldBackBy: 'tied/audit.ts' },
    { files: ['untyped/http.ts'], outcome: 'todo', heldBackBy: 'untyped/http.ts' },
  ]);
  expect(report.notes).toEqual([]);
});

it('gives the function of another file the OpenTelemetry span its caller now passes', () => {
  expect(written('checkout/billing.ts')).toBe(`import { type Span } from '@opentelemetry/api';

/** Charges a card inside the caller's span. */
export function chargeCard(span: Span, cents: number): void {
  span.setAttribute('billing.cents', cents);
  span.addEvent('charged', { cents });
}
`);
  expect(written('checkout/server.ts')).toContain('  chargeCard(span, 1200);\n  span.end();');
  expect(written('alias/server.ts')).toContain("import { refund } from '@app/billing';");
  expect(written('js/billing.js')).toContain(" * @param {import('@opentelemetry/api').Span} span");
  expect(written('plugin/main.ts')).toContain(
    "new TracingPlugin({ tracer: trace.getTracer('svc') })",
  );
  expect(written('plugin/plugin.ts')).toContain(
    "this.spans.forEach((s) => s.setAttribute('plugin', 'tracing'));",
  );
});

it('moves the files that read or write a field typed OpenTracing with the file declaring it', () => {
  expect(written('context/context.ts')).toContain(
    "import { type Span } from '@opentelemetry/api';",
  );
  expect(written('context/plugin.ts')).toContain('  ctx.span = span;\n');
  expect(written('context/http.ts')).toContain('  (config as TracedConfig).span?.end();');
  expect(todoLines('untyped/http.ts')).toEqual([
    `// ${TODO_MARKER} passes an OpenTracing span to code this rewrite does not follow (\`config.span\` is not a field of the rewrite's own classes): rewrite by hand`,
  ]);
  expect(written('context/resolvers.ts')).toContain(
    "  ctx.span?.setAttribute('user.id', ctx.user ?? 'anonymous');",
  );
});

it('follows spans through the containers the group declares, whose type argument it changes', () => {
  expect(written('store/store.ts')).toContain(
    'export const active = new AsyncLocalStorage<Span>();',
  );
  expect(written('store/store.ts')).toContain("import { type Span } from '@opentelemetry/api';");
  expect(written('store/worker.ts')).toContain(
    "active.getStore()?.setAttribute('last.step', name);",
  );
  expect(written('store/worker.ts')).toContain('const open = new Map<string, Span>();');
});

it('moves a callback given the span, and a tracer exported by module.exports, with their file', () => {
  expect(written('js/traced.js')).toContain(
    " * @param {(span: import('@opentelemetry/api').Span) => T} fn",
  );
  expect(written('js/job.js')).toContain("    span.setAttribute('items', 3);");
});

it('moves a tracer and a context object through options, interfaces and re-exports', () => {
  expect(written('framework/index.ts')).toContain(
    "export type { Span, Tracer } from '@opentelemetry/api';",
  );
  expect(written('framework/consumer.ts')).toContain(
    "this.tracer = options.tracer ?? trace.getTracer('svc');",
  );
  expect(written('framework/consumer.ts')).toContain('spanContext: span.spanContext()');
  expect(written('framework/app.ts')).toContain(
    "import { tracer } from './tracing';\nimport { context, trace } from '@opentelemetry/api';\n",
  );
});

it('leaves TODOs only where a person decides, and names the file that holds the others back', () => {
  const baggage = `baggage set where the rewrite cannot carry it to what the span starts and injects: set it in a statement of its own, in the block that declares the span (a \`const\`), and run again`;
  expect(todoLines('held/audit.ts')).toEqual([`// ${TODO_MARKER} ${baggage}`]);
  // The files that hand it the span move, and convert where they call it.
  expect(todoLines('held/billing.ts')).toEqual([]);
  expect(todoLines('held/server.ts')).toEqual([]);
  expect(written('held/billing.ts')).toContain(
    '  audit(legacySpanFrom(span)); // ot-migrate: boundary\n',
  );
  const held = report.groups.find((group) => local(group.files[0]) === 'held/audit.ts');
  expect(held).toMatchObject({ outcome: 'split', adapters: 1 });
  expect(held?.stays?.map(local)).toEqual(['held/audit.ts']);
  // A tracer imported from a file that stays: converted once, after the imports.
  expect(written('shared/service.ts')).toBe(`import { tracer as legacyTracer } from './tracing';
import { otelTracerFrom } from 'opentracing-otel-bridge';
const tracer = otelTracerFrom(legacyTracer); // ot-migrate: boundary

export async function run(): Promise<void> {
  const span = tracer.startSpan('service');
  span.setAttribute('service.ok', true);
  span.end();
}
`);
  // A file that cannot convert what it hands the file that stays (its tracer) stays too, and
  // its TODO names the file that holds it back, at its edge towards it.
  expect(todoLines('tied/audit.ts')).toEqual([`// ${TODO_MARKER} ${baggage}`]);
  const waiting = `// ${TODO_MARKER} moves with audit.ts, which is blocked: ${baggage}`;
  expect(todoLines('tied/server.ts')).toEqual([waiting]);
  expect(report.groups.find((group) => local(group.files[0]) === 'tied/audit.ts')).toMatchObject({
    outcome: 'todo',
  });
  // A library function nobody among the paths calls moves, converting at its public API.
  for (const file of ['library/options.ts', 'library/lib.ts']) {
    expect(todoLines(file)).toEqual([]);
    expect(written(file)).toContain('// ot-migrate: boundary');
  }
});

it('produces code that type-checks', () => {
  const files = Object.keys(PROJECT)
    .filter((file) => !file.endsWith('.json') && !file.startsWith('node_modules/'))
    .map((file) => join(migrated, file));
  expect(typeErrorsOf(files, local)).toEqual([]);
});

async function spansOf(file: string): Promise<unknown[]> {
  otel.reset();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known at run time
  const { run } = require(file) as { run(): Promise<void> };
  await run();
  const spans = comparableSpans(otel.spans());
  expect(spans.length).toBeGreaterThan(0);
  return spans;
}

it.each(RUNNABLE)('%s gives the same spans before and after', async (entry) => {
  // Files left with TODOs still run on OpenTracing: through the bridge, as before.
  installGlobalTracer({ semanticConventions: 'otel' });
  try {
    const before = await spansOf(join(original, entry));
    expect(await spansOf(join(migrated, entry))).toEqual(before);
  } finally {
    uninstallGlobalTracer();
  }
});

it('changes nothing when run again, and says what holds the group back', () => {
  const before = Object.keys(PROJECT).map(written);
  let out = '';
  const code = main(
    ['rewrite', migrated, '--tracer-name', 'svc'],
    { write: (text: string) => (out += text) },
    { write: () => true },
  );
  expect(code).toBe(0);
  expect(Object.keys(PROJECT).map(written)).toEqual(before);
  expect(out).not.toContain('rewrote');
  // The library's files moved on the first run, with adapters at their public API.
  // With entry/b.ts, whose only caller stays.
  expect(out).toContain('3 file(s) already on @opentelemetry/api, with boundary adapters left');
  expect(out).toMatch(
    /\n {2}\S*tied\/server\.ts\n {4}- moves with audit\.ts, which is blocked: baggage set where/,
  );
});

it('removes the conversion of an imported tracer once the file it comes from moves too', () => {
  const later = join(root, 'later');
  cpSync(migrated, later, { recursive: true });
  // The baggage helper is gone: tracing.ts can move now, and service.ts with it.
  writeFileSync(
    join(later, 'shared/tracing.ts'),
    "import { globalTracer } from 'opentracing';\n\nexport const tracer = globalTracer();\n",
  );
  const again = rewrite([join(later, 'shared')], { tracerName: 'svc' });
  expect(again.groups.map((group) => group.outcome)).toEqual(['rewritten']);
  expect(readFileSync(join(later, 'shared/service.ts'), 'utf8'))
    .toBe(`import { tracer } from './tracing';

export async function run(): Promise<void> {
  const span = tracer.startSpan('service');
  span.setAttribute('service.ok', true);
  span.end();
}
`);
  expect(readFileSync(join(later, 'shared/tracing.ts'), 'utf8')).toContain(
    "export const tracer = trace.getTracer('svc');",
  );
});

it('converts a span handed to a file that stays and the span it gives back, in one call', () => {
  expect(written('audited/main.ts')).toContain(
    '  const child = otelSpanFrom(startAudit(legacySpanFrom(span))); // ot-migrate: boundary\n',
  );
  // billing.ts moves with its caller: no adapter there.
  expect(written('audited/billing.ts')).toContain(
    "import { type Span } from '@opentelemetry/api';",
  );
  expect(written('audited/billing.ts')).not.toContain('ot-migrate: boundary');
});

it('removes an entry adapter once the file that called it is fixed and moves', () => {
  expect(written('entry/b.ts')).toContain(
    'const span = otelSpanFrom(legacySpan); // ot-migrate: boundary',
  );
  const later = join(root, 'entry-later');
  cpSync(migrated, later, { recursive: true });
  const fixed = readFileSync(join(later, 'entry/a.ts'), 'utf8')
    .split('\n')
    .filter((line) => !line.includes('setBaggageItem'))
    .join('\n');
  // The TODO the first run wrote stays in the file until the next run moves it.
  expect(fixed).toContain(TODO_MARKER);
  writeFileSync(join(later, 'entry/a.ts'), fixed);
  const again = rewrite([join(later, 'entry')], { tracerName: 'svc' });
  expect(again.groups.map((group) => group.outcome)).toEqual(['rewritten']);
  expect(readFileSync(join(later, 'entry/b.ts'), 'utf8'))
    .toBe(`import { type Span } from '@opentelemetry/api';

export function charge(span: Span, cents: number): void {
  span.setAttribute('cents', cents);
}
`);
  expect(readFileSync(join(later, 'entry/a.ts'), 'utf8')).toContain('  charge(span, 5);\n');
  expect(readFileSync(join(later, 'entry/a.ts'), 'utf8')).not.toContain(TODO_MARKER);
  expect(
    rewrite([join(later, 'entry')], { tracerName: 'svc', dryRun: true }).files.filter(
      (file) => file.after !== file.before,
    ),
  ).toEqual([]);
});
