// The programs the tool builds: which parsed declaration files they share (src/declaration-cache.ts)
// and what they see of the file system (src/compiler-host.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from '@ts-morph/common';
import { sharingDeclarations } from '../src/declaration-cache';
import { createProgram } from '../src/program';

let root: string;

beforeAll(() => {
  // Inside the repository: `opentracing` and the @types packages resolve, as in a real project.
  root = mkdtempSync(join(__dirname, '..', '.scratch-programs-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

// What a file's parse depends on, as in the tool's default options (src/program.ts): the other
// suites' programs have parsed the declaration files under these already.
const PARSE_OPTIONS = {
  target: 'ES2022',
  module: 'commonjs',
  moduleResolution: 'node10',
  jsx: 'preserve',
  strict: true,
  // TypeScript 6 reports node10 as deprecated when a config file names it.
  ignoreDeprecations: '6.0',
};

/** A project of one file, `code.ts`, with a tsconfig.json of these options. */
function project(name: string, compilerOptions: object): string {
  const directory = join(root, name);
  mkdirSync(directory);
  writeFileSync(
    join(directory, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...PARSE_OPTIONS, ...compilerOptions } }),
  );
  const file = join(directory, 'code.ts');
  writeFileSync(file, "import { globalTracer } from 'opentracing';\nglobalTracer();\n");
  return file;
}

/** A program's parsed file whose name ends with `suffix`. */
function parsed(program: ts.Program, suffix: string): ts.SourceFile {
  const file = program.getSourceFiles().find((source) => source.fileName.endsWith(suffix));
  if (file === undefined) throw new Error(`no ${suffix} in the program`);
  return file;
}

/** A stand-in compiler that counts what it parses. */
function countingCompiler(listed?: readonly { name: string }[]) {
  const parses: string[] = [];
  return {
    parses,
    compiler: {
      createSourceFile: (fileName: string, text: string) => {
        parses.push(fileName);
        return { fileName, text };
      },
      sourceFileAffectingCompilerOptions: listed,
    },
  };
}

describe('declaration files shared between programs', () => {
  it('shares them between configs that differ only in checks, locations and types', () => {
    const plain = createProgram([project('plain', {})]);
    const checked = createProgram([
      project('checked', {
        noImplicitReturns: true,
        exactOptionalPropertyTypes: true,
        types: ['node'],
        outDir: 'out',
      }),
    ]);
    expect(parsed(checked, 'lib.es5.d.ts')).toBe(parsed(plain, 'lib.es5.d.ts'));
    expect(parsed(checked, 'opentracing/lib/tracer.d.ts')).toBe(
      parsed(plain, 'opentracing/lib/tracer.d.ts'),
    );
    // Shared files are bound once and type-check in each program.
    expect(ts.getPreEmitDiagnostics(checked).map((d) => d.messageText)).toEqual([]);
  });

  it('parses them again for a config that changes how a file parses or binds', () => {
    const defaults = createProgram([project('defaults', {})]);
    // No `jsx` or `moduleResolution` (as the fixture projects' own configs): the other suites'
    // programs have parsed the declaration files under these options too. The stand-in compiler's
    // tests below check how the key is made.
    const fewer = createProgram([
      project('fewer', {
        jsx: undefined,
        moduleResolution: undefined,
        ignoreDeprecations: undefined,
      }),
    ]);
    expect(parsed(fewer, 'lib.es5.d.ts')).not.toBe(parsed(defaults, 'lib.es5.d.ts'));
  });

  it('keys by the options the compiler lists, with strict; by all but locations otherwise', () => {
    const read = () => 'declare const x: number;';
    const listed = countingCompiler([{ name: 'target' }]);
    sharingDeclarations(listed.compiler, { target: 9, noImplicitAny: true }, read)('a.d.ts', 9);
    sharingDeclarations(listed.compiler, { target: 9, noImplicitAny: false }, read)('a.d.ts', 9);
    sharingDeclarations(listed.compiler, { target: 9, strict: true }, read)('a.d.ts', 9);
    expect(listed.parses).toEqual(['a.d.ts', 'a.d.ts']);

    const unlisted = countingCompiler();
    sharingDeclarations(unlisted.compiler, { target: 9, types: ['node'] }, read)('a.d.ts', 9);
    sharingDeclarations(unlisted.compiler, { target: 9, types: [] }, read)('a.d.ts', 9);
    sharingDeclarations(unlisted.compiler, { target: 9, noImplicitAny: true }, read)('a.d.ts', 9);
    expect(unlisted.parses).toEqual(['a.d.ts', 'a.d.ts']);
  });

  it('keys by language version, module format and JSDoc mode, not by where package.json is', () => {
    const { compiler, parses } = countingCompiler([]);
    const getSourceFile = sharingDeclarations(compiler, {}, () => 'export {};');
    const options = { languageVersion: 9, impliedNodeFormat: 1, packageJsonLocations: ['/a'] };
    getSourceFile('a.d.ts', options);
    getSourceFile('a.d.ts', { ...options, packageJsonLocations: ['/a', '/b'] });
    getSourceFile('a.d.ts', { ...options, impliedNodeFormat: 99 });
    getSourceFile('a.d.ts', { ...options, languageVersion: 4 });
    getSourceFile('a.d.ts', { ...options, jsDocParsingMode: 1 });
    expect(parses).toHaveLength(4);
  });

  it('parses a declaration file again when its text changed, and never shares other files', () => {
    let text = 'declare const x: number;';
    const { compiler, parses } = countingCompiler([]);
    const getSourceFile = sharingDeclarations(compiler, {}, () => text);
    getSourceFile('a.d.ts', 9);
    getSourceFile('a.d.ts', 9);
    text = 'declare const x: string;';
    expect(getSourceFile('a.d.ts', 9)).toEqual({ fileName: 'a.d.ts', text });
    getSourceFile('code.ts', 9);
    getSourceFile('code.ts', 9);
    expect(parses).toEqual(['a.d.ts', 'a.d.ts', 'code.ts', 'code.ts']);
  });
});

describe('the file system a program sees', () => {
  it('sees a module added after an earlier program looked for it', () => {
    const file = project('later', {});
    writeFileSync(file, "import { value } from './added';\nexport const copy: number = value;\n");
    const before = createProgram([file]);
    expect(ts.getPreEmitDiagnostics(before).map((d) => d.code)).toContain(2307);
    writeFileSync(join(root, 'later', 'added.ts'), 'export const value = 1;\n');
    const after = createProgram([file]);
    expect(ts.getPreEmitDiagnostics(after)).toEqual([]);
  });
});
