#!/usr/bin/env node
'use strict';
// The bin is this file rather than dist/cli.js: it exists before the build, so npm links it in a
// fresh clone of the repository too (it links nothing whose file is missing at install time).
process.exitCode = require('../dist/cli.js').main(process.argv.slice(2));
