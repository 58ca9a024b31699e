// The type errors of rewritten files, as the tests that check a rewrite compiles read them.
import { ts } from '@ts-morph/common';
import { createProgram } from '../../src/program';

/**
 * The type errors in `files` (the rewrite's program over them, their imports resolved), each as
 * `<name of the file>: <message>`.
 * @param name - how a file is named in the result (a path relative to the test's directory, say).
 */
export function typeErrorsOf(files: readonly string[], name: (file: string) => string): string[] {
  return ts
    .getPreEmitDiagnostics(createProgram(files))
    .filter((diagnostic) => diagnostic.file && files.includes(diagnostic.file.fileName))
    .map(
      (diagnostic) =>
        `${name(diagnostic.file!.fileName)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
    );
}
