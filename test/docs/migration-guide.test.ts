// Every TypeScript block in MIGRATION.md is compiled (strict, as this project is) and run, so the
// guide cannot rot. Each block becomes a module: its imports stay on top, the rest runs in an async
// function (blocks may `await`). Blocks that do not set OpenTelemetry up get the guide's step 1 first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { rewrite } from '../../packages/ot-migrate/src/rewrite';
import { bundleForNode } from '../support/node-bundle';
import { projectDiagnostics } from '../support/typescript-program';

const root = join(__dirname, '..', '..');
const workspace = join(root, '.scratch-guide');
const guide = readFileSync(join(root, 'MIGRATION.md'), 'utf8');
const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);

/** A block as a module that runs its statements and exits with their outcome. */
function toModule(block: string): string {
  const source = ts.createSourceFile('block.ts', block, ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const body: string[] = [];
  for (const statement of source.statements) {
    const text = statement.getFullText(source).replace(/^\n+/, '');
    if (ts.isImportDeclaration(statement)) imports.push(text);
    else body.push(text.replace(/^(\s*(?:\/\/.*\n\s*)*)export /, '$1'));
  }
  const prelude = block.includes('setGlobalTracerProvider')
    ? []
    : ["import '../test/docs/guide-prelude';"];
  return [
    ...prelude,
    // The package and its subpaths (`opentracing-otel-bridge/testing`) from the sources.
    ...imports.map((text) => text.replace(/'opentracing-otel-bridge(\/[a-z]+)?'/, "'../src$1'")),
    'async function main(): Promise<void> {',
    ...body,
    '}',
    'main().then(',
    '  () => process.exit(0),',
    '  (error: unknown) => {',
    '    console.error(error);',
    '    process.exit(1);',
    '  },',
    ');',
    '',
  ].join('\n');
}

beforeAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace);
  blocks.forEach((block, index) =>
    writeFileSync(join(workspace, `block-${index}.ts`), toModule(block)),
  );
  // Each block and the bridge's sources as one file beside it (block-<n>.js), run with plain node.
  bundleForNode(
    blocks.map((_, index) => join(workspace, `block-${index}.ts`)),
    workspace,
  );
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

it('has TypeScript blocks to check', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(12);
});

it('compiles every block', () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  )!;
  const files = blocks.map((_, index) => join(workspace, `block-${index}.ts`));
  const program = ts.createProgram({
    rootNames: [...files, join(root, 'test/support/jaeger-client.d.ts')],
    options: { ...config.options, noEmit: true, noUnusedLocals: false },
  });
  // The blocks' own diagnostics: the bridge's sources they import are type-checked elsewhere
  // (test/typecheck.test.ts), and checking them here took most of this test's time.
  const errors = projectDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && files.includes(diagnostic.file.fileName))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${diagnostic.file!.fileName.slice(root.length + 1)}:${line + 1} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
  expect(errors).toEqual([]);
});

it.each(
  blocks.map((block, index) => [index, block.split('\n').find((line) => line.trim() !== '') ?? '']),
)('runs block %i (%s)', (index) => {
  const run = spawnSync(process.execPath, [join(workspace, `block-${index}.js`)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  // `console.log(x); // value` in the guide promises that the block prints `value`.
  for (const [, promised] of blocks[index].matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)) {
    expect(run.stdout).toContain(promised);
  }
});

it('shows what ot-migrate rewrite really writes for its before/after example', () => {
  const example = blocks.filter((block) => block.includes("tracer.startSpan('charge', {"));
  const before = example.find((block) => block.includes("from 'opentracing';"))!;
  const after = example.find((block) => block.includes("from '@opentelemetry/api';"))!;
  const directory = join(workspace, 'rewrite-example');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'charge.ts'), before);
  const results = rewrite([directory], { tracerName: 'billing', dryRun: true }).files;
  const [result] = results;
  expect(result.after).toBe(after);
});
