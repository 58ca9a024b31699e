// The codemod's whole-run suites (scan, rewrite, file groups, adapters, the guide's examples, the
// programs they build), run in one Jest module registry for the reason rules.test.ts gives.
const SUITES = ['scan', 'rewrite', 'groups', 'guide-groups', 'guide', 'adapters', 'programs'];

// Jest keeps one default timeout per test file: set here, for every suite. A guard against a hang
// (whole runs of the tool on a busy machine), not a timing check.
jest.setTimeout(60_000);

for (const suite of SUITES) {
  describe(suite, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a suite's tests, defined here
    require(`./${suite}.suite`);
  });
}

// A module, not a script: its names are its own.
export {};
