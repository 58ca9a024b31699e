/**
 * Parsed declaration files (the standard library, `.d.ts` files such as those in node_modules),
 * shared by every program a process creates. Parsing them is most of the cost of a program over a
 * few files, and a rewrite creates several programs over the same project. A parsed file is reused
 * only by the same compiler, for the same text, parse options and source-affecting compiler
 * options, as TypeScript's own
 * language service shares files between projects. Generic over the compiler, so the tests can
 * share the declarations of the `typescript` package's programs the same way.
 */
const declarations = new Map<string, { text: string; file: unknown }>();

const DECLARATION_FILE = /\.d\.[cm]?ts$/;

// Options that say where files are, or which ones a program reads, but not how a file parses or
// binds: two programs that differ only in these share their declaration files.
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

/** Creates a source file: `ts.createSourceFile` with parent pointers set. */
type Parse<File> = (fileName: string, text: string, parseOptions: unknown) => File;

/**
 * A `getSourceFile` for a compiler host that shares parsed declaration files with the other
 * programs of the process, and parses other files as `parse` does.
 * @param compiler - the compiler's version (`ts.version`): two compilers in one process (the
 *   tool's and a project's own, in the tests) must not read each other's parsed files.
 * @param options - the program's compiler options.
 * @param readFile - reads a file's text (the host's own).
 * @param parse - parses a file.
 * @param isDeclaration - whether a file (besides `.d.ts` files) is shared, as the standard library is.
 * @internal
 */
export function sharingDeclarations<File>(
  compiler: string,
  options: object,
  readFile: (fileName: string) => string | undefined,
  parse: Parse<File>,
  isDeclaration: (fileName: string) => boolean = () => false,
): (fileName: string, parseOptions: unknown) => File | undefined {
  const optionsKey = JSON.stringify(
    Object.entries(options)
      .filter(([name]) => !LOCATION_OPTIONS.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return (fileName, parseOptions) => {
    const text = readFile(fileName);
    if (text === undefined) return undefined;
    if (!DECLARATION_FILE.test(fileName) && !isDeclaration(fileName))
      return parse(fileName, text, parseOptions);
    const key = `${compiler}\n${fileName}\n${JSON.stringify(parseOptions)}\n${optionsKey}`;
    const cached = declarations.get(key);
    if (cached !== undefined && cached.text === text) return cached.file as File;
    const file = parse(fileName, text, parseOptions);
    declarations.set(key, { text, file });
    return file;
  };
}
