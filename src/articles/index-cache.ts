import { lstatSync } from 'node:fs';
import type { ArticleEntry, ArticleSummary } from './model.js';
import { PARSER_VERSION } from './parse.js';

/**
 * A cache of article summaries, so that `news list` over thousands of articles reads one file
 * instead of all of them. Never trusted blindly: each article's size and modification time are
 * checked against the cache, and only articles that changed are read again. A cache that
 * cannot be read is rebuilt; it holds nothing the articles themselves do not.
 *
 * It is stored as columns of plain values rather than an object per article: parsing ten
 * thousand small objects costs more in allocation and garbage collection than the rest of
 * `news list` together.
 */
export const INDEX_VERSION = 3;

interface Columns {
  version: number;
  /** The parser that read the summaries (PARSER_VERSION): another one may read them otherwise. */
  parser: number;
  path: string[];
  size: number[];
  mtime: number[];
  /** The summary's fields, or a problem for a file that is not an article. */
  title: (string | null)[];
  problem: (string | null)[];
  dek: (string | null)[];
  date: (string | null)[];
  author: (string | null)[];
  source: (string | null)[];
  url: (string | null)[];
  feed: (string | null)[];
  tags: string[][];
  words: number[];
  sections: number[];
}

const COLUMNS = ['path', 'size', 'mtime', 'title', 'problem', 'dek', 'date', 'author', 'source', 'url', 'feed', 'tags', 'words', 'sections'] as const;

export type Summarized = { entry: ArticleEntry; summary: ArticleSummary } | { entry: ArticleEntry; problem: string };

export interface IndexResult {
  results: Summarized[];
  /** The index to save, when anything changed since it was read. */
  changed: string | undefined;
}

/** The cached columns; an unreadable or outdated cache reads as none. */
export function parseIndex(text: string | undefined): Columns | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Columns;
    if (data.version !== INDEX_VERSION || data.parser !== PARSER_VERSION || !Array.isArray(data.path)) return undefined;
    const length = data.path.length;
    return COLUMNS.every((column) => Array.isArray(data[column]) && data[column].length === length) ? data : undefined;
  } catch {
    return undefined; // rebuilt from the articles
  }
}

/**
 * Summaries for every entry: from the cache when the file's size and mtime match, else from
 * `summarizeFile` (which reads and parses the article, or says what is wrong with it).
 */
export function summarizeAll(
  entries: readonly ArticleEntry[],
  old: Columns | undefined,
  summarizeFile: (entry: ArticleEntry) => ArticleSummary | string,
): IndexResult {
  const results: Summarized[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  let changed = old === undefined || old.path.length !== entries.length;
  // Both are sorted by slug, so a cached row is nearly always the next one; a row is looked up
  // by path only where the two part ways (an article added or removed).
  let next = 0;
  let rowByPath: Map<string, number> | undefined;
  for (const entry of entries) {
    const stat = lstatSync(entry.path, { throwIfNoEntry: false });
    if (!stat) continue; // removed since the folder was listed
    const { size, mtimeMs: mtime } = stat;
    let row: number | undefined;
    if (old && old.path[next] === entry.path) row = next++;
    else if (old) {
      rowByPath ??= new Map(old.path.map((path, index) => [path, index]));
      row = rowByPath.get(entry.path);
      if (row !== undefined) next = row + 1; // in step again after an article added or removed
    }
    if (old && row !== undefined && old.size[row] === size && old.mtime[row] === mtime) {
      const title = old.title[row];
      if (title === null || title === undefined) results.push({ entry, problem: old.problem[row] ?? 'cannot be read' });
      else {
        const summary: ArticleSummary = {
          title,
          dek: old.dek[row] ?? undefined,
          date: old.date[row] ?? undefined,
          author: old.author[row] ?? undefined,
          source: old.source[row] ?? undefined,
          url: old.url[row] ?? undefined,
          feed: old.feed[row] ?? undefined,
          tags: old.tags[row] ?? [],
          words: old.words[row] ?? 0,
          sectionCount: old.sections[row] ?? 0,
        };
        results.push({ entry, summary });
      }
    } else {
      const outcome = summarizeFile(entry);
      results.push(typeof outcome === 'string' ? { entry, problem: outcome } : { entry, summary: outcome });
      changed = true;
    }
    sizes.push(size);
    mtimes.push(mtime);
  }
  return { results, changed: changed ? serializeIndex(results, sizes, mtimes) : undefined };
}

function serializeIndex(results: Summarized[], sizes: number[], mtimes: number[]): string {
  const summaries = results.map((result) => ('summary' in result ? result.summary : undefined));
  const column = <T>(pick: (summary: ArticleSummary | undefined) => T): T[] => summaries.map((summary) => pick(summary));
  const index: Columns = {
    version: INDEX_VERSION,
    parser: PARSER_VERSION,
    path: results.map((result) => result.entry.path),
    size: sizes,
    mtime: mtimes,
    title: column((summary) => summary?.title ?? null),
    problem: results.map((result) => ('problem' in result ? result.problem : null)),
    dek: column((summary) => summary?.dek ?? null),
    date: column((summary) => summary?.date ?? null),
    author: column((summary) => summary?.author ?? null),
    source: column((summary) => summary?.source ?? null),
    url: column((summary) => summary?.url ?? null),
    feed: column((summary) => summary?.feed ?? null),
    tags: column((summary) => summary?.tags ?? []),
    words: column((summary) => summary?.words ?? 0),
    sections: column((summary) => summary?.sectionCount ?? 0),
  };
  return JSON.stringify(index);
}
