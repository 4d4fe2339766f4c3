// marked-terminal imports cli-highlight (highlight.js, ~60 ms of start-up) for code blocks; the
// reader renders code blocks itself, plainly, so the bundle gets this instead.
export function highlight(code) {
  return code;
}
