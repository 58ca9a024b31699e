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

  it('explains its usage and fails on bad arguments', () => {
    const err = writer();
    expect(main(['scan'], writer(), err)).toBe(2);
    expect(err.text()).toContain('Usage:');
    expect(main(['scan', fixtures, '--max-remaining', 'lots'], writer(), writer())).toBe(2);
    expect(main(['scan', '/no/such/path'], writer(), writer())).toBe(2);
  });
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
