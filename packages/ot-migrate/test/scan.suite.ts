import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { scan } from '../src/scan';

const fixtures = join(__dirname, 'fixtures');

/** Counts read off the fixtures by hand: one entry per usage kind that occurs. */
const EXPECTED: Record<string, Record<string, number>> = {
  'amqp-consumer/messaging.ts': {
    import: 1,
    globalTracer: 2,
    startSpan: 2,
    setTag: 1,
    finish: 2,
    inject: 1,
    extract: 1,
    tags: 5,
    formats: 2,
    references: 1,
  },
  'http-service/server.ts': {
    import: 2,
    globalTracer: 1,
    startSpan: 2,
    setTag: 2,
    log: 1,
    finish: 2,
    inject: 1,
    extract: 1,
    tags: 7,
    formats: 2,
  },
  'plain-js/worker.js': {
    import: 1,
    globalTracer: 1,
    startSpan: 1,
    setTag: 1,
    log: 1,
    finish: 1,
    tags: 1,
  },
  // job.finish() is on the app's own Job class: not counted.
  'wrapper-lib/app.ts': { setTag: 1, finish: 1 },
  'wrapper-lib/tracing.ts': {
    import: 2,
    globalTracer: 1,
    startSpan: 1,
    setTag: 1,
    log: 1,
    finish: 1,
  },
};

function writer() {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), text: () => text, isTTY: false };
}

describe('ot-migrate scan', () => {
  const report = scan([fixtures]);

  it('finds exactly the usages in each fixture codebase', () => {
    const found = Object.fromEntries(
      report.files.map((file) => [
        file.file.slice(fixtures.length + 1),
        Object.fromEntries(Object.entries(file.counts).filter(([, count]) => count > 0)),
      ]),
    );
    expect(found).toEqual(EXPECTED);
    expect(report.remaining).toBe(55);
    expect(report.filesScanned).toBe(7);
  });

  it('records which options each startSpan uses', () => {
    const server = report.files.find((file) => file.file.endsWith('server.ts'))!;
    expect(server.startSpanOptions).toEqual({ childOf: 2, tags: 2 });
    const messaging = report.files.find((file) => file.file.endsWith('messaging.ts'))!;
    expect(messaging.startSpanOptions).toEqual({ references: 1, tags: 2 });
  });

  it('counts calls on untyped receivers only in files that use opentracing', () => {
    const directory = mkdtempSync(join(__dirname, '..', '..', '.scratch-scan-'));
    try {
      writeFileSync(
        join(directory, 'uses.js'),
        "require('opentracing');\nfunction f(span) { span.finish(); }\n",
      );
      writeFileSync(join(directory, 'other.js'), 'function g(job) { job.finish(); }\n');
      const untyped = scan([directory]);
      expect(
        untyped.files.map((file) => [
          file.file.slice(directory.length + 1),
          file.total,
          file.untyped,
        ]),
      ).toEqual([['uses.js', 2, 1]]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('prints a table with totals, JSON on request, and gates CI with --max-remaining', () => {
    const out = writer();
    const err = writer();
    expect(main(['scan', fixtures], out, err)).toBe(0);
    expect(out.text()).toMatch(/^file +total +import/);
    expect(out.text()).toContain('55 OpenTracing usages in 5 of 7 files');

    const json = writer();
    expect(main(['scan', fixtures, '--json'], json, err)).toBe(0);
    expect(JSON.parse(json.text())).toMatchObject({
      remaining: 55,
      filesScanned: 7,
      totals: { tags: 13 },
    });

    expect(main(['scan', fixtures, '--max-remaining', '55'], writer(), err)).toBe(0);
    const gate = writer();
    expect(main(['scan', fixtures, '--max-remaining', '54'], writer(), gate)).toBe(1);
    expect(gate.text()).toContain('55 OpenTracing usages left');
  });

  it('fails the gate on a source file it could not check, whatever the count', () => {
    const directory = mkdtempSync(join(__dirname, '..', '.scratch-gate-'));
    try {
      writeFileSync(join(directory, 'done.ts'), 'export const done = true;\n');
      // OpenTracing code the scan cannot read: a Latin-1 byte, and a syntax error.
      writeFileSync(
        join(directory, 'latin1.ts'),
        Buffer.concat([
          Buffer.from("import { globalTracer } from 'opentracing';\nglobalTracer().startSpan('caf"),
          Buffer.from([0xe9]),
          Buffer.from("').finish();\n"),
        ]),
      );
      writeFileSync(
        join(directory, 'broken.ts'),
        "import { globalTracer } from 'opentracing';\nglobalTracer().startSpan(('a').finish();\n",
      );
      const err = writer();
      expect(main(['scan', directory, '--max-remaining', '0'], writer(), err)).toBe(1);
      expect(err.text()).toContain('2 source file(s) could not be checked');
      // Without a gate the scan reports them and succeeds, as before.
      expect(main(['scan', directory], writer(), writer())).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('explains its usage and fails on bad arguments', () => {
    const err = writer();
    expect(main(['scan'], writer(), err)).toBe(2);
    expect(err.text()).toContain('Usage:');
    expect(main(['scan', fixtures, '--max-remaining', 'lots'], writer(), writer())).toBe(2);
    expect(main(['scan', '/no/such/path'], writer(), writer())).toBe(2);
  });
});

describe('what crosses files', () => {
  let directory: string;
  let report: ReturnType<typeof scan>;
  const row = (file: string) => report.files.find((entry) => entry.file.endsWith(file));

  beforeAll(() => {
    directory = mkdtempSync(join(__dirname, '..', '..', '.scratch-scan-'));
    const files: Record<string, string> = {
      // tracing.ts re-exports opentracing's types; app.ts gets them from it.
      'tracing.ts': "export type { Span, Tracer } from 'opentracing';\n",
      'app.ts':
        "import type { Span } from './tracing';\n\nexport function done(span: Span): void {\n  span.finish();\n}\n",
      // helper.js never imports opentracing: worker.js hands it a span.
      'helper.js':
        "function tag(span, job) {\n  span.setTag('job', job);\n  job.finish();\n}\n\nmodule.exports = { tag };\n",
      'worker.js':
        "const { globalTracer } = require('opentracing');\nconst { tag } = require('./helper');\n\nfunction work() {\n  const span = globalTracer().startSpan('work');\n  tag(span, { finish() {} });\n  span.finish();\n}\n\nmodule.exports = { work };\n",
      // Adapters the bridge provides, marked as boundaries: reported apart.
      'edge.ts': [
        "import { globalTracer } from 'opentracing';",
        'declare function otelSpanFrom(span: unknown): unknown;',
        'declare function legacySpanFrom(span: unknown): unknown;',
        '',
        'export function edge(otel: unknown): unknown[] {',
        "  const span = globalTracer().startSpan('edge');",
        '  const a = otelSpanFrom(span); // ot-migrate: boundary',
        '  // ot-migrate: boundary',
        '  const b = legacySpanFrom(otel);',
        '  const c = otelSpanFrom(span);',
        '  return [a, b, c];',
        '}',
        '',
      ].join('\n'),
    };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(directory, file), text);
    report = scan([directory]);
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('counts types reached through a re-export, and the re-export itself', () => {
    expect(row('tracing.ts')).toMatchObject({ total: 1, counts: { import: 1 } });
    expect(row('app.ts')).toMatchObject({ total: 2, counts: { import: 1, finish: 1 } });
  });

  it('counts untyped calls in a file handed spans without importing opentracing', () => {
    // span.setTag counts, untyped; job.finish() is on an object that is no span, and still counts
    // untyped: without types the scan cannot tell, as in a file that imports opentracing.
    expect(row('helper.js')).toMatchObject({ untyped: 2, counts: { setTag: 1, finish: 1 } });
  });

  it('reports boundary adapters apart from what is left', () => {
    expect(row('edge.ts')).toMatchObject({ adapters: 2, total: 3 });
    expect(report.adapters).toBe(2);
    expect(report.remaining).toBe(report.files.reduce((sum, file) => sum + file.total, 0));
    const out = writer();
    expect(main(['scan', directory], out, writer())).toBe(0);
    expect(out.text()).toContain('2 boundary adapter(s) left');
    const json = writer();
    expect(main(['scan', directory, '--json'], json, writer())).toBe(0);
    expect(JSON.parse(json.text())).toMatchObject({ adapters: 2, remaining: report.remaining });
  });
});

it('says so when a tsconfig.json cannot be read, and scans with the default options', () => {
  const directory = mkdtempSync(join(__dirname, '..', '..', '.scratch-scan-'));
  try {
    writeFileSync(join(directory, 'tsconfig.json'), '{ "compilerOptions": { "strict": tru');
    writeFileSync(
      join(directory, 'a.ts'),
      "import { globalTracer } from 'opentracing';\n\nglobalTracer().startSpan('a').finish();\n",
    );
    const report = scan([directory]);
    expect(report.remaining).toBe(4);
    expect(report.notes).toEqual([
      expect.stringMatching(/tsconfig\.json: .*; read with default options$/),
    ]);
    const out = writer();
    main(['scan', directory], out, writer());
    expect(out.text()).toMatch(/\nnote: \S*tsconfig\.json: /);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

it('shows a progress bar on a terminal when the tree is large', () => {
  const directory = mkdtempSync(join(__dirname, '..', '..', '.scratch-progress-'));
  try {
    for (let index = 0; index < 60; index++) {
      writeFileSync(
        join(directory, `file-${index}.ts`),
        `export const value${index} = ${index};\n`,
      );
    }
    const terminal = { ...writer(), isTTY: true };
    expect(main(['scan', directory], writer(), terminal)).toBe(0);
    expect(terminal.text()).toContain('] 60/60 files\n');
    expect(terminal.text()).toMatch(/\r\[#+ *\] \d+\/60 files/);
    const piped = writer();
    expect(main(['scan', directory], writer(), piped)).toBe(0);
    expect(piped.text()).toBe('');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
