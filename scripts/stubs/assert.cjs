// signal-exit 3 (under proper-lockfile) checks its arguments with node:assert, whose loading
// creates process.stderr and its stream machinery (~8 ms). The two checks it makes, kept.
function assert(value, message) {
  if (!value) throw new Error(message);
}
assert.equal = (actual, expected, message) => {
  if (actual != expected) throw new Error(message);
};
module.exports = assert;
