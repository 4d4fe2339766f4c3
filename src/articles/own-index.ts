import { readdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeFsError } from '../errors.js';
import { listNotes } from '../render/list-notes.js';
import { sanitizeLine } from '../render/text.js';
import { ColumnFile, ColumnFileError, columnPart, indexesPart, numbersPart, writeColumnFile } from '../storage/column-file.js';
import { lstatStamp } from '../storage/file-stamp.js';
import { listedColumnsOf, type ListedColumns } from './fetched-list.js';
import { dateKey, newestFirstBy, timeZoneSignature } from './order.js';
import type { ArticleEntry, ArticleSummary, Origin } from './model.js';
import { PARSER_VERSION } from './parse.js';
import { isSlug } from './slug.js';

/**
 * The index of the bundled and the reader's own articles: what the two folders hold, each
 * article's size, modification time and summary, and the articles newest first as a list shows
 * them, so that `news list` over thousands of them reads one file instead of all of them.
 *
 * Never trusted blindly: on every run both folders are listed and every article is lstat-ed,
 * and the index is used as it is only when the folders hold the same names in the same order
 * and every size and modification time is the same: a hand edit, a new file or a deleted one is
 * seen by the very next command. Otherwise the articles that changed (and only those) are read
 * again, and the index is made anew. It holds nothing the articles do not, and one that is
 * missing, damaged or of another version reads as none.
 *
 * Layout, a column file (storage/column-file.ts):
 *
 *   news-own-index <version>.<parser><byte order> <articles> <listed> <time zone> <token> <byte length of each part…>\n
 *   the listing: each folder's path and then its names as the system listed them, a line
 *     each, the two folders parted by a NUL (what the index is of)
 *   for each article, sorted by slug (the reader's over a bundled one of the same name): the
 *     place of its name in its folder's listing, its origin (ORIGIN_CODES), its size and mtime
 *   the summaries, as JSON columns (read only when a summary is asked for)
 *   the names in each folder that are not articles' names, as warnings, and the problems of
 *     the files that are not articles, each with its article
 *   the articles newest first (those that are articles), as a list shows them: which article,
 *     its origin, its slug, the title as shown, the notes after it, its feed, and as numbers
 *     the sort key, the title's width and whether each of its characters is one column, the
 *     notes' width and whether it names a feed; and their slugs sorted, with the row of each
 */
export const OWN_INDEX_FILE = 'own-index-v4.bin';
/** The index before this one, removed when this one is written. */
const OLD_INDEX_FILE = 'articles-index.json';
const MAGIC = 'news-own-index';
// 5: titles without soft hyphens (sanitizeLine). The file keeps its name; its first line says the version.
const VERSION = `5.${PARSER_VERSION}`;
const EXTENSION = '.md';

const PART = {
  listing: 0,
  name: 1,
  origin: 2,
  size: 3,
  mtime: 4,
  summaries: 5,
  warnings: 6,
  problems: 7,
  listed: 8,
  listedOrigin: 9,
  slug: 10,
  shown: 11,
  notes: 12,
  feed: 13,
  time: 14,
  shownWidth: 15,
  shownSingle: 16,
  notesWidth: 17,
  hasFeed: 18,
  sortedSlugs: 19,
  slugRows: 20,
};
const PART_COUNT = 21;

/** An article's origin as a number: bundled, the reader's, the reader's over a bundled one of the same name. */
export const BUNDLED = 0;
export const USER = 1;
export const USER_OVER_BUNDLED = 2;

/** One folder as listed: its names as the system gave them, or the warning that it could not be. */
export interface Folder {
  dir: string;
  origin: Origin;
  names: string[];
  warning: string | undefined;
}

/** The articles newest first, as a list shows them; `feed` is the feed an article names (front matter `feed:`) where `hasFeed` says it names one. */
export interface OwnListed extends ListedColumns {
  count: number;
  /** Which article (of `entries`) each row is, and its origin (BUNDLED, USER, USER_OVER_BUNDLED). */
  entry: Uint32Array;
  origin: Uint8Array;
  hasFeed: Float64Array;
}

/** An article's summary, or the problem of a file that is not an article. */
export type Summarized = { entry: ArticleEntry; summary: ArticleSummary } | { entry: ArticleEntry; problem: string };

export interface OwnIndex {
  /** Both folders' articles, sorted by slug, the reader's over a bundled one of the same name. */
  readonly entries: readonly ArticleEntry[];
  /** Article `index` of `entries`, without making all of them. */
  entry(index: number): ArticleEntry;
  /** Which of `entries` are bundled ones (not the reader's over one). */
  readonly bundled: readonly number[];
  /** The slugs of the reader's articles (`user`), or of those with a bundled article's name (`bundled-name`: bundled ones, and the reader's over one); without making the entries. */
  slugsOf(which: 'user' | 'bundled-name'): Set<string>;
  /** Where the article of this slug is in `entries`, found by halves without making them; -1 if none. */
  find(slug: string): number;
  /** Each article's size and modification time, as lstat-ed this run. */
  readonly size: Float64Array;
  readonly mtime: Float64Array;
  /** The folders that could not be listed, and the names in them that are not articles'. */
  readonly warnings: readonly string[];
  /** The files that are not articles: which article of `entries`, and the problem, naming the file. */
  readonly problems: readonly { entry: number; problem: string }[];
  readonly listed: OwnListed;
  /**
   * Names this index as it was written: the same while the folders and their files are the
   * same, another whenever it is made again. A cache made from these articles (the search
   * index) keeps it, and is trusted while it is the index's.
   */
  readonly token: string;
  /** The summary of article `index` (of `entries`), or its problem. */
  summary(index: number): ArticleSummary | string;
}

/** Summary columns, as the summaries part keeps them. */
interface SummaryColumns {
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
const SUMMARY_COLUMNS = ['title', 'problem', 'dek', 'date', 'author', 'source', 'url', 'feed', 'tags', 'words', 'sections'] as const;

/**
 * The index of these two folders, checked against them; brought up to date, reading the
 * articles that changed with `summarizeFile`, and saved at `path` when anything changed.
 */
export function ownIndex(bundledDir: string, userDir: string, path: string | undefined, summarizeFile: (entry: ArticleEntry) => ArticleSummary | string): OwnIndex {
  const folders = [listFolder(bundledDir, 'bundled'), listFolder(userDir, 'user')];
  const listing = listingOf(folders);
  // Without a listing it can keep, there is no index to use or save: every article is read.
  const file = path === undefined || listing === undefined ? undefined : ColumnFile.open(path, MAGIC, VERSION, PART_COUNT);
  try {
    let old: Stored | undefined;
    try {
      old = file && readStored(file);
      if (old && old.listing === listing && old.timeZone === timeZoneSignature()) {
        const checked = checkedIndex(old, folders, summarizeFile);
        if (checked) return checked;
      }
    } catch (error) {
      if (!(error instanceof ColumnFileError || error instanceof SyntaxError)) throw error;
      old = undefined;
    }
    const made = makeIndex(folders, old, summarizeFile);
    if (path !== undefined && listing !== undefined) save(path, listing, made);
    return made;
  } finally {
    file?.close();
  }
}

export function listFolder(dir: string, origin: Origin): Folder {
  try {
    return { dir, origin, names: readdirSync(dir), warning: undefined };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const warning = code === 'ENOENT' ? undefined : `cannot read the article folder ${dir}: ${code === 'ENOTDIR' ? describeFsError(error, dir).message : (error as Error).message}`;
    return { dir, origin, names: [], warning };
  }
}

/** The folders as listed, as the index keeps them; undefined when a name has a line break, which would make two listings one. */
function listingOf(folders: readonly Folder[]): string | undefined {
  if (folders.some((folder) => folder.names.some((name) => name.includes('\n')))) return undefined;
  return folders.map((folder) => `${folder.dir}\n${folder.names.join('\n')}`).join('\0');
}

/** What a saved index holds, its parts read as they are asked for. */
interface Stored {
  file: ColumnFile;
  listing: string;
  count: number;
  listedCount: number;
  /** The time zone the sort keys were made in (order.ts timeZoneSignature). */
  timeZone: string;
  token: string;
  /** Each article's folder (0 bundled, 1 the reader's) and the place of its name in that folder's listing. */
  name: Uint32Array;
  origin: Uint8Array;
  size: Float64Array;
  mtime: Float64Array;
}

function readStored(file: ColumnFile): Stored | undefined {
  const count = Number(file.fields[0]);
  const listedCount = Number(file.fields[1]);
  // Each article has a byte of origin: the count cannot be more than the file holds.
  if (file.fields.length !== 4 || !Number.isSafeInteger(count) || file.length(PART.origin) !== count || !Number.isSafeInteger(listedCount) || listedCount > count) return undefined;
  const origin = file.bytes(PART.origin);
  if (origin.some((code) => code > USER_OVER_BUNDLED)) throw new ColumnFileError();
  return { file, listing: file.bytes(PART.listing).toString('utf8'), count, listedCount, timeZone: file.fields[2] as string, token: file.fields[3] as string, name: file.indexes(PART.name, count, 2 ** 32 - 1), origin, size: file.numbers(PART.size, count), mtime: file.numbers(PART.mtime, count) };
}

/** The folder of an article of this origin code. */
const folderOf = (folders: readonly Folder[], code: number): Folder => folders[code === BUNDLED ? 0 : 1] as Folder;

/**
 * The saved index, if every article it holds is as it says (the folders as listed are already
 * known to be the same): each one lstat-ed, the check that makes a hand edit seen at once.
 */
function checkedIndex(stored: Stored, folders: readonly Folder[], summarizeFile: (entry: ArticleEntry) => ArticleSummary | string): OwnIndex | undefined {
  const { file, count, listedCount, name, origin, size, mtime } = stored;
  // Joined once: path.join for each of thousands of files shows.
  const prefix = folders.map((folder) => join(folder.dir, '/'));
  for (let index = 0; index < count; index++) {
    const code = origin[index] as number;
    const fileName = folderOf(folders, code).names[name[index] as number];
    if (fileName === undefined) throw new ColumnFileError();
    const stat = lstatStamp((prefix[code === BUNDLED ? 0 : 1] as string) + fileName);
    if (stat === undefined || stat.size !== size[index] || stat.mtimeMs !== mtime[index]) return undefined;
  }
  const listed: OwnListed = {
    count: listedCount,
    entry: file.indexes(PART.listed, listedCount, count),
    origin: file.bytes(PART.listedOrigin),
    slug: file.column(PART.slug, listedCount),
    shown: file.column(PART.shown, listedCount),
    notes: file.column(PART.notes, listedCount),
    feed: file.column(PART.feed, listedCount),
    time: file.numbers(PART.time, listedCount),
    shownWidth: file.numbers(PART.shownWidth, listedCount),
    shownSingle: file.numbers(PART.shownSingle, listedCount),
    notesWidth: file.numbers(PART.notesWidth, listedCount),
    hasFeed: file.numbers(PART.hasFeed, listedCount),
    sortedSlugs: file.column(PART.sortedSlugs, listedCount),
    slugRows: file.indexes(PART.slugRows, listedCount, listedCount),
  };
  if (listed.origin.length !== listedCount) throw new ColumnFileError();
  // Parsed only when a summary is asked for; read now, as the file is closed after.
  const summaryBytes = file.bytes(PART.summaries);
  // A folder that cannot be listed says so on every run: its warning is as it is now.
  const nameWarnings = parseNameWarnings(file.bytes(PART.warnings).toString('utf8'), folders.length);
  const warnings = folderWarnings(folders, nameWarnings);
  const problems = parseProblems(file.bytes(PART.problems).toString('utf8'), count);
  let entries: ArticleEntry[] | undefined;
  let summaries: SummaryColumns | null | undefined;
  const slugAt = (index: number): string => (folderOf(folders, origin[index] as number).names[name[index] as number] as string).slice(0, -EXTENSION.length);
  const entry = (index: number): ArticleEntry => {
    const code = origin[index] as number;
    const folder = folderOf(folders, code);
    const fileName = folder.names[name[index] as number] as string;
    return { slug: slugAt(index), path: (prefix[code === BUNDLED ? 0 : 1] as string) + fileName, origin: folder.origin, overridesBundled: code === USER_OVER_BUNDLED };
  };
  return {
    get entries() {
      return (entries ??= Array.from({ length: count }, (_, index) => entry(index)));
    },
    entry: (index) => entries?.[index] ?? entry(index),
    bundled: bundledRows(origin),
    slugsOf: (which) => slugsOf(origin, which, slugAt),
    find: (slug) => findSlug(count, slugAt, slug),
    size,
    mtime,
    warnings,
    problems,
    listed,
    token: stored.token,
    summary: (index) => {
      if (summaries === undefined) {
        try {
          summaries = parseSummaries(summaryBytes.toString('utf8'), count);
        } catch (error) {
          if (!(error instanceof ColumnFileError || error instanceof SyntaxError)) throw error;
          // Damaged past the check that the files are as it says: the articles say what it would.
          summaries = null;
        }
      }
      return summaries === null ? summarizeFile(entry(index)) : summaryAt(summaries, index);
    },
  };
}

/** Each folder's warnings: that it could not be listed (as it is now), then its names that are not articles'. */
function folderWarnings(folders: readonly Folder[], nameWarnings: readonly (readonly string[])[]): string[] {
  return folders.flatMap((folder, which) => [...(folder.warning === undefined ? [] : [folder.warning]), ...(nameWarnings[which] ?? [])]);
}

/** The articles (by their origin codes) that are bundled ones. */
function bundledRows(origin: ArrayLike<number>): number[] {
  const rows: number[] = [];
  for (let index = 0; index < origin.length; index++) if (origin[index] === BUNDLED) rows.push(index);
  return rows;
}

/** Among `count` slugs sorted by code unit (articlesIn), where `slug` is, or -1. */
function findSlug(count: number, slugAt: (index: number) => string, slug: string): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const found = slugAt(middle);
    if (found === slug) return middle;
    if (found < slug) low = middle + 1;
    else high = middle;
  }
  return -1;
}

function slugsOf(origin: ArrayLike<number>, which: 'user' | 'bundled-name', slugAt: (index: number) => string): Set<string> {
  const unwanted = which === 'user' ? BUNDLED : USER;
  const slugs = new Set<string>();
  for (let index = 0; index < origin.length; index++) if (origin[index] !== unwanted) slugs.add(slugAt(index));
  return slugs;
}

/** The warnings about each folder's names, as saved. */
function parseNameWarnings(text: string, folders: number): string[][] {
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value) || value.length !== folders || !value.every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'))) throw new ColumnFileError();
  return value as string[][];
}

/** The problems of files that are not articles, as saved: [article, problem] each. */
function parseProblems(text: string, count: number): { entry: number; problem: string }[] {
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value)) throw new ColumnFileError();
  return value.map((item) => {
    if (!Array.isArray(item) || !Number.isSafeInteger(item[0]) || (item[0] as number) < 0 || (item[0] as number) >= count || typeof item[1] !== 'string') throw new ColumnFileError();
    return { entry: item[0] as number, problem: item[1] };
  });
}

function parseSummaries(text: string, count: number): SummaryColumns {
  const value = JSON.parse(text) as SummaryColumns;
  if (typeof value !== 'object' || value === null || !SUMMARY_COLUMNS.every((column) => Array.isArray(value[column]) && value[column].length === count)) throw new ColumnFileError();
  return value;
}

function summaryAt(columns: SummaryColumns, index: number): ArticleSummary | string {
  const title = columns.title[index];
  if (title === null || title === undefined) return columns.problem[index] ?? 'cannot be read';
  return {
    title,
    dek: columns.dek[index] ?? undefined,
    date: columns.date[index] ?? undefined,
    author: columns.author[index] ?? undefined,
    source: columns.source[index] ?? undefined,
    url: columns.url[index] ?? undefined,
    feed: columns.feed[index] ?? undefined,
    tags: columns.tags[index] ?? [],
    words: columns.words[index] ?? 0,
    sectionCount: columns.sections[index] ?? 0,
  };
}

/**
 * A folder's article files, sorted by slug, each with the place of its name in the folder's
 * listing; a name that is not an article's goes to `warnings`.
 */
export function articlesIn(folder: Folder, warnings: string[]): { slug: string; name: number }[] {
  const prefix = join(folder.dir, '/'); // joined once: path.join per file shows up with thousands
  const slugs: string[] = [];
  const nameOf = new Map<string, number>();
  folder.names.forEach((fileName, name) => {
    if (!fileName.endsWith(EXTENSION) || fileName.startsWith('.')) return;
    const slug = fileName.slice(0, -EXTENSION.length);
    if (!isSlug(slug)) {
      warnings.push(`${prefix + fileName}: "${slug}" is not an article name (lower-case letters, digits and dashes); rename the file to read it`);
      return;
    }
    slugs.push(slug);
    nameOf.set(slug, name);
  });
  // Slugs are ASCII, so the default sort (by UTF-16 code unit) is alphabetical; a comparator
  // or ICU collation is most of the cost of listing ten thousand articles.
  slugs.sort();
  return slugs.map((slug) => ({ slug, name: nameOf.get(slug) as number }));
}

/**
 * Two lists sorted by slug as one: an item of `over` wins over the item of `under` of its name,
 * as `winner` makes it (the reader's article over a bundled one says so; over a fetched one it
 * is as it is).
 */
export function mergeBySlug<T>(under: readonly T[], over: readonly T[], slugOf: (item: T) => string, winner: (item: T) => T): T[] {
  const merged: T[] = [];
  let b = 0;
  let u = 0;
  while (b < under.length || u < over.length) {
    const fromUnder = under[b];
    const fromOver = over[u];
    if (fromOver === undefined || (fromUnder !== undefined && slugOf(fromUnder) < slugOf(fromOver))) {
      merged.push(fromUnder as T);
      b++;
    } else if (fromUnder !== undefined && slugOf(fromUnder) === slugOf(fromOver)) {
      merged.push(winner(fromOver));
      b++;
      u++;
    } else {
      merged.push(fromOver);
      u++;
    }
  }
  return merged;
}

/** The articles of the folders: sorted by slug, the reader's over a bundled one; and each folder's names that are not articles'. */
function entriesOf(folders: readonly Folder[]): { entries: { entry: ArticleEntry; folder: number; name: number }[]; nameWarnings: string[][] } {
  const nameWarnings: string[][] = folders.map(() => []);
  const [bundled = [], user = []] = folders.map((folder, which) => {
    const prefix = join(folder.dir, '/');
    return articlesIn(folder, nameWarnings[which] as string[]).map(({ slug, name }) => ({ entry: { slug, path: prefix + slug + EXTENSION, origin: folder.origin, overridesBundled: false }, folder: which, name }));
  });
  const entries = mergeBySlug(bundled, user, (item) => item.entry.slug, (item) => ({ ...item, entry: { ...item.entry, overridesBundled: true } }));
  return { entries, nameWarnings };
}

/** A made index: every article lstat-ed, the changed ones read; `old` gives the summaries of those that did not change. */
function makeIndex(folders: readonly Folder[], old: Stored | undefined, summarizeFile: (entry: ArticleEntry) => ArticleSummary | string): OwnIndex & { name: Uint32Array; origin: Uint8Array; nameWarnings: string[][] } {
  const { entries: found, nameWarnings } = entriesOf(folders);
  const warnings = folderWarnings(folders, nameWarnings);
  // The old index's articles by path, for those that did not change.
  const oldRows = new Map<string, number>();
  let oldSummaries: SummaryColumns | undefined;
  if (old) {
    try {
      const oldFolders = old.listing.split('\0').map((part) => part.split('\n'));
      // Each part: the folder, then its names, a line each.
      for (let index = 0; index < old.count; index++) {
        const lines = oldFolders[(old.origin[index] as number) === BUNDLED ? 0 : 1];
        const fileName = lines?.[1 + (old.name[index] as number)];
        if (lines !== undefined && fileName) oldRows.set(`${lines[0] as string}/${fileName}`, index);
      }
      oldSummaries = parseSummaries(old.file.bytes(PART.summaries).toString('utf8'), old.count);
    } catch (error) {
      if (!(error instanceof ColumnFileError || error instanceof SyntaxError)) throw error;
      oldRows.clear();
    }
  }
  const entries: ArticleEntry[] = [];
  const names: number[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const summaries: (ArticleSummary | string)[] = [];
  for (const { entry, folder, name } of found) {
    const stat = lstatStamp(entry.path);
    if (!stat) continue; // removed since the folder was listed
    const row = oldRows.get(`${folderOf(folders, folder === 0 ? BUNDLED : USER).dir}/${(folders[folder] as Folder).names[name] as string}`);
    const kept = row !== undefined && oldSummaries !== undefined && old?.size[row] === stat.size && old.mtime[row] === stat.mtimeMs;
    entries.push(entry);
    names.push(name);
    sizes.push(stat.size);
    mtimes.push(stat.mtimeMs);
    summaries.push(kept ? summaryAt(oldSummaries as SummaryColumns, row) : summarizeFile(entry));
  }
  const problems = summaries.flatMap((summary, entry) => (typeof summary === 'string' ? [{ entry, problem: summary }] : []));
  const articles = entries.map((_, index) => index).filter((index) => typeof summaries[index] !== 'string');
  const order = newestFirstBy(articles, (index) => (summaries[index] as ArticleSummary).date);
  const origin = Uint8Array.from(entries, (entry) => (entry.origin === 'bundled' ? BUNDLED : entry.overridesBundled ? USER_OVER_BUNDLED : USER));
  const summaryOf = (index: number): ArticleSummary => summaries[index] as ArticleSummary;
  const listed: OwnListed = {
    count: order.length,
    entry: Uint32Array.from(order),
    origin: Uint8Array.from(order, (index) => origin[index] as number),
    hasFeed: Float64Array.from(order, (index) => (summaryOf(index).feed === undefined ? 0 : 1)),
    ...listedColumnsOf({
      slug: order.map((index) => (entries[index] as ArticleEntry).slug),
      shown: order.map((index) => sanitizeLine(summaryOf(index).title)),
      notes: order.map((index) => listNotes(summaryOf(index))),
      feed: order.map((index) => summaryOf(index).feed ?? ''),
      time: Float64Array.from(order, (index) => dateKey(summaryOf(index).date)),
    }),
  };
  // Made anew, it is named anew: the time, the process and chance keep two apart.
  const token = `${Date.now().toString(36)}.${process.pid.toString(36)}.${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
  return { entries, entry: (index) => entries[index] as ArticleEntry, bundled: bundledRows(origin), slugsOf: (which) => slugsOf(origin, which, (index) => (entries[index] as ArticleEntry).slug), find: (slug) => findSlug(entries.length, (index) => (entries[index] as ArticleEntry).slug, slug), size: Float64Array.from(sizes), mtime: Float64Array.from(mtimes), warnings, problems, listed, token, summary: (index) => summaries[index] as ArticleSummary | string, name: Uint32Array.from(names), origin, nameWarnings };
}

/** Saves a made index; best effort, as for any cache. The index of the version before goes. */
function save(path: string, listing: string, index: ReturnType<typeof makeIndex>): void {
  const { entries, listed } = index;
  const summaries = entries.map((_, row) => index.summary(row));
  const column = <T>(pick: (summary: ArticleSummary) => T, none: T): T[] => summaries.map((summary) => (typeof summary === 'string' ? none : pick(summary)));
  const summaryColumns: SummaryColumns = {
    title: column((summary) => summary.title, null),
    problem: summaries.map((summary) => (typeof summary === 'string' ? summary : null)),
    dek: column((summary) => summary.dek ?? null, null),
    date: column((summary) => summary.date ?? null, null),
    author: column((summary) => summary.author ?? null, null),
    source: column((summary) => summary.source ?? null, null),
    url: column((summary) => summary.url ?? null, null),
    feed: column((summary) => summary.feed ?? null, null),
    tags: column((summary) => summary.tags, [] as string[]),
    words: column((summary) => summary.words, 0),
    sections: column((summary) => summary.sectionCount, 0),
  };
  const parts: Uint8Array[] = [];
  parts[PART.listing] = Buffer.from(listing);
  parts[PART.name] = indexesPart(index.name);
  parts[PART.origin] = index.origin;
  parts[PART.size] = numbersPart(index.size);
  parts[PART.mtime] = numbersPart(index.mtime);
  parts[PART.summaries] = Buffer.from(JSON.stringify(summaryColumns));
  parts[PART.warnings] = Buffer.from(JSON.stringify(index.nameWarnings));
  parts[PART.problems] = Buffer.from(JSON.stringify(index.problems.map(({ entry, problem }) => [entry, problem])));
  parts[PART.listed] = indexesPart(listed.entry);
  parts[PART.listedOrigin] = listed.origin;
  parts[PART.slug] = columnPart(listed.slug);
  parts[PART.shown] = columnPart(listed.shown);
  parts[PART.notes] = columnPart(listed.notes);
  parts[PART.feed] = columnPart(listed.feed);
  parts[PART.time] = numbersPart(listed.time);
  parts[PART.shownWidth] = numbersPart(listed.shownWidth);
  parts[PART.shownSingle] = numbersPart(listed.shownSingle);
  parts[PART.notesWidth] = numbersPart(listed.notesWidth);
  parts[PART.hasFeed] = numbersPart(listed.hasFeed);
  parts[PART.sortedSlugs] = columnPart(listed.sortedSlugs);
  parts[PART.slugRows] = indexesPart(listed.slugRows);
  writeColumnFile(path, MAGIC, VERSION, [entries.length, listed.count, timeZoneSignature(), index.token], parts);
  try {
    unlinkSync(join(dirname(path), OLD_INDEX_FILE));
  } catch {
    // None, or already gone.
  }
}
