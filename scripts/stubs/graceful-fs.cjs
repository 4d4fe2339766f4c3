// proper-lockfile uses graceful-fs, which patches fs at load (~5 ms) to queue opens past the
// open-file limit; news holds one lock and opens a handful of files, so plain fs is the same.
module.exports = require('node:fs');
