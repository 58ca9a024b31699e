// Programs of the `typescript` package (the compiler a project itself uses), for tests that judge
// code by it, with their declaration files shared as ot-migrate's own programs share them.
import * as ts from 'typescript';
import { sharingDeclarations } from '../../packages/ot-migrate/src/declaration-cache';

/** `ts.createProgram` over `rootNames` with `options`, declaration files parsed once per test file. */
export function createProgram(
  rootNames: readonly string[],
  options: ts.CompilerOptions,
): ts.Program {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = sharingDeclarations(ts, options, (fileName) => host.readFile(fileName));
  host.getSourceFile = (fileName, parseOptions) => getSourceFile(fileName, parseOptions);
  return ts.createProgram({ rootNames, options, host });
}

/**
 * The diagnostics of the files a project owns (its root files, not the declarations it reads),
 * with the options' and global ones: what the project's own `tsc` reports with `skipLibCheck`.
 */
export function projectDiagnostics(program: ts.Program): readonly ts.Diagnostic[] {
  const roots = new Set(program.getRootFileNames());
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program
      .getSourceFiles()
      .filter((file) => roots.has(file.fileName))
      .flatMap((file) => [
        ...program.getSyntacticDiagnostics(file),
        ...program.getSemanticDiagnostics(file),
      ]),
  ];
}
