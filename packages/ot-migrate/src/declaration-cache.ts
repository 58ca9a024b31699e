/**
 * Parsed declaration files (the standard library, `.d.ts` files such as those in node_modules),
 * shared by every program a process creates. Parsing them is most of the cost of a program over a
 * few files, and a rewrite creates several programs over the same project. A parsed file is reused
 * only by the same compiler, for the same text, parse options and source-affecting compiler
 * options, as TypeScript's own language service shares files between projects. Generic over the
 * compiler, so the tests can share the declarations of the `typescript` package's programs the
 * same way.
 */
const declarations = new WeakMap<object, Map<string, Bucket>>();

/** The files parsed under one set of options, by name and parse options. */
type Bucket = Map<string, { text: string; file: unknown }>;

// Sets of compiler options kept per compiler: a run uses one or a few; a long-lived process (the
// tests) would otherwise keep every set it ever used, tens of megabytes each. The least recently
// used set goes first.
const MAX_OPTION_SETS = 4;

const DECLARATION_FILE = /\.d\.[cm]?ts$/;

// Where the compiler does not list the options that change how a file parses or binds (the list
// is internal to it): every option counts except these, which say where files are, or which ones
// a program reads.
const LOCATION_OPTIONS = new Set([
  'configFilePath',
  'baseUrl',
  'paths',
  'pathsBasePath',
  'rootDir',
  'rootDirs',
  'outDir',
  'declarationDir',
  'tsBuildInfoFile',
  'typeRoots',
  'types',
  'lib',
  'noEmit',
  'skipLibCheck',
]);

/**
 * What is used of a compiler module (`ts`): its parser, and the list of the compiler options that
 * change how a file parses or binds, which its own language service keys shared files by.
 */
interface Compiler<File, ParseOptions> {
  createSourceFile(
    fileName: string,
    text: string,
    options: ParseOptions,
    setParentNodes?: boolean,
  ): File;
  readonly sourceFileAffectingCompilerOptions?: readonly { readonly name: string }[];
}

/**
 * A `getSourceFile` for a compiler host that shares parsed declaration files with the other
 * programs of the process, and parses the other files (with parent pointers, as ts-morph did).
 * @param compiler - the compiler module (`ts`): two compilers in one process (the tool's and a
 *   project's own, in the tests; or two copies of one version) must not read each other's parsed
 *   files, whose node and symbol ids come from each copy's own counters.
 * @param options - the program's compiler options.
 * @param readFile - reads a file's text (the host's own).
 * @param isDeclaration - whether a file (besides `.d.ts` files) is shared, as the standard library is.
 * @internal
 */
export function sharingDeclarations<File, ParseOptions>(
  compiler: Compiler<File, ParseOptions>,
  options: object,
  readFile: (fileName: string) => string | undefined,
  isDeclaration: (fileName: string) => boolean = () => false,
): (fileName: string, parseOptions: ParseOptions) => File | undefined {
  const parse = (fileName: string, text: string, parseOptions: ParseOptions): File =>
    compiler.createSourceFile(fileName, text, parseOptions, true);
  const optionsKey = sourceOptionsKey(compiler, options);
  let byOptions = declarations.get(compiler);
  if (byOptions === undefined) declarations.set(compiler, (byOptions = new Map<string, Bucket>()));
  let bucket = byOptions.get(optionsKey);
  if (bucket === undefined) bucket = new Map<string, { text: string; file: unknown }>();
  // Most recently used last: re-inserted, and the first one dropped beyond the limit.
  byOptions.delete(optionsKey);
  byOptions.set(optionsKey, bucket);
  if (byOptions.size > MAX_OPTION_SETS) byOptions.delete(byOptions.keys().next().value as string);
  const files = bucket;
  return (fileName, parseOptions) => {
    const text = readFile(fileName);
    if (text === undefined) return undefined;
    if (!DECLARATION_FILE.test(fileName) && !isDeclaration(fileName))
      return parse(fileName, text, parseOptions);
    const key = `${fileName}\n${parseOptionsKey(parseOptions)}`;
    const cached = files.get(key);
    if (cached !== undefined && cached.text === text) return cached.file as File;
    const file = parse(fileName, text, parseOptions);
    files.set(key, { text, file });
    return file;
  };
}

/**
 * The compiler options a parsed file depends on, as a key: those the compiler lists as changing how
 * a file parses or binds (with `strict`, which turns `alwaysStrict` on), else every option but the
 * location ones.
 */
function sourceOptionsKey(
  compiler: { readonly sourceFileAffectingCompilerOptions?: readonly { readonly name: string }[] },
  options: object,
): string {
  const values = options as Record<string, unknown>;
  const listed: readonly { readonly name: string }[] | undefined =
    compiler.sourceFileAffectingCompilerOptions;
  const names: string[] =
    listed === undefined
      ? Object.keys(options).filter((name) => !LOCATION_OPTIONS.has(name))
      : [...listed.map((option) => option.name), 'strict'];
  return JSON.stringify(
    names
      .filter((name) => values[name] !== undefined)
      .sort()
      .map((name): [string, unknown] => [name, values[name]]),
  );
}

/**
 * What a file's parse depends on of the options the compiler passes for it: the language version,
 * the module format (ES module or CommonJS) and the JSDoc parsing mode. Where the package.json
 * files that decided the format are is not part of it: the same file always has the same ones.
 */
function parseOptionsKey(parseOptions: unknown): string {
  if (typeof parseOptions !== 'object' || parseOptions === null) return String(parseOptions);
  const { languageVersion, impliedNodeFormat, jsDocParsingMode } = parseOptions as Record<
    string,
    unknown
  >;
  return `${String(languageVersion)} ${String(impliedNodeFormat)} ${String(jsDocParsingMode)}`;
}
