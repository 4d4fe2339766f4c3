import { closeSync, fstatSync } from 'node:fs';
import { openCacheFile, readAt } from '../storage/lines.js';
import { CorruptIndexError, lazyIndex, parseFirstLine, type SearchIndex } from './index.js';

/**
 * The search index file: read lazily (the header, then only the postings a query needs),
 * replaced whole. Everything here is a cache: a file that is missing, unreadable or corrupt
 * reads as no index, and the caller rebuilds it.
 */
/** The index of the bundled and the reader's own articles, checked file by file. */
export const SEARCH_INDEX_FILE = 'search-index-v3.txt';
/** The index of the fetched articles, trusted while the journal it was made from is unchanged. */
export const FETCHED_SEARCH_INDEX_FILE = 'search-fetched-v3.txt';
/**
 * What each index was called before, removed when it is written: version 2, and before it the
 * one file that held both.
 */
export const OLDER_SEARCH_INDEX_FILES: Readonly<Record<string, readonly string[]>> = {
  [SEARCH_INDEX_FILE]: ['search-index-v2.txt', 'search-index-v1.txt'],
  [FETCHED_SEARCH_INDEX_FILE]: ['search-fetched-v2.txt', 'search-index-v1.txt'],
};

export interface OpenIndex extends SearchIndex {
  close(): void;
}

/** The index in `path`, with its file held open for reading its parts; undefined if there is none usable. */
export function openIndexFile(path: string): OpenIndex | undefined {
  const fd = openCacheFile(path);
  if (fd === undefined) return undefined;
  try {
    const size = fstatSync(fd).size;
    const layout = parseFirstLine(readAll(fd, 0, Math.min(size, 512)));
    if (size !== layout.length) throw new CorruptIndexError('wrong length');
    let open = true;
    const index = lazyIndex(layout, (offset, length) => {
      if (!open) throw new Error('search index closed');
      return readAll(fd, offset, length);
    });
    return {
      ...index,
      close: () => {
        if (open) closeSync(fd);
        open = false;
      },
    };
  } catch {
    closeSync(fd);
    return undefined;
  }
}

function readAll(fd: number, position: number, length: number): Uint8Array {
  // A damaged part's offsets may make any number: only what the file can hold is read.
  if (!Number.isSafeInteger(position) || !Number.isSafeInteger(length) || position < 0 || length < 0) throw new CorruptIndexError('a part out of range');
  const bytes = readAt(fd, position, length);
  if (bytes.length !== length) throw new CorruptIndexError('the file ends early');
  return bytes;
}
