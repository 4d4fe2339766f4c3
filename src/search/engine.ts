import type { ArticleEntry, ArticleLibrary } from '../articles/library.js';
import { NewsError } from '../errors.js';
import { writeTextAtomic } from '../storage/json-file.js';
import { CorruptIndexError, analyzeArticle, refreshIndex, type Analysis } from './index.js';
import { search } from './query.js';
import { openIndexFile, statEntries } from './store.js';
import type { QueryWord } from './text.js';

export interface Found {
  entry: ArticleEntry;
  score: number;
}

/**
 * Searches these library entries through the index at `indexPath`: the index is checked against
 * every file's size and mtime, brought up to date by reading only the files that changed, and
 * saved again when it changed (best effort: a cache that cannot be written costs speed only).
 * Returns the best `limit` hits, best first, how many there are in all, and the problems of
 * files that are not articles.
 */
export async function searchLibrary(
  library: ArticleLibrary,
  entries: readonly ArticleEntry[],
  indexPath: string,
  query: readonly QueryWord[],
  limit: number,
): Promise<{ found: Found[]; total: number; idf: number[]; problems: string[] }> {
  const files = statEntries(entries);
  const analyze = (file: { entry: ArticleEntry }): Analysis => {
    try {
      return analyzeArticle(library.load(file.entry));
    } catch (error) {
      if (error instanceof NewsError) return error.kind === 'not-found' ? undefined : error.message;
      throw error;
    }
  };
  const old = openIndexFile(indexPath);
  try {
    let { index, text } = refreshIndex(old, files, analyze);
    let result;
    try {
      result = search(index, query, limit);
    } catch (error) {
      // Postings that do not decode: the file was damaged where its header could not tell.
      if (!(error instanceof CorruptIndexError)) throw error;
      ({ index, text } = refreshIndex(undefined, files, analyze));
      result = search(index, query, limit);
    }
    try {
      if (text !== undefined) writeTextAtomic(indexPath, text);
    } catch {
      // An index that cannot be saved costs speed next time, never correctness.
    }
    const byPath = new Map(files.map((file) => [file.path, file.entry]));
    const found: Found[] = [];
    for (const hit of result.hits) {
      const entry = byPath.get(index.docs.path[hit.doc] ?? '');
      if (entry) found.push({ entry, score: hit.score });
    }
    const problems = index.docs.problem.filter((problem): problem is string => problem !== null);
    return { found, total: result.total, idf: result.idf, problems };
  } finally {
    old?.close();
  }
}
