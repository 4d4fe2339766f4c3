// The least that checking the article index costs: list the folder, lstat every file. Not
// news; a floor for `news list` over a large library, measured in the same run. CommonJS, as
// an ES module would add some 8 ms of Node's own loading to the floor.
// With --binding, each lstat goes through Node's fs binding, as news's own index check does
// (src/storage/file-stamp.ts): the floor of that check, beside the public API's.
'use strict';
const { lstatSync, readdirSync } = require('node:fs');

const folder = `${process.env.NEWS_HOME}/articles/`;
let bytes = 0;
if (process.argv.includes('--binding')) {
  const binding = process.binding('fs');
  for (const name of readdirSync(folder)) bytes += binding.lstat(folder + name, false, undefined, true)[8];
} else {
  for (const name of readdirSync(folder)) bytes += lstatSync(folder + name).size;
}
// A folder with no files is a mistake, except where the bench asks for one, to time the rest.
if (bytes === 0 && !process.argv.includes('--may-be-empty')) process.exitCode = 1;
