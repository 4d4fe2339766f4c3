// chalk asks supports-color about the terminal at import, loading node:tty (~6 ms). The reader
// decides colour itself (src/io.ts) and gives chalk the level, so the question is never needed.
export function createSupportsColor() {
  return false;
}
export default { stdout: false, stderr: false };
