// The shape of the code (#16): no import cycle between modules, type-only imports included, in the
// bridge and in the codemod. Edges are read with the TypeScript compiler from every import, export
// and `import()` type whose module resolves to a source file of the same tree.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(directory, file));
}

/** The modules each source file of a tree imports, by file (module specifiers resolved). */
function importGraph(directory: string): Map<string, Set<string>> {
  const files = sourceFiles(directory);
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const text = ts.sys.readFile(file) ?? '';
    const edges = new Set<string>();
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(
        imported.fileName,
        file,
        options,
        ts.sys,
      ).resolvedModule;
      if (resolved !== undefined && files.includes(resolved.resolvedFileName))
        edges.add(resolved.resolvedFileName);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Each import cycle, as the files along it (found by depth-first search). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)).concat(next));
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return found;
}

it.each(['src', 'packages/ot-migrate/src'])('%s has no import cycle, types included', (tree) => {
  const directory = join(root, tree);
  const graph = importGraph(directory);
  expect(graph.size).toBeGreaterThan(10);
  const named = cycles(graph).map((cycle) =>
    cycle.map((file) => relative(directory, file)).join(' > '),
  );
  expect(named).toEqual([]);
});

it('finds a cycle where there is one (the check itself)', () => {
  const graph = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
  ]);
  expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
});

it('reads type-only imports as edges', () => {
  // span.ts imports the tracer's shape as a type only.
  const graph = importGraph(join(root, 'src'));
  expect([...(graph.get(join(root, 'src', 'span.ts')) ?? [])]).toContain(
    join(root, 'src', 'span-tracer.ts'),
  );
});

/**
 * Folder pairs of src/ that depend on each other both ways. The entries (index.ts and the subpath
 * entries of package.json's exports, such as jaeger.ts) are left aside: they only list exports.
 */
function twoWayFolders(): string[] {
  const directory = join(root, 'src');
  const folderOf = (file: string) => relative(directory, dirname(file)) || '.';
  const entries = entryFiles(directory);
  const edges = new Set<string>();
  for (const [file, imports] of importGraph(directory)) {
    if (entries.has(file)) continue;
    for (const target of imports) {
      if (folderOf(file) !== folderOf(target))
        edges.add(`${folderOf(file)} -> ${folderOf(target)}`);
    }
  }
  return [...edges]
    .filter((edge) => {
      const [from, to] = edge.split(' -> ');
      return from < to && edges.has(`${to} -> ${from}`);
    })
    .sort();
}

it('has no folder of src/ that depends on another both ways', () => {
  expect(twoWayFolders()).toEqual([]);
});

/** The source file of each entry point in package.json's exports. */
function entryFiles(directory: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { default?: string }>;
  };
  const entries = new Set<string>();
  for (const target of Object.values(manifest.exports)) {
    const built = typeof target === 'string' ? target : target.default;
    const match = built === undefined ? null : /^\.\/dist\/(.+)\.js$/.exec(built);
    if (match !== null) entries.add(join(directory, `${match[1]}.ts`));
  }
  return entries;
}
