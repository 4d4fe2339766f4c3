// write-file-atomic hashes (file, pid, thread, counter) with sha1 only to name its temp file
// uniquely; loading node:crypto for that costs ~5 ms (it pulls in streams and ciphers). A
// 32-bit FNV-1a of the same inputs names it as uniquely, in the same "<file>.<number>" form.
exports.createHash = function createHash() {
  let hash = 0x811c9dc5;
  const api = {
    update(value) {
      for (const character of String(value)) {
        hash ^= character.codePointAt(0);
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
      return api;
    },
    digest() {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(hash >>> 0);
      return bytes;
    },
  };
  return api;
};
