#!/usr/bin/env node
'use strict';
// The bin is this file rather than dist/cli.js: it exists before the build, so npm links it in a
// fresh clone of the repository too (it links nothing whose file is missing at install time).
// run() resolves to the exit status: `traces` listens and reports asynchronously.
void require('../dist/cli.js')
  .run(process.argv.slice(2))
  .then((status) => (process.exitCode = status));
