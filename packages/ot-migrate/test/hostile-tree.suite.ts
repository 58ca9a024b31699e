// ot-migrate on trees nobody checked (issue #13): links out of the tree or in a loop, FIFOs,
// devices, files that are not UTF-8 text, mixed line endings, syntax errors. It never writes outside
// the paths it was given, reads only regular UTF-8 files, keeps every byte it does not edit, and
// lists what it skipped with the reason.
import { spawnSync } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchBundle, type ScratchBundle } from '../../../test/support/node-bundle';
import { main } from '../src/cli';
import { MAX_SOURCE_BYTES, readSourceText, writeSourceText } from '../src/source-file-io';
import { rewrite } from '../src/rewrite';
import { scan } from '../src/scan';

const repository = join(__dirname, '..', '..', '..');
/** A file the rewrite changes when it reads it: OpenTracing code with a safe equivalent. */
const TRACED = `import * as opentracing from 'opentracing';

const span = opentracing.globalTracer().startSpan('work');
span.finish();
`;
const REWRITTEN = `import { trace } from '@opentelemetry/api';

const span = trace.getTracer('svc').startSpan('work');
span.end();
`;

let root: string;
let target: string;
let outside: string;
/** The command, bundled once for the tests that run it in a child process. */
let cli: ScratchBundle;

beforeAll(() => {
  cli = scratchBundle(join(__dirname, '..', 'src', 'cli.ts'));
});
afterAll(() => cli.remove());

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ot-migrate-hostile-'));
  target = join(root, 'target');
  outside = join(root, 'outside');
  mkdirSync(target);
  mkdirSync(outside);
  // The code imports opentracing: it resolves from the repository's packages, as in a real project.
  symlinkSync(join(repository, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(target, 'ok.ts'), TRACED);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function writer() {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), text: () => text, isTTY: false };
}

/** `ot-migrate rewrite target` in this process; its output and status. */
function rewriteCli(...extra: string[]): { status: number; out: string } {
  const out = writer();
  const status = main(['rewrite', target, '--tracer-name', 'svc', ...extra], out, writer());
  return { status, out: out.text() };
}

/**
 * `ot-migrate rewrite target` in a child process, for the cases that used to hang or exhaust
 * memory: the test fails on the timeout instead of taking the test runner down with it.
 */
function rewriteInChild(): { status: number | null; stdout: string; stderr: string } {
  const args = [cli.file, 'rewrite', 'target', '--tracer-name', 'svc'];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 90_000,
    killSignal: 'SIGKILL',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

it('never follows a symbolic link out of the given paths, and lists it', () => {
  writeFileSync(join(outside, 'victim.ts'), TRACED);
  symlinkSync(join(outside, 'victim.ts'), join(target, 'link.ts'));
  symlinkSync(outside, join(target, 'linked-dir'), 'dir');
  // Links that stay inside are followed, and each file is read once, under its real path.
  mkdirSync(join(target, 'lib'));
  writeFileSync(join(target, 'lib', 'inner.ts'), TRACED);
  symlinkSync(join(target, 'lib'), join(target, 'lib-alias'), 'dir');
  symlinkSync(join(target, 'ok.ts'), join(target, 'alias.ts'));

  const { status, out } = rewriteCli();

  expect(status).toBe(0);
  expect(readFileSync(join(outside, 'victim.ts'), 'utf8')).toBe(TRACED);
  expect(readFileSync(join(target, 'ok.ts'), 'utf8')).toBe(REWRITTEN);
  expect(readFileSync(join(target, 'lib', 'inner.ts'), 'utf8')).toBe(REWRITTEN);
  expect(out).toContain(
    `link.ts: a symbolic link to ${join(outside, 'victim.ts')}, outside the given paths`,
  );
  expect(out).toContain(`linked-dir: a symbolic link to ${outside}, outside the given paths`);
  expect(out).toContain('rewrote 2 file(s)');
  expect(out).not.toContain('victim.ts\n');

  // Links given as paths (a shell glob such as `target/*.ts` gives them) widen nothing either.
  const given = scan([join(target, 'link.ts'), join(target, 'alias.ts'), join(target, 'lib')]);
  expect(given.skipped).toEqual([
    {
      file: join(target, 'alias.ts'),
      reason: `a symbolic link to ${join(target, 'ok.ts')}, outside the given paths`,
    },
    {
      file: join(target, 'link.ts'),
      reason: `a symbolic link to ${join(outside, 'victim.ts')}, outside the given paths`,
    },
  ]);
  expect(given.filesScanned).toBe(1);
});

it('does not write a file that has another name, which may lie outside', () => {
  writeFileSync(join(outside, 'victim.ts'), TRACED);
  linkSync(join(outside, 'victim.ts'), join(target, 'hard.ts'));

  const { status, out } = rewriteCli();

  expect(status).toBe(0);
  expect(readFileSync(join(outside, 'victim.ts'), 'utf8')).toBe(TRACED);
  expect(out).toContain('hard.ts: has 2 hard links: not rewritten');
});

it('does not write over a file changed since it was read', () => {
  const file = join(target, 'ok.ts');
  const read = readSourceText(file);
  if (!('text' in read)) throw new Error(read.reason);
  writeFileSync(file, `${TRACED}// edited meanwhile\n`);

  expect(() => writeSourceText(read, REWRITTEN)).toThrow('changed on disk while ot-migrate ran');
  expect(readFileSync(file, 'utf8')).toBe(`${TRACED}// edited meanwhile\n`);
});

it('lists a link loop and carries on', () => {
  symlinkSync('.', join(target, 'self'));
  symlinkSync('b.ts', join(target, 'a.ts'));
  symlinkSync('a.ts', join(target, 'b.ts'));

  const { status, out } = rewriteCli();

  expect(status).toBe(0);
  expect(out).toContain(`self: a symbolic link loop (to ${target})`);
  expect(out).toContain('a.ts: a symbolic link loop');
  expect(out).toContain('b.ts: a symbolic link loop');
  expect(readFileSync(join(target, 'ok.ts'), 'utf8')).toBe(REWRITTEN);
});

it('does not read a link to /dev/zero', () => {
  symlinkSync('/dev/zero', join(target, 'x.ts'));

  const run = rewriteInChild();

  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(
    'target/x.ts: a symbolic link to /dev/zero, outside the given paths',
  );
  expect(readFileSync(join(target, 'ok.ts'), 'utf8')).toBe(REWRITTEN);
});

const hasMkfifo = spawnSync('sh', ['-c', 'command -v mkfifo']).status === 0;
// Skipped only where there is no mkfifo to make a FIFO with; Linux always has one.
const withFifo = hasMkfifo || process.platform === 'linux' ? it : it.skip;

withFifo('does not open a FIFO named like source code', () => {
  expect(hasMkfifo).toBe(true);
  spawnSync('mkfifo', [join(target, 'pipe.ts')]);

  const run = rewriteInChild();

  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('target/pipe.ts: not a regular file: a FIFO');
  expect(readFileSync(join(target, 'ok.ts'), 'utf8')).toBe(REWRITTEN);
});

it('skips a file that is not UTF-8, keeping its bytes', () => {
  // A Latin-1 é in a string literal: decoded as U+FFFD and written back, the value would change.
  const latin1 = Buffer.concat([
    Buffer.from(TRACED),
    Buffer.from("export const greeting = 'caf"),
    Buffer.from([0xe9]),
    Buffer.from("';\n"),
  ]);
  writeFileSync(join(target, 'latin1.ts'), latin1);

  const { status, out } = rewriteCli();

  expect(status).toBe(0);
  expect(readFileSync(join(target, 'latin1.ts')).equals(latin1)).toBe(true);
  expect(out).toContain('latin1.ts: not valid UTF-8');
  expect(scan([target]).skipped).toEqual([
    {
      file: join(target, 'latin1.ts'),
      reason: expect.stringContaining('not valid UTF-8'),
      unchecked: true,
    },
  ]);
});

it('skips files that are not text, or too large to be source code', () => {
  const binary = TRACED.replace("'work'", "'w\0rk'");
  writeFileSync(join(target, 'binary.ts'), binary);
  const large = `${TRACED}//${'x'.repeat(MAX_SOURCE_BYTES)}\n`;
  writeFileSync(join(target, 'large.ts'), large);

  const report = rewrite([target], { tracerName: 'svc' });

  expect(report.skipped).toEqual([
    {
      file: join(target, 'binary.ts'),
      reason: 'holds NUL characters: not a text file',
      unchecked: true,
    },
    { file: join(target, 'large.ts'), reason: 'larger than 4 MiB', unchecked: true },
  ]);
  expect(readFileSync(join(target, 'binary.ts'), 'utf8')).toBe(binary);
  expect(readFileSync(join(target, 'large.ts'), 'utf8')).toBe(large);
});

it('keeps the line endings of a mixed LF/CRLF file, and what it inserts matches its neighbours', () => {
  const mixed = [
    "import * as opentracing from 'opentracing';\r\n",
    '\n',
    'export function handle(): void {\n',
    "  const span = opentracing.globalTracer().startSpan('handle', {\r\n",
    "    tags: { 'user.id': 1 },\r\n",
    '  });\r\n',
    '  span.finish();\n',
    '}\n',
  ].join('');
  writeFileSync(join(target, 'mixed.ts'), mixed);
  // A TODO comment above a CRLF line in an LF file (with a byte-order mark) ends in CRLF.
  const todo = [
    '\uFEFF',
    "import * as opentracing from 'opentracing';\n",
    '\n',
    "const span = opentracing.globalTracer().startSpan('x');\n",
    "span.setTag('span.kind', 'server');\r\n",
    'span.finish();\n',
  ].join('');
  writeFileSync(join(target, 'todo.ts'), todo);

  expect(rewriteCli().status).toBe(0);

  expect(readFileSync(join(target, 'mixed.ts'), 'utf8')).toBe(
    [
      "import { trace } from '@opentelemetry/api';\r\n",
      '\n',
      'export function handle(): void {\n',
      "  const span = trace.getTracer('svc').startSpan('handle', {\r\n",
      "    attributes: { 'user.id': 1 },\r\n",
      '  });\r\n',
      '  span.end();\n',
      '}\n',
    ].join(''),
  );
  expect(readFileSync(join(target, 'todo.ts'), 'utf8')).toBe(
    [
      '\uFEFF',
      "import * as opentracing from 'opentracing';\n",
      '\n',
      "const span = opentracing.globalTracer().startSpan('x');\n",
      '// TODO(ot-migrate): OpenTelemetry fixes the span kind at start: pass it in startSpan options by hand\r\n',
      "span.setTag('span.kind', 'server');\r\n",
      'span.finish();\n',
    ].join(''),
  );
});

it('reports a file that does not parse instead of annotating it', () => {
  const broken = TRACED.replace("startSpan('work');", "startSpan('work';");
  writeFileSync(join(target, 'broken.ts'), broken);

  const { status, out } = rewriteCli();

  expect(status).toBe(0);
  expect(readFileSync(join(target, 'broken.ts'), 'utf8')).toBe(broken);
  expect(out).toContain("broken.ts: does not parse (line 3, column 57: ')' expected.)");
  expect(scan([target]).skipped.map((skipped) => skipped.reason)).toEqual([
    "does not parse (line 3, column 57: ')' expected.)",
  ]);
});
