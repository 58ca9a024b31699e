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

/**
 * A TypeScript program over the given files, with the compiler ts-morph bundles (it works even
 * where the project itself uses a TypeScript without a compiler API). Modules such as
 * `opentracing` resolve from each file's own node_modules, which gives the scan its types.
 * @internal
 */
export function createProgram(fileNames: readonly string[]): ts.Program {
  // A ts-morph Project supplies the standard library declarations its bundled compiler needs.
  const project = new Project({ compilerOptions: OPTIONS, skipAddingFilesFromTsConfig: true });
  for (const fileName of fileNames) project.addSourceFileAtPath(fileName);
  return project.getProgram().compilerObject;
}
