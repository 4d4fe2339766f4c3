#!/usr/bin/env node
// Launcher only: the program is the bundle that `npm install` builds (scripts/build.mjs).
'use strict';
const { join } = require('node:path');

function cannotStart(error) {
  process.stderr.write(`news: cannot start (${error.message.split('\n')[0]}). Run 'npm install' in ${join(__dirname, '..')} to build it\n`);
  process.exitCode = 1;
}

try {
  require('../dist/launcher.cjs').launch(join(__dirname, '..', 'dist', 'news.cjs')).catch(cannotStart);
} catch (error) {
  cannotStart(error);
}
