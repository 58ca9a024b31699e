import type { Dirent, Stats } from 'node:fs';
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';

// Which files `ot-migrate` reads. It runs on trees nobody checked: a symbolic link may point out of
// the tree or at itself, a `.ts` name may be a FIFO or a device. Every file it reads or writes is
// found here, so these rules hold in one place: a file is identified by its real path, which lies
// inside the paths given; anything else is skipped and listed with the reason. Reading and writing
// the files found: source-file-io.ts.

/** The file types `ot-migrate` reads. */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
]);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'build', 'coverage']);

/** A file `ot-migrate` left alone, and why. */
export interface SkippedFile {
  /** The path where it was found (for a symbolic link, the link's own path). */
  file: string;
  reason: string;
  /**
   * A source file among the paths whose content could not be checked (unreadable, too large, not
   * UTF-8, not parsing): it may hold OpenTracing code, so a gate cannot vouch for it.
   */
  unchecked?: true;
}

/** The source files under some paths, and the ones skipped. */
export interface SourceTree {
  /** Real paths (no symbolic link in them), each inside a given path, sorted. */
  files: string[];
  skipped: SkippedFile[];
}

/**
 * Every source file under the given paths, by real path, sorted. Files are taken as given;
 * directories are walked, leaving out node_modules, .git, dist, build and coverage, and `.d.ts`
 * files. A symbolic link, given or found, is followed only when its target lies inside one of the
 * given paths that is not a link itself; a link out of them, a link loop, and anything that is not
 * a regular file (FIFO, device, socket) is skipped and listed. Throws when a given path does not
 * exist.
 * @internal
 */
export function collectSourceFiles(paths: readonly string[]): SourceTree {
  const walk = new Walk(paths.map(givenRoot));
  for (const root of walk.roots) walk.visitRoot(root);
  return {
    files: [...walk.files].sort(),
    skipped: sortByFile(walk.skipped),
  };
}

/** A path as given on the command line. */
interface Root {
  given: string;
  /**
   * Where it is: the real path of its directory, then its own name. For anything but a link that
   * is its real path; a link is not followed by this (a shell glob such as `src/*.ts` gives the
   * links among the files too, and they must not widen the tree).
   */
  location: string | undefined;
  isLink: boolean;
  /** Why its location could not be found. */
  problem?: string;
}

function givenRoot(path: string): Root {
  const absolute = resolve(path);
  const stats = lstatSync(absolute, { throwIfNoEntry: false });
  if (stats === undefined) throw new Error(`no such file or directory: ${path}`);
  const isLink = stats.isSymbolicLink();
  try {
    const location = isLink
      ? join(realpathSync(dirname(absolute)), basename(absolute))
      : realpathSync(absolute);
    return { given: absolute, location, isLink };
  } catch (error) {
    return {
      given: absolute,
      location: undefined,
      isLink,
      problem: `cannot be read (${errorCode(error)})`,
    };
  }
}

class Walk {
  readonly files = new Set<string>();
  readonly skipped: SkippedFile[] = [];
  /** The real paths links may lead into: the given paths that are not links. */
  private readonly insides: readonly string[];
  /** Directories walked so far, by real path: each is read once, however many links lead to it. */
  private readonly visited = new Set<string>();
  /** The directories being walked, outermost first: a link to one of them is a loop. */
  private readonly open = new Set<string>();

  constructor(readonly roots: readonly Root[]) {
    this.insides = roots.flatMap((root) =>
      root.location === undefined || root.isLink ? [] : [root.location],
    );
  }

  visitRoot(root: Root): void {
    if (root.location === undefined) {
      return this.skip(root.given, root.problem ?? 'cannot be read');
    }
    if (root.isLink) return this.visitLink(root.location, true);
    const stats = statSync(root.location, { throwIfNoEntry: false });
    if (stats === undefined) return this.skip(root.given, 'cannot be read');
    if (stats.isDirectory()) return this.visitDirectory(root.location);
    this.visitFile(root.location, stats, true);
  }

  private visitDirectory(real: string): void {
    if (this.visited.has(real)) return;
    this.visited.add(real);
    this.open.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(real, { withFileTypes: true });
    } catch (error) {
      entries = [];
      this.skip(real, `cannot be read (${errorCode(error)})`);
    }
    for (const entry of entries) this.visitEntry(join(real, entry.name), entry);
    this.open.delete(real);
  }

  private visitEntry(path: string, entry: Dirent): void {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) this.visitDirectory(path);
    } else if (entry.isSymbolicLink()) {
      this.visitLink(path, false);
    } else if (isSourceFile(path)) {
      this.visitFile(path, entry.isFile() ? undefined : lstatSync(path), false);
    }
  }

  /** A regular file with a source file's name is read; what else is named so is listed. */
  private visitFile(real: string, stats: Stats | undefined, given: boolean): void {
    if (stats !== undefined && !stats.isFile()) return this.skip(real, notRegular(stats));
    if (!isSourceFile(real) && !(given && SOURCE_EXTENSIONS.has(extname(real)))) {
      if (given) this.skip(real, `not a ${[...SOURCE_EXTENSIONS].join(', ')} file`);
      return;
    }
    this.files.add(real);
  }

  /**
   * Follows a link whose target stays inside the given paths; lists the others. Links the walk
   * finds are listed only when they have a source file's name or lead to a directory; a given
   * link always is.
   */
  private visitLink(path: string, given: boolean): void {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      if (given || isSourceFile(path) || errorCode(error) === 'ELOOP') {
        this.skip(path, linkProblem(error));
      }
      return;
    }
    const target = statSync(real, { throwIfNoEntry: false });
    if (target === undefined) return;
    const isDirectory = target.isDirectory();
    if (!given && (isDirectory ? SKIPPED_DIRECTORIES.has(basename(path)) : !isSourceFile(path))) {
      return;
    }
    if (!this.isInside(real)) {
      return this.skip(path, `a symbolic link to ${real}, outside the given paths`);
    }
    if (!isDirectory) {
      // The target is read and written under its real path: never through the link.
      return this.visitFile(real, target, given);
    }
    if (this.open.has(real)) return this.skip(path, `a symbolic link loop (to ${real})`);
    this.visitDirectory(real);
  }

  private isInside(real: string): boolean {
    return this.insides.some((inside) => isWithin(real, inside) && !inSkipped(real, inside));
  }

  private skip(file: string, reason: string): void {
    this.skipped.push({ file, reason });
  }
}

function isWithin(path: string, directory: string): boolean {
  const prefix = directory.endsWith(sep) ? directory : directory + sep;
  return path === directory || path.startsWith(prefix);
}

/** Whether a path under `root` goes through a directory the walk leaves out (node_modules…). */
function inSkipped(path: string, root: string): boolean {
  return path
    .slice(root.length)
    .split(sep)
    .some((part) => SKIPPED_DIRECTORIES.has(part));
}

function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSIONS.has(extname(path)) && !path.endsWith('.d.ts');
}

/** Why something that is not a regular file was skipped. @internal */
export function notRegular(stats: Stats): string {
  const kind = stats.isFIFO()
    ? 'a FIFO'
    : stats.isCharacterDevice()
      ? 'a character device'
      : stats.isBlockDevice()
        ? 'a block device'
        : stats.isSocket()
          ? 'a socket'
          : stats.isDirectory()
            ? 'a directory'
            : 'something else';
  return `not a regular file: ${kind}`;
}

function linkProblem(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'ENOENT') return 'a symbolic link to nothing';
  return `cannot be read (${code})`;
}

/** The `code` of a Node.js system error, else its message. @internal */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : String((error as Error | undefined)?.message ?? error);
}

/** Skipped files in path order. @internal */
export function sortByFile(skipped: SkippedFile[]): SkippedFile[] {
  return skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
