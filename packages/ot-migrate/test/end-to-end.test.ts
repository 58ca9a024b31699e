// The codemod end to end: the command on real directories (cli), on hostile trees (hostile-tree),
// and the fixture projects run through the bridge before and after a rewrite (equivalence,
// projects). In one Jest module registry for the reason rules.test.ts gives; each suite stays in
// its own file, in a describe block of its name.

// Equivalence before projects: the originals it runs through the bridge are loaded fresh, as their
// rewritten copies are.
const SUITES = ['cli', 'hostile-tree', 'equivalence', 'projects'];

// Jest keeps one default timeout per test file (the last set while the tests are collected): set
// here, for every suite. A guard against a hang (commands and child processes on a busy machine),
// not a timing check.
jest.setTimeout(120_000);

for (const suite of SUITES) {
  describe(suite, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a suite's tests, defined here
    require(`./${suite}.suite`);
  });
}

// A module, not a script: its names are its own.
export {};
