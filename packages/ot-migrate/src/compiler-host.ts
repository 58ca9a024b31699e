import { getLibFiles, libFolderInMemoryPath, ts } from '@ts-morph/common';
import { sharingDeclarations } from './declaration-cache';

/**
 * The standard library declarations of the bundled compiler, by path. The compiler ships inside
 * `@ts-morph/common` without its `lib` folder on disk, so they are served from memory, under a
 * folder of their own.
 */
let libraryTexts: Map<string, string> | undefined;

function libraryText(fileName: string): string | undefined {
  libraryTexts ??= new Map(
    getLibFiles().map((file) => [`${libFolderInMemoryPath}/${file.fileName}`, file.text]),
  );
  return libraryTexts.get(fileName);
}

function isLibraryPath(fileName: string): boolean {
  return fileName.startsWith(`${libFolderInMemoryPath}/`);
}

/** Source texts by path: the text a file was checked with, never read again. */
export type GivenTexts = ReadonlyMap<string, string>;

/**
 * A compiler host over the real file system, with the standard library from memory, the given
 * texts in place of what is on disk, and declaration files parsed once per process (see
 * {@link sharingDeclarations}).
 * @param options - the program's compiler options.
 * @param given - source texts by path.
 * @param resolution - module resolution over the host, when the default (by `options`) is not wanted.
 * @internal
 */
export function createCompilerHost(
  options: ts.CompilerOptions,
  given: GivenTexts,
  resolution?: (host: ts.ModuleResolutionHost) => ts.CompilerHost['resolveModuleNames'],
): ts.CompilerHost {
  const host = withProbesRemembered(ts.createCompilerHost(options, true));
  const readFile = (fileName: string): string | undefined =>
    given.get(fileName) ??
    (isLibraryPath(fileName) ? libraryText(fileName) : host.readFile(fileName));
  const getSourceFile = sharingDeclarations(ts, options, readFile, isLibraryPath);
  const compilerHost: ts.CompilerHost = {
    ...host,
    getDefaultLibLocation: () => libFolderInMemoryPath,
    getDefaultLibFileName: (compilerOptions) =>
      `${libFolderInMemoryPath}/${ts.getDefaultLibFileName(compilerOptions)}`,
    fileExists: (fileName) =>
      given.has(fileName) ||
      (isLibraryPath(fileName) ? libraryText(fileName) !== undefined : host.fileExists(fileName)),
    readFile,
    getSourceFile: (fileName, parseOptions, onError) => {
      try {
        return getSourceFile(fileName, parseOptions);
      } catch (error) {
        onError?.((error as Error).message);
        return undefined;
      }
    },
  };
  if (resolution !== undefined) compilerHost.resolveModuleNames = resolution(compilerHost);
  return compilerHost;
}

/**
 * The host with its answers to "does this file / directory exist" and "where does this path
 * really lead" remembered: module resolution asks them again and again for the same node_modules
 * folders, and a program is built from one moment of the file system anyway.
 */
function withProbesRemembered(host: ts.CompilerHost): ts.CompilerHost {
  const files = new Map<string, boolean>();
  const directories = new Map<string, boolean>();
  const realPaths = new Map<string, string>();
  const directoryExists = host.directoryExists?.bind(host);
  const realpath = host.realpath?.bind(host);
  return {
    ...host,
    fileExists: (fileName) => remembered(files, fileName, () => host.fileExists(fileName)),
    directoryExists:
      directoryExists && ((name) => remembered(directories, name, () => directoryExists(name))),
    realpath: realpath && ((path) => remembered(realPaths, path, () => realpath(path))),
  };
}

function remembered<T>(answers: Map<string, T>, key: string, ask: () => T): T {
  const known = answers.get(key);
  if (known !== undefined) return known;
  const answer = ask();
  answers.set(key, answer);
  return answer;
}
