import { Project, ts } from 'ts-morph';

/**
 * Compiler options for reading a codebase we know nothing about: JavaScript included (and type
 * inference in it), no emit, no checking of declaration files.
 */
const OPTIONS: ts.CompilerOptions = {
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

/** A file given to the compiler as text already read, rather than by path. @internal */
export interface ProgramFile {
  file: string;
  text: string;
}

/**
 * A TypeScript program over the given files, with the compiler ts-morph bundles (it works even
 * where the project itself uses a TypeScript without a compiler API). Modules such as
 * `opentracing` resolve from each file's own node_modules, which gives the scan its types. Files
 * given with their text are not read again: the program holds exactly the text that was checked.
 * @internal
 */
export function createProgram(files: readonly (string | ProgramFile)[]): ts.Program {
  // A ts-morph Project supplies the standard library declarations its bundled compiler needs.
  const project = new Project({ compilerOptions: OPTIONS, skipAddingFilesFromTsConfig: true });
  for (const file of files) {
    if (typeof file === 'string') project.addSourceFileAtPath(file);
    else project.createSourceFile(file.file, file.text, { overwrite: true });
  }
  return project.getProgram().compilerObject;
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
