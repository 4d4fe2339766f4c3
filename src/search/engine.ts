import { readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fetchedTwins, type ArticleEntry, type ArticleLibrary } from '../articles/library.js';
import type { FetchedOrder, FetchedStore } from '../articles/fetched-store.js';
import { NewsError } from '../errors.js';
import { readCacheText, writeCacheAtomic } from '../storage/json-file.js';
import { CorruptIndexError, analyzeArticle, refreshIndex, type Analysis, type FileStat, type SearchIndex } from './index.js';
import { search, type SearchResult, type Segment } from './query.js';
import { FETCHED_SEARCH_INDEX_FILE, OLDER_SEARCH_INDEX_FILES, SEARCH_INDEX_FILE, openIndexFile, type OpenIndex } from './store.js';
import type { QueryWord } from './text.js';

export interface Found {
  entry: ArticleEntry;
  score: number;
  /** The parts of the article that hold the words, as the index has them (query.ts Hit). */
  parts: number;
}

/** An article file as the indexes know it. */
type IndexedFile = FileStat & { entry: ArticleEntry };

interface Part {
  /** The index as it was read (closed when done); undefined if there was none usable. */
  old: OpenIndex | undefined;
  index: SearchIndex;
  /** The index's text to save, when it changed; saved only if `save` says the files stood still. */
  text: string | undefined;
  files: () => readonly IndexedFile[];
  analyze: (file: IndexedFile) => Analysis;
  path: string;
  stamp: string;
  save: () => boolean;
}

/**
 * Reading this many articles again takes a few hundred milliseconds or more (about 10 s for the
 * 49,000 of a first fetch of 200 feeds), so the reader is told why the search is slow.
 */
const INDEXING_NOTE_AT = 1000;

/**
 * Searches the library through two indexes in `cacheDir`, searched as one:
 * - the bundled and the reader's own articles, trusted while the library's own index, which
 *   lstat-s every one of them on every run, is the one it was made from (its token, in the
 *   stamp); otherwise checked against every file's size and mtime: a hand edit is found by the
 *   very next search;
 * - the fetched articles, trusted while the journal it was made from is unchanged (its stamp),
 *   as `news list` trusts it; otherwise brought up to date from the journal's sizes and mtimes.
 * Each reads again only the files that changed, and is saved when it changed (best effort: a
 * cache that cannot be written costs speed only). Returns the best `limit` hits, best first, how
 * many there are in all, and the problems of files that are not articles. Where many articles
 * must be read for it, `note` is told first, once.
 */
export async function searchLibrary(
  library: ArticleLibrary,
  cacheDir: string,
  query: readonly QueryWord[],
  limit: number,
  note: (message: string) => void = () => {},
): Promise<{ found: Found[]; total: number; idf: number[]; problems: string[]; warnings: string[] }> {
  const order = library.fetchedOrder();
  const parts: Part[] = [];
  try {
    const own = library.ownForSearch(order);
    const analyze = (file: { entry: ArticleEntry }): Analysis => {
      try {
        return analyzeArticle(library.load(file.entry));
      } catch (error) {
        if (error instanceof NewsError) return error.kind === 'not-found' ? undefined : error.message;
        throw error;
      }
    };
    let noted = false;
    const beforeAnalyzing = (count: number): void => {
      if (noted || count < INDEXING_NOTE_AT) return;
      noted = true;
      note('news: indexing the articles for search (once: later searches read the index)\u2026');
    };
    // The files with their sizes and mtimes as the library's own index lstat-ed them this run
    // (not again), asked for only when the index is not the one made from them as they are.
    let ownFiles: IndexedFile[] | undefined;
    const files = (): IndexedFile[] => (ownFiles ??= own.files());
    const ownPath = join(cacheDir, SEARCH_INDEX_FILE);
    parts.push(stampedPart(openIndexFile(ownPath), ownPath, own.stamp, files, analyze, () => true, beforeAnalyzing));
    const fetched = library.fetched;
    if (fetched && order) parts.push(fetchedPart(fetched, join(cacheDir, FETCHED_SEARCH_INDEX_FILE), analyze, beforeAnalyzing));
    // The fetched articles that the reader's own files of the same name hide.
    const twins = order && order.count > 0 ? twinsOf(order, own, cacheDir) : [];
    const searched = (): { result: SearchResult; found: Found[]; problems: string[] } => {
      const segments = parts.map((p, n): Segment => (n === 1 && fetched ? { index: p.index, hidden: hiddenBy(twins, p.index, fetched) } : { index: p.index }));
      const result = search(segments, query, limit);
      const ownCount = parts[0]?.index.docCount ?? 0;
      const found: Found[] = [];
      for (const hit of result.hits) {
        const inOwn = hit.doc < ownCount;
        const path = inOwn ? parts[0]?.index.pathOf(hit.doc) : parts[1]?.index.pathOf(hit.doc - ownCount);
        if (path === undefined) continue;
        const entry = inOwn ? own.entryAt(path) : fetchedEntry(path, fetched, own.bundledSlugs());
        if (entry) found.push({ entry, score: hit.score, parts: hit.parts });
      }
      return { result, found, problems: parts.flatMap((p) => p.index.problems()) };
    };
    let outcome;
    try {
      outcome = searched();
    } catch (error) {
      // A part of an index that does not read (postings, paths, the table): damage its first
      // line could not tell. Both are made again from the files, and saved.
      if (!(error instanceof CorruptIndexError)) throw error;
      for (const p of parts) ({ index: p.index, text: p.text } = refreshIndex(undefined, p.files(), p.analyze, p.stamp, beforeAnalyzing));
      outcome = searched();
    }
    for (const p of parts) savePart(p);
    const { result, found, problems } = outcome;
    return { found, total: result.total, idf: result.idf, problems, warnings: [...own.warnings, ...(order?.problems ?? [])] };
  } finally {
    for (const p of parts) p.old?.close();
    order?.close();
  }
}

/**
 * The fetched articles' index: as it is, when made from the journal as it is now; else brought
 * up to date from the journal, and saved only if the journal was whole and did not change
 * meanwhile (a fetch at work records its articles when it is done).
 */
function fetchedPart(fetched: FetchedStore, path: string, analyze: (file: { entry: ArticleEntry }) => Analysis, beforeAnalyzing: (count: number) => void): Part {
  const stamp = fetched.stamp();
  const old = openIndexFile(path);
  let journal: ReturnType<FetchedStore['read']> | undefined;
  let journalFiles: IndexedFile[] | undefined;
  // The journal is read only when the index must be brought up to date.
  const files = (): IndexedFile[] => {
    if (journalFiles) return journalFiles;
    const { rows } = (journal = fetched.read());
    journalFiles = [...rows.keys()].sort().map((slug) => {
      const row = rows.get(slug) as NonNullable<ReturnType<typeof rows.get>>;
      const file = fetched.pathOf(slug);
      return { path: file, size: row[1], mtime: row[2], entry: { slug, path: file, origin: 'user', overridesBundled: false } };
    });
    return journalFiles;
  };
  // Saved only when the journal it was made from was whole and did not change meanwhile.
  const save = (): boolean => (journal ??= fetched.read()).whole && fetched.stamp() === stamp;
  return stampedPart(old, path, stamp, files, analyze, save, beforeAnalyzing);
}

/**
 * The index at `path` (`old`, as read) as it is when it was made from what `stamp` names, else
 * brought up to date from `files` (made again from them when a part of it does not parse);
 * unchanged articles under a new stamp are saved again as they are, so that the next search
 * trusts the stamp.
 */
function stampedPart(
  old: OpenIndex | undefined,
  path: string,
  stamp: string,
  files: () => readonly IndexedFile[],
  analyze: (file: IndexedFile) => Analysis,
  save: () => boolean,
  beforeAnalyzing: (count: number) => void,
): Part {
  if (old && old.stamp === stamp) return { old, index: old, text: undefined, files, analyze, path, stamp, save };
  let refreshed: { index: SearchIndex; text: string | undefined };
  try {
    refreshed = refreshIndex(old, files(), analyze, stamp, beforeAnalyzing);
  } catch (error) {
    // Paths or table that do not parse: as for postings, the index is made again.
    if (!(error instanceof CorruptIndexError)) throw error;
    refreshed = refreshIndex(undefined, files(), analyze, stamp, beforeAnalyzing);
  }
  if (refreshed.text === undefined && old && refreshed.index === old) refreshed.text = restamped(path, stamp);
  return { old, ...refreshed, files, analyze, path, stamp, save };
}

/** The index file's text with another stamp on its first line; undefined if it cannot be read. */
function restamped(path: string, stamp: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const newline = text.indexOf('\n');
    const fields = text.slice(0, newline).split(' ');
    fields[2] = stamp;
    return `${fields.join(' ')}${text.slice(newline)}`;
  } catch {
    return undefined;
  }
}

function savePart(p: Part): void {
  if (p.text === undefined || !p.save()) return;
  try {
    writeCacheAtomic(p.path, p.text);
  } catch {
    // An index that cannot be saved costs speed next time, never correctness.
    return;
  }
  for (const older of OLDER_SEARCH_INDEX_FILES[basename(p.path)] ?? []) {
    try {
      unlinkSync(join(dirname(p.path), older));
    } catch {
      // None there is the usual case.
    }
  }
}

/** Where twinsOf remembers what it found, and for what. */
const TWINS_FILE = 'search-twins.txt';
const TWINS_MAGIC = 'news-search-twins 1';

/**
 * The fetched articles that the reader's own files of the same name hide (library.ts
 * fetchedTwins), remembered in the cache folder for the fetched list and the own index they were
 * found in: finding a thousand own slugs among fifty thousand fetched ones costs about 2 ms,
 * each search. A new own file, or a fetch, changes the one stamp or the other.
 */
function twinsOf(order: FetchedOrder, own: { stamp: string; userSlugs: () => Set<string> }, cacheDir: string): string[] {
  const path = join(cacheDir, TWINS_FILE);
  const key = `${TWINS_MAGIC} ${encodeURIComponent(order.stamp)} ${encodeURIComponent(own.stamp)}\n`;
  const known = readCacheText(path);
  if (known?.startsWith(key) && known.endsWith('\n')) return known.slice(key.length, -1).split('\n').filter((slug) => slug !== '');
  const twins = fetchedTwins(order, own.userSlugs());
  try {
    writeCacheAtomic(path, `${key}${twins.map((slug) => `${slug}\n`).join('')}`);
  } catch {
    // Found again next time.
  }
  return twins;
}

/** The fetched articles that the reader's own files of the same name (`twins`) hide, by their number in the index. */
function hiddenBy(twins: readonly string[], index: SearchIndex, fetched: FetchedStore): Set<number> | undefined {
  if (twins.length === 0 || index.docCount === 0) return undefined;
  const paths = new Set(twins.map((slug) => fetched.pathOf(slug)));
  const hidden = new Set<number>();
  const all = index.docs.path;
  for (let doc = 0; doc < all.length; doc++) if (paths.has(all[doc] as string)) hidden.add(doc);
  return hidden;
}

function fetchedEntry(path: string, fetched: FetchedStore | undefined, bundledSlugs: ReadonlySet<string>): ArticleEntry | undefined {
  if (!fetched) return undefined;
  const slug = path.slice(fetched.folder.length, -'.md'.length);
  return { slug, path, origin: 'user', overridesBundled: bundledSlugs.has(slug) };
}
