// The codemod's whole-run suites (scan, rewrite, file groups, adapters, the guide's examples, the
// programs they build), run in one Jest module registry for the reason rules.test.ts gives.
const SUITES = ['scan', 'rewrite', 'groups', 'guide-groups', 'guide', 'adapters', 'programs'];

for (const suite of SUITES) {
  describe(suite, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a suite's tests, defined here
    require(`./${suite}.suite`);
  });
}

// A module, not a script: its names are its own.
export {};
