import { constants, openSync, readSync } from 'node:fs';

/**
 * Reading the cache files that are read in parts (the fetched list, the search indexes), and
 * values one to a line, in the cache files that are split rather than parsed (split is a third of
 * JSON.parse's time for fifty thousand values): backslashes and line breaks are escaped, which
 * few values need.
 */
export function escapeLine(value: string): string {
  return /[\\\n\r]/.test(value) ? value.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\r')) : value;
}

export function unescapeLine(value: string): string {
  return value.includes('\\') ? value.replace(/\\([\\nr])/g, (_, c: string) => (c === '\\' ? '\\' : c === 'n' ? '\n' : '\r')) : value;
}

/** A cache file opened for reading in parts, never through a link; undefined when there is none to read. */
export function openCacheFile(path: string): number | undefined {
  try {
    return openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
}

/** Up to `length` bytes at `position`: fewer only where the file ends. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, readInto(fd, position, buffer));
}

/** Fills `target` from the file at `position`; returns how many bytes were there (fewer only where the file ends). */
export function readInto(fd: number, position: number, target: Uint8Array): number {
  let read = 0;
  while (read < target.length) {
    const bytes = readSync(fd, target, read, target.length - read, position + read);
    if (bytes === 0) break;
    read += bytes;
  }
  return read;
}
