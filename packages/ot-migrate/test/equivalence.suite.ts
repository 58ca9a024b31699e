// The equivalence harness (issue #13): each fixture project of test/projects is rewritten in a copy,
// and the copy must type-check with the project's own configuration, give the same spans as the
// original gave through the bridge (field by field), change nothing on a second run, and match its
// expected output. The share of files migrated is measured here too, and reported in MIGRATION.md.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { createProgram, projectDiagnostics } from '../../../test/support/typescript-program';
import { rewrite } from '../src/rewrite';
import { scan } from '../src/scan';
import { BRIDGE_STUB } from './support/bridge-stub';
import { PROJECTS, PROJECTS_DIR, projectSpans } from './support/run-project';

/** Files with OpenTracing usages, and of those the ones with none left after the rewrite. */
const figures: Record<string, { withUsages: number; migrated: number }> = {};
let workspace: string;

beforeAll(() => {
  // Inside the repository, so the copies resolve opentracing and @opentelemetry/api as the originals do.
  workspace = mkdtempSync(join(__dirname, '..', '.scratch-equivalence-'));
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  const rows = Object.entries(figures).map(
    ([name, { withUsages, migrated }]) => `${name}: ${migrated}/${withUsages}`,
  );
  const total = Object.values(figures).reduce(
    (sum, { withUsages, migrated }) => ({
      withUsages: sum.withUsages + withUsages,
      migrated: sum.migrated + migrated,
    }),
    { withUsages: 0, migrated: 0 },
  );
  process.stdout.write(
    `files migrated (no OpenTracing left): ${rows.join(', ')}; all: ${total.migrated}/${total.withUsages}\n`,
  );
});

/** Type errors of a project, as `file:line: message`, checked with its own configuration. */
function typeErrors(dir: string, config: string): string[] {
  const configFile = join(dir, config);
  const read = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configFile);
  const program = createProgram(parsed.fileNames, parsed.options);
  return projectDiagnostics(program).map((diagnostic) => {
    const file = diagnostic.file;
    const where =
      file === undefined
        ? ''
        : `${relative(dir, file.fileName)}:${file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `;
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  });
}

describe.each(Object.entries(PROJECTS))('project %s, rewritten', (name, project) => {
  const original = join(PROJECTS_DIR, name);
  let copy: string;
  let report: ReturnType<typeof rewrite>;

  beforeAll(() => {
    copy = join(workspace, name);
    cpSync(original, copy, { recursive: true });
    // The bridge installed, as in the application the project stands for.
    for (const [file, text] of Object.entries(BRIDGE_STUB)) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      writeFileSync(join(copy, file), text);
    }
    report = rewrite([copy], { tracerName: name });
  });

  it('type-checks with its own configuration, as the original does', () => {
    expect(typeErrors(copy, project.config)).toEqual(typeErrors(original, project.config));
  }, 60_000);

  it('gives the same spans as the original gave through the bridge', async () => {
    const before = await projectSpans(original, project.entry);
    expect(before.length).toBeGreaterThan(0);
    expect(await projectSpans(copy, project.entry)).toEqual(before);
  });

  it('changes nothing when run again', () => {
    const again = rewrite([copy], { tracerName: name, dryRun: true });
    expect(again.files.filter((file) => file.after !== file.before).map((f) => f.file)).toEqual([]);
  }, 60_000);

  it('writes the expected output', () => {
    const outputs = Object.fromEntries(
      report.files
        .filter((file) => file.after !== file.before)
        .map((file) => [relative(copy, file.file), readFileSync(file.file, 'utf8')]),
    );
    expect(outputs).toMatchSnapshot();
  });

  it('leaves no OpenTracing in the files it migrates', () => {
    const before = scan([original]).files.map((file) => relative(original, file.file));
    // Adapters at the boundary with code that stays OpenTracing are allowed: they are counted apart.
    const left = new Set(
      scan([copy])
        .files.filter((file) => file.total > 0)
        .map((file) => relative(copy, file.file)),
    );
    const migrated = before.filter((file) => !left.has(file));
    figures[name] = { withUsages: before.length, migrated: migrated.length };
    // A file the rewrite reports as rewritten has nothing left.
    const rewritten = report.files
      .filter((file) => file.outcome === 'rewritten')
      .map((file) => relative(copy, file.file));
    expect(rewritten.filter((file) => left.has(file))).toEqual([]);
  }, 60_000);
});
