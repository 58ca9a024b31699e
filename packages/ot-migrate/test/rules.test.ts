// The codemod's rule-level suites (each rule on its fixtures, and the forms a rule must hold back),
// run in one Jest module registry: they share the compiler, loaded and warmed once, and the
// declaration files it parsed (src/declaration-cache.ts), which a test file of its own would load
// again. Each suite stays in its own file, in a describe block of its name.
const SUITES = [
  'rules',
  'rewrite-rules',
  'tag-values',
  'value-helpers',
  'carriers',
  'baggage-escape',
  'baggage-active',
  'held-back',
];

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
