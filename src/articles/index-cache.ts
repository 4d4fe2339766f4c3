import { lstatSync } from 'node:fs';
import type { ArticleEntry } from './library.js';
import type { ArticleSummary } from './model.js';

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
export const INDEX_VERSION = 2;

interface Columns {
  version: number;
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
  tags: string[][];
  words: number[];
  sections: number[];
}

const COLUMNS = ['path', 'size', 'mtime', 'title', 'problem', 'dek', 'date', 'author', 'source', 'tags', 'words', 'sections'] as const;

export type Summarized = { entry: ArticleEntry; summary: ArticleSummary } | { entry: ArticleEntry; problem: string };

export interface IndexResult {
  results: Summarized[];
  /** The index to save, when anything changed since it was read. */
  changed: string | undefined;
}

/** The cached rows by path; an unreadable or outdated cache reads as empty. */
export function parseIndex(text: string | undefined): Map<string, number> & { columns?: Columns } {
  const byPath = new Map<string, number>() as Map<string, number> & { columns?: Columns };
  if (text === undefined) return byPath;
  try {
    const data = JSON.parse(text) as Columns;
    if (data.version !== INDEX_VERSION) return byPath;
    const length = data.path.length;
    if (!COLUMNS.every((column) => Array.isArray(data[column]) && data[column].length === length)) return byPath;
    data.path.forEach((path, row) => byPath.set(path, row));
    byPath.columns = data;
  } catch {
    // Rebuilt from the articles below.
  }
  return byPath;
}

/**
 * Summaries for every entry: from the cache when the file's size and mtime match, else from
 * `summarizeFile` (which reads and parses the article, or says what is wrong with it).
 */
export function summarizeAll(
  entries: readonly ArticleEntry[],
  cached: ReturnType<typeof parseIndex>,
  summarizeFile: (entry: ArticleEntry) => ArticleSummary | string,
): IndexResult {
  const old = cached.columns;
  const results: Summarized[] = [];
  const rows: { entry: ArticleEntry; size: number; mtime: number; summary?: ArticleSummary; problem?: string }[] = [];
  let changed = cached.size !== entries.length;
  for (const entry of entries) {
    const stat = lstatSync(entry.path, { throwIfNoEntry: false });
    if (!stat) continue; // removed since the folder was listed
    const { size, mtimeMs: mtime } = stat;
    const row = cached.get(entry.path);
    let summary: ArticleSummary | undefined;
    let problem: string | undefined;
    if (old && row !== undefined && old.size[row] === size && old.mtime[row] === mtime) {
      const title = old.title[row];
      if (title === null || title === undefined) problem = old.problem[row] ?? 'cannot be read';
      else {
        summary = {
          title,
          dek: old.dek[row] ?? undefined,
          date: old.date[row] ?? undefined,
          author: old.author[row] ?? undefined,
          source: old.source[row] ?? undefined,
          tags: old.tags[row] ?? [],
          words: old.words[row] ?? 0,
          sectionCount: old.sections[row] ?? 0,
        };
      }
    } else {
      const outcome = summarizeFile(entry);
      if (typeof outcome === 'string') problem = outcome;
      else summary = outcome;
      changed = true;
    }
    rows.push({ entry, size, mtime, summary, problem });
    results.push(summary ? { entry, summary } : { entry, problem: problem ?? 'cannot be read' });
  }
  return { results, changed: changed ? serializeIndex(rows) : undefined };
}

function serializeIndex(rows: { entry: ArticleEntry; size: number; mtime: number; summary?: ArticleSummary; problem?: string }[]): string {
  const column = <T>(pick: (row: (typeof rows)[number]) => T): T[] => rows.map(pick);
  const index: Columns = {
    version: INDEX_VERSION,
    path: column((row) => row.entry.path),
    size: column((row) => row.size),
    mtime: column((row) => row.mtime),
    title: column((row) => row.summary?.title ?? null),
    problem: column((row) => row.problem ?? null),
    dek: column((row) => row.summary?.dek ?? null),
    date: column((row) => row.summary?.date ?? null),
    author: column((row) => row.summary?.author ?? null),
    source: column((row) => row.summary?.source ?? null),
    tags: column((row) => row.summary?.tags ?? []),
    words: column((row) => row.summary?.words ?? 0),
    sections: column((row) => row.summary?.sectionCount ?? 0),
  };
  return JSON.stringify(index);
}
