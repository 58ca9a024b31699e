// The type errors of rewritten files, as the tests that check a rewrite compiles read them.
import { ts } from '@ts-morph/common';
import { createProgram } from '../../src/program';

/**
 * The type errors in `files` (the rewrite's program over them, their imports resolved), each as
 * `<name of the file>: <message>`.
 * @param name - how a file is named in the result (a path relative to the test's directory, say).
 */
export function typeErrorsOf(files: readonly string[], name: (file: string) => string): string[] {
  const program = createProgram(files);
  // The files' own diagnostics only: the program's other files (the bridge's sources, say) would be
  // type-checked just to be left out, which took most of the time.
  const diagnostics = files.flatMap((file) => {
    const source = program.getSourceFile(file);
    if (source === undefined) return [];
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  });
  return ts
    .sortAndDeduplicateDiagnostics(diagnostics)
    .map(
      (diagnostic) =>
        `${name(diagnostic.file!.fileName)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
    );
}
