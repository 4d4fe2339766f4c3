#!/usr/bin/env node
// Starts the launcher, which the build writes beside the program (scripts/build.mjs).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { runInThisContext } = require('node:vm');

const dist = join(__dirname, '..', 'dist');

function cannotStart(error) {
  process.stderr.write(`news: cannot start (${error.message.split('\n')[0]}). Run 'npm install' in ${join(__dirname, '..')} to build it\n`);
  process.exitCode = 1;
}

try {
  // Run as Node runs a CommonJS module, without require()'s lookups for the file, which cost
  // about half a millisecond on every start.
  const path = join(dist, 'launcher.cjs');
  const launcher = { exports: {} };
  runInThisContext(`(function (exports, require, module, __filename, __dirname) {${readFileSync(path, 'utf8')}\n})`, { filename: path })(launcher.exports, require, launcher, path, dist);
  launcher.exports.launch(dist).catch(cannotStart);
} catch (error) {
  cannotStart(error);
}
