// The codemod end to end: the command on real directories (cli), on hostile trees (hostile-tree),
// and the fixture projects run through the bridge before and after a rewrite (projects,
// equivalence). In one Jest module registry for the reason rules.test.ts gives; each suite stays in
// its own file, in a describe block of its name.
const SUITES = ['cli', 'hostile-tree', 'projects', 'equivalence'];

for (const suite of SUITES) {
  describe(suite, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a suite's tests, defined here
    require(`./${suite}.suite`);
  });
}

// A module, not a script: its names are its own.
export {};
