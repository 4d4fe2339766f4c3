/**
 * Values one to a line, in the cache files that are split rather than parsed (split is a third of
 * JSON.parse's time for fifty thousand values): backslashes and line breaks are escaped, which
 * few values need.
 */
export function escapeLine(value: string): string {
  return /[\\\n\r]/.test(value) ? value.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\r')) : value;
}

export function unescapeLine(value: string): string {
  return value.includes('\\') ? value.replace(/\\([\\nr])/g, (_, c: string) => (c === '\\' ? '\\' : c === 'n' ? '\n' : '\r')) : value;
}
