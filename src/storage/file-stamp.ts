import { lstatSync } from 'node:fs';
import { toNamespacedPath } from 'node:path';

/** What tells a changed file from the one an index saw: its size and modification time, as lstat gives them. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/**
 * Node's own lstat under `fs.lstatSync`: the numbers lstat gave, in a shared array, or undefined
 * when nothing is at the path and `throwIfNoEntry` is false.
 */
export type RawLstat = (path: string, bigint: false, request: undefined, throwIfNoEntry: false) => ArrayLike<number> | undefined;

// Where lstatSync reads them (lib/internal/fs/utils.js, getStatsFromBinding).
const SIZE = 8;
const MTIME_SECONDS = 12;
const MTIME_NANOSECONDS = 13;

function publicStamp(path: string): FileStamp | undefined {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return stat && { size: stat.size, mtimeMs: stat.mtimeMs };
}

/**
 * A function that lstat-s through `raw` once it has agreed with `fs.lstatSync` on a file that
 * exists (the first such file it is asked about; it is not checked again after), and through
 * lstatSync alone if it disagreed there. A path lstatSync would refuse first (a NUL in it), and
 * any error `raw` throws, are lstatSync's to answer: the reader sees the error it would give.
 */
export function makeFileStamp(raw: RawLstat | undefined): (path: string) => FileStamp | undefined {
  let trusted = false;
  let direct = raw;
  return (path) => {
    if (direct === undefined || path.includes('\0')) return publicStamp(path);
    let values: ArrayLike<number> | undefined;
    try {
      // As lstatSync passes it: the same path on POSIX, a \\?\ long path on Windows.
      values = direct(toNamespacedPath(path), false, undefined, false);
    } catch {
      // An error the caller must see (EACCES, ENOTDIR…) is thrown as lstatSync throws it.
      return publicStamp(path);
    }
    // The array is shared: read before anything else lstat-s.
    const stamp = values && { size: Number(values[SIZE]), mtimeMs: Number(values[MTIME_SECONDS]) * 1e3 + Number(values[MTIME_NANOSECONDS]) / 1e6 };
    if (trusted) return stamp;
    const checked = publicStamp(path);
    if (checked === undefined && stamp === undefined) return undefined;
    if (checked?.size === stamp?.size && checked?.mtimeMs === stamp?.mtimeMs) trusted = true;
    else direct = undefined;
    return checked;
  };
}

/**
 * Node's fs binding, when it can be had without a word on stderr. It is internal (DEP0111, a
 * deprecation only in documentation on Node 20), so nothing is taken on trust: makeFileStamp
 * checks what it gives.
 */
function nodeRawLstat(): RawLstat | undefined {
  const quiet = process.noDeprecation;
  try {
    // --pending-deprecation warns on the first process.binding(); the warning is read at the call.
    process.noDeprecation = true;
    const binding = (process as unknown as { binding?: (name: string) => { lstat?: unknown } }).binding?.('fs');
    const lstat = binding?.lstat;
    return typeof lstat === 'function' ? (lstat.bind(binding) as RawLstat) : undefined;
  } catch {
    return undefined; // a permission model, or a Node without it
  } finally {
    process.noDeprecation = quiet;
  }
}

let fileStamp: ((path: string) => FileStamp | undefined) | undefined;

/**
 * A file's size and mtime, or undefined when nothing is at `path`; other errors are thrown as
 * `fs.lstatSync` throws them. `list` and `search` owe every own file an lstat on each run (a
 * hand edit is seen at once), and through lstatSync each costs about 6 µs, most of it checking
 * the path and building Stats with four Dates: 1,000 files take 6 ms, the floor of both
 * commands. Node's binding gives the same numbers in about 2.5 µs.
 */
export function lstatStamp(path: string): FileStamp | undefined {
  fileStamp ??= makeFileStamp(nodeRawLstat());
  return fileStamp(path);
}
