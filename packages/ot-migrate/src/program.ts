import { lstatSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { ts } from '@ts-morph/common';
import { createCompilerHost } from './compiler-host';
import { readSourceText } from './source-file-io';

/**
 * Compiler options for reading a codebase we know nothing about: JavaScript included (and type
 * inference in it), no emit, no checking of declaration files. Used where no tsconfig.json or
 * jsconfig.json owns the files, or where the one that does cannot be read.
 */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  // TypeScript 6 no longer includes every @types package by default; the scan wants them
  // (Node's types, above all), as the project's own compiler would have seen them.
  types: ['*'],
};

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const MAX_CONFIG_BYTES = 1024 * 1024;

/** A file given to the compiler as text already read, rather than by path. @internal */
export interface ProgramFile {
  file: string;
  text: string;
}

/** The compiler options a config file gives, or why it gives none. */
type ConfigOptions =
  | { options: ts.CompilerOptions; references: readonly string[]; fileNames: ReadonlySet<string> }
  | { problem: string };

/**
 * Finds and reads the tsconfig.json or jsconfig.json that owns each file: the nearest one above it
 * (tsconfig.json first where a directory has both), or, when that one is a solution of project
 * references that does not list the file itself, the referenced project that does. Config files
 * are read as carefully as source files (a regular UTF-8 file of at most 1 MiB), `extends`
 * included; their `include` lists are matched against the files given, never by walking the tree.
 */
class Configs {
  private readonly nearest = new Map<string, string | undefined>();
  private readonly parsed = new Map<string, ConfigOptions>();
  /** Lines for the report: configs that could not be read. */
  readonly notes: string[] = [];

  constructor(private readonly knownFiles: readonly string[]) {}

  /** The path of the config that owns a file, if any. */
  ownerOf(file: string): string | undefined {
    const config = this.nearestConfig(dirname(file));
    if (config === undefined) return undefined;
    const read = this.read(config);
    if ('problem' in read || read.references.length === 0 || read.fileNames.has(file))
      return config;
    // A solution config (`"files": []` and references, as Vite's templates have it): the
    // referenced project that includes the file owns it.
    for (const reference of read.references) {
      const referenced = this.read(reference);
      if (!('problem' in referenced) && referenced.fileNames.has(file)) return reference;
    }
    return config;
  }

  /** A config's options, or why it has none. */
  read(config: string): ConfigOptions {
    const cached = this.parsed.get(config);
    if (cached !== undefined) return cached;
    const parsed = this.parse(config);
    this.parsed.set(config, parsed);
    if ('problem' in parsed)
      this.notes.push(`${config}: ${parsed.problem}; read with default options`);
    return parsed;
  }

  private nearestConfig(directory: string): string | undefined {
    if (this.nearest.has(directory)) return this.nearest.get(directory);
    let found: string | undefined;
    for (const name of CONFIG_NAMES) {
      const candidate = join(directory, name);
      if (lstatSync(candidate, { throwIfNoEntry: false }) !== undefined) {
        found = candidate;
        break;
      }
    }
    const up = dirname(directory);
    if (found === undefined && up !== directory) found = this.nearestConfig(up);
    this.nearest.set(directory, found);
    return found;
  }

  private parse(config: string): ConfigOptions {
    try {
      const host = this.parseHost();
      const problems: string[] = [];
      const text = host.readFile(config);
      if (text === undefined) return { problem: this.unreadable(config) };
      const json = ts.parseConfigFileTextToJson(config, text);
      if (json.error !== undefined) return { problem: message(json.error) };
      const parsed = ts.parseJsonConfigFileContent(
        json.config,
        host,
        dirname(config),
        undefined,
        config,
      );
      // "No inputs were found": the host lists only the files given, which may be none of them.
      for (const error of parsed.errors) if (error.code !== 18003) problems.push(message(error));
      const unreadableBase = problems.find((problem) => /extends|not found/i.test(problem));
      if (unreadableBase !== undefined) return { problem: unreadableBase };
      return {
        options: parsed.options,
        references: (parsed.projectReferences ?? []).map((reference) =>
          basename(reference.path).endsWith('.json')
            ? reference.path
            : join(reference.path, 'tsconfig.json'),
        ),
        fileNames: new Set(parsed.fileNames),
      };
    } catch (error) {
      // A config the compiler chokes on is a config we cannot use; the scan goes on without it.
      return { problem: `cannot be parsed (${(error as Error).message})` };
    }
  }

  private readonly reasons = new Map<string, string>();

  private unreadable(config: string): string {
    return this.reasons.get(config) ?? 'cannot be read';
  }

  /**
   * Reads config files (and what they extend) safely, and lists directories from the files given
   * only: `include` patterns are matched against those, and the tree is never walked.
   */
  private parseHost(): ts.ParseConfigHost {
    return {
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
      fileExists: (file) => lstatSync(file, { throwIfNoEntry: false })?.isFile() === true,
      readFile: (file) => {
        const read = readSourceText(file, MAX_CONFIG_BYTES);
        if ('text' in read) return read.text;
        this.reasons.set(file, read.reason);
        return undefined;
      },
      readDirectory: (root, extensions, excludes, includes, depth) =>
        matchFiles(this.knownFiles, root, extensions, excludes, includes, depth),
    };
  }
}

function message(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}

/** ts.matchFiles over a fixed list of files instead of the file system. */
function matchFiles(
  files: readonly string[],
  root: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[],
  depth: number | undefined,
): string[] {
  const entries = new Map<string, { files: string[]; directories: Set<string> }>();
  const entry = (directory: string) => {
    let found = entries.get(directory);
    if (found === undefined) {
      found = { files: [], directories: new Set() };
      entries.set(directory, found);
    }
    return found;
  };
  for (const file of files) {
    if (relative(root, file).startsWith('..')) continue;
    let directory = dirname(file);
    entry(directory).files.push(basename(file));
    while (directory !== root && dirname(directory) !== directory) {
      entry(dirname(directory)).directories.add(basename(directory));
      directory = dirname(directory);
    }
  }
  const internal = ts as unknown as {
    matchFiles?: (
      path: string,
      extensions: readonly string[] | undefined,
      excludes: readonly string[] | undefined,
      includes: readonly string[],
      useCaseSensitiveFileNames: boolean,
      currentDirectory: string,
      depth: number | undefined,
      getFileSystemEntries: (path: string) => { files: string[]; directories: string[] },
      realpath: (path: string) => string,
    ) => string[];
  };
  // Internal to the compiler: without it, configs own the files nearest to them only.
  if (internal.matchFiles === undefined) return [];
  return internal.matchFiles(
    root,
    extensions,
    excludes,
    includes,
    ts.sys.useCaseSensitiveFileNames,
    root,
    depth,
    (path) => {
      const found = entries.get(path);
      return { files: found?.files ?? [], directories: [...(found?.directories ?? [])] };
    },
    (path) => path,
  );
}

/** Options of the user's config, as the scan needs them: no emit, the given JavaScript read. */
function forScan(options: ts.CompilerOptions, hasJs: boolean): ts.CompilerOptions {
  const scanOptions: ts.CompilerOptions = { ...options, noEmit: true, skipLibCheck: true };
  for (const emitOnly of [
    'emitDeclarationOnly',
    'declaration',
    'declarationMap',
    'composite',
    'incremental',
    'tsBuildInfoFile',
    'outDir',
    'outFile',
    'sourceMap',
    'inlineSourceMap',
  ])
    delete scanOptions[emitOnly];
  // The tool was given the JavaScript files: the compiler must read them, whatever the config.
  if (hasJs) scanOptions.allowJs = true;
  // As the project's own TypeScript (5 or older) saw them: every @types package.
  if (options.types === undefined) scanOptions.types = ['*'];
  return scanOptions;
}

/** What {@link createProgram} read besides the files: one line per config it could not use. */
export interface ProgramNotes {
  notes: string[];
}

/**
 * A TypeScript program over the given files, with the compiler `@ts-morph/common` bundles (it works even
 * where the project itself uses a TypeScript without a compiler API). The compiler options are
 * those of the project's own tsconfig.json or jsconfig.json (path aliases, JavaScript checking,
 * module resolution), with nothing emitted; each file's imports resolve as the config that owns
 * it says (a project reference's files, say, with their own `paths`). Without a config, or with
 * one that cannot be read, permissive defaults. Modules such as `opentracing` resolve from each
 * file's own node_modules, which gives the scan its types. Files given with their text are not
 * read again: the program holds exactly the text that was checked.
 * @param notes - receives a line for each config that could not be used.
 * @internal
 */
export function createProgram(
  files: readonly (string | ProgramFile)[],
  notes?: ProgramNotes,
): ts.Program {
  const names = files.map((file) => (typeof file === 'string' ? file : file.file));
  const configs = new Configs(names);
  const owners = new Map<string, number>();
  for (const name of names) {
    const owner = configs.ownerOf(name);
    if (owner !== undefined) owners.set(owner, (owners.get(owner) ?? 0) + 1);
  }
  const usable = [...owners.entries()].filter(([config]) => !('problem' in configs.read(config)));
  // The config that owns most files gives the program's options; each config resolves its own files' imports.
  usable.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const main = usable[0] === undefined ? undefined : configs.read(usable[0][0]);
  const hasJs = names.some((name) => /\.[cm]?jsx?$/.test(name));
  const options =
    main === undefined || 'problem' in main ? DEFAULT_OPTIONS : forScan(main.options, hasJs);
  notes?.notes.push(...configs.notes);
  // Each file's imports resolve by its own config: a project reference's files by theirs.
  const perFile = usable.length > 0;
  const given = new Map<string, string>();
  for (const file of files) if (typeof file !== 'string') given.set(file.file, file.text);
  const host = createCompilerHost(
    options,
    given,
    perFile ? (moduleHost) => perFileResolution(moduleHost, configs, options, hasJs) : undefined,
  );
  return ts.createProgram({ rootNames: names, options, host });
}

/** Module resolution by the options of the config that owns the importing file. */
function perFileResolution(
  host: ts.ModuleResolutionHost,
  configs: Configs,
  fallback: ts.CompilerOptions,
  hasJs: boolean,
): NonNullable<ts.CompilerHost['resolveModuleNames']> {
  const caches = new Map<string, ts.ModuleResolutionCache>();
  const optionsOf = (file: string): [string, ts.CompilerOptions] => {
    // Declarations in node_modules resolve as the program does: their configs are not ours to read.
    const owner = /[\\/]node_modules[\\/]/.test(file) ? undefined : configs.ownerOf(file);
    const read = owner === undefined ? undefined : configs.read(owner);
    return read === undefined || 'problem' in read
      ? ['', fallback]
      : [owner as string, forScan(read.options, hasJs)];
  };
  return (moduleNames, containingFile, _reused, redirected, _options, source) => {
    const [key, options] = optionsOf(containingFile);
    let cache = caches.get(key);
    if (cache === undefined) {
      cache = ts.createModuleResolutionCache(dirname(containingFile), (name) => name, options);
      caches.set(key, cache);
    }
    return moduleNames.map((name, index) => {
      const mode =
        source === undefined ? undefined : ts.getModeForResolutionAtIndex(source, index, options);
      return ts.resolveModuleName(name, containingFile, options, host, cache, redirected, mode)
        .resolvedModule;
    });
  };
}

/**
 * The first syntax error the parser found in a file, as `line L, column C: message`; undefined
 * when it parses. Only the parser's own errors count: the checks the compiler adds for JavaScript
 * files (type annotations in a `.js` file, say) are no reason to leave a file out.
 * @internal
 */
export function firstSyntaxError(
  program: ts.Program,
  sourceFile: ts.SourceFile,
): string | undefined {
  const parsed = (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] })
    .parseDiagnostics;
  // parseDiagnostics is internal to the compiler; should it go, every syntactic error counts.
  const [first] = parsed ?? program.getSyntacticDiagnostics(sourceFile);
  if (first === undefined) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0);
  const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
  return `line ${line + 1}, column ${character + 1}: ${message}`;
}
