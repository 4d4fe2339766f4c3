import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NewsError, describeFsError, usageError } from '../errors.js';
import { readCacheText, writeTextAtomic } from '../storage/json-file.js';
import { listNotes } from '../render/list-notes.js';
import { columns, columnsOfEach, sanitizeLine } from '../render/text.js';
import { FETCHED_LIST_FILE } from './fetched-list.js';
import { FetchedStore, rowSummary, type FetchedOrder, type FetchedRow } from './fetched-store.js';
import { parseIndex, summarizeAll, type Summarized } from './index-cache.js';
import { dateKey, newestFirstBy } from './order.js';
import { summarize, type Article, type ArticleEntry, type ArticleSummary, type Origin } from './model.js';
import { ArticleFormatError, parseArticle, parseTitle } from './parse.js';
import { checkSlug, isSlug, nearestSlugs } from './slug.js';

export type { ArticleEntry } from './model.js';

export interface Listed {
  entry: ArticleEntry;
  summary: ArticleSummary;
}

/** What a plain list shows of each article, one array per field, in list order. */
export interface ListColumns {
  slug: string[];
  /** The title as shown (sanitized), its width in columns, and whether each character of it is one column. */
  title: string[];
  titleWidth: number[];
  titleSingle: boolean[];
  /** What follows the title (render/list-notes.ts), and its width. */
  notes: string[];
  notesWidth: number[];
  feed: (string | undefined)[];
  origin: Origin[];
  overridesBundled: boolean[];
}

export function emptyColumns(): ListColumns {
  return { slug: [], title: [], titleWidth: [], titleSingle: [], notes: [], notesWidth: [], feed: [], origin: [], overridesBundled: [] };
}

/** Adds an article, as a list shows it, to the columns. */
export function pushListed(out: ListColumns, { entry, summary }: Listed): void {
  const title = sanitizeLine(summary.title);
  const notes = listNotes(summary);
  out.slug.push(entry.slug);
  out.title.push(title);
  out.titleWidth.push(columns(title));
  out.titleSingle.push(columnsOfEach([title]).singleColumn);
  out.notes.push(notes);
  out.notesWidth.push(columns(notes));
  out.feed.push(summary.feed);
  out.origin.push(entry.origin);
  out.overridesBundled.push(entry.overridesBundled);
}

/** Articles in order, made as `rows` is read; `warnings` name the files that are not articles. */
export interface Ordered {
  rows: Iterable<Listed>;
  warnings: string[];
  close(): void;
}

export interface Listing {
  entries: ArticleEntry[];
  /** Files in the article folders that are not articles, each naming the file and the problem. */
  warnings: string[];
}

/** Larger files are refused rather than read into memory. */
export const MAX_ARTICLE_BYTES = 64 * 1024 * 1024;
const EXTENSION = '.md';

/**
 * The only code that reads article files. Two folders: the bundled one shipped with the package,
 * and the reader's own, whose articles win over bundled ones with the same slug. Only regular
 * files directly inside those folders are ever opened; symbolic links are refused.
 */
export class ArticleLibrary {
  constructor(
    readonly bundledDir: string,
    readonly userDir: string,
    /** Where the summary index is cached; without one, every article is read each time. */
    readonly indexPath?: string,
    /** The data folder, whose `fetched/` folder holds what `news fetch` wrote; without one, there is none. */
    dataDir?: string,
    /** Tells the reader about slow work (an index rebuilt), on stderr. */
    note?: (message: string) => void,
  ) {
    this.fetched = dataDir === undefined ? undefined : new FetchedStore(dataDir, join(dataDir, 'fetched'), (path, slug) => this.summarizeFile(path, slug), note);
  }

  /** Fetched articles: in their own folder, listed from news's own index of it. */
  readonly fetched: FetchedStore | undefined;
  private fetchedEntries: { entries: ArticleEntry[]; problems: string[]; rows: Map<string, FetchedRow> } | undefined;

  private summarizeFile(path: string, slug: string): ReturnType<typeof summarize> | string {
    try {
      return summarize(this.load({ slug, path, origin: 'user', overridesBundled: false }));
    } catch (error) {
      if (error instanceof NewsError) return error.message;
      throw error;
    }
  }

  /** The fetched articles, sorted by slug, with their summaries; read once per command. */
  private fetchedList(): { entries: ArticleEntry[]; problems: string[]; rows: Map<string, FetchedRow> } {
    if (this.fetchedEntries) return this.fetchedEntries;
    if (!this.fetched) return { entries: [], problems: [], rows: new Map() };
    const { rows, problems } = this.fetched.read();
    const slugs = [...rows.keys()].sort();
    const entries = slugs.map((slug): ArticleEntry => {
      const row = rows.get(slug) as NonNullable<ReturnType<typeof rows.get>>;
      // Summaries are made only by summaries(): search and find need none.
      return { slug, path: this.fetched!.pathOf(slug), origin: 'user', overridesBundled: false, fetched: { size: row[1], mtime: row[2] } };
    });
    this.fetchedEntries = { entries, problems, rows };
    return this.fetchedEntries;
  }

  /** Forget what was read of the fetched articles, after changing them. */
  forgetFetched(): void {
    this.fetchedEntries = undefined;
  }

  /**
   * Every article's summary: from the index where the files have not changed, reading only
   * those that have. Broken files come back with their problem, named by path.
   */
  async summaries(): Promise<{ results: Summarized[]; warnings: string[] }> {
    const { entries, warnings } = this.list();
    // Fetched articles' summaries are in their own index; the rest are checked against the cache.
    let results = this.checkedSummaries(entries.filter((entry) => entry.fetched === undefined));
    if (results.length !== entries.length) {
      const bySlug = new Map(results.map((result) => [result.entry.slug, result]));
      results = [];
      for (const entry of entries) {
        const row = entry.fetched ? this.fetchedList().rows.get(entry.slug) : undefined;
        if (row) results.push({ entry, summary: rowSummary(row) });
        else {
          const result = bySlug.get(entry.slug);
          if (result) results.push(result);
        }
      }
    }
    return { results, warnings };
  }

  /** Summaries of the bundled and the reader's own articles, checked against the summary cache (saved when it changed). */
  private checkedSummaries(entries: ArticleEntry[]): Summarized[] {
    const cached = parseIndex(this.indexPath === undefined ? undefined : readCacheText(this.indexPath));
    const { results, changed } = summarizeAll(entries, cached, (entry) => {
      try {
        return summarize(this.load(entry));
      } catch (error) {
        if (error instanceof NewsError) return error.message;
        throw error;
      }
    });
    if (changed !== undefined && this.indexPath !== undefined) {
      // A cache that cannot be written costs speed, never correctness.
      try {
        writeTextAtomic(this.indexPath, changed);
      } catch {
        // As above: the next run rebuilds what it needs.
      }
    }
    return results;
  }

  /**
   * Every article newest first, as order.ts sorts them, made as it is read: `news list --limit
   * 20` reads twenty of the fetched articles, not fifty thousand. The reader's own and bundled
   * articles are checked as summaries() checks them; the fetched ones come from their cached
   * list (fetched-list.ts), whole rows. Call close() when done.
   */
  newestFirst(): Ordered {
    const order = this.fetchedOrder();
    const { entries, userSlugs, bundledSlugs, warnings } = this.ownEntries(order);
    warnings.push(...(order?.problems ?? []));
    const ownSorted = this.ownNewestFirst(entries, warnings);
    const ownKeys = ownSorted.map((row) => dateKey(row.summary.date));
    const folder = this.fetched;
    function* rows(): Generator<Listed> {
      let o = 0;
      let f = 0;
      const fetchedEntry = (slug: string): ArticleEntry => ({ slug, path: (folder as FetchedStore).pathOf(slug), origin: 'user', overridesBundled: bundledSlugs.has(slug) });
      const fetchedAt = (index: number): { key: number; listed: Listed } => {
        const row = (order as FetchedOrder).row(index);
        return { key: dateKey(row[5]), listed: { entry: fetchedEntry(row[0]), summary: rowSummary(row) } };
      };
      let next: { key: number; listed: Listed } | undefined;
      for (;;) {
        while (next === undefined && f < (order?.count ?? 0)) {
          const candidate = fetchedAt(f++);
          // The reader's own file of that name wins.
          if (!userSlugs.has(candidate.listed.entry.slug)) next = candidate;
        }
        const mine = ownSorted[o];
        if (mine === undefined && next === undefined) return;
        if (next === undefined || (mine !== undefined && comesFirst(ownKeys[o] as number, mine.entry.slug, next.key, next.listed.entry.slug))) {
          yield mine as Listed;
          o++;
        } else {
          yield next.listed;
          next = undefined;
        }
      }
    }
    return { rows: rows(), warnings, close: () => order?.close() };
  }

  /**
   * What a plain `news list` shows of every article, newest first (as newestFirst), as columns
   * rather than an object per article: at fifty thousand, the objects and their garbage were
   * most of a list's time. The fetched articles' columns come from their cached list as they are.
   */
  listColumns(): { columns: ListColumns; warnings: string[] } {
    const order = this.fetchedOrder();
    try {
      const { entries, userSlugs, bundledSlugs, warnings } = this.ownEntries(order);
      warnings.push(...(order?.problems ?? []));
      const ownSorted = this.ownNewestFirst(entries, warnings);
      const out = emptyColumns();
      const read = (o: FetchedOrder) => ({ slug: o.column('slug'), shown: o.column('shown'), notes: o.column('notes'), feed: o.column('feed'), time: o.numbers('time'), shownWidth: o.numbers('shownWidth'), shownSingle: o.numbers('shownSingle'), notesWidth: o.numbers('notesWidth') });
      const first = order && (order.count ?? 0) > 0 ? read(order) : undefined;
      // A list found damaged part way: every column again from the journal, so that they agree.
      const f = order && first && order.fromJournal ? read(order) : first;
      const count = f?.slug.length ?? 0;
      const ownKeys = ownSorted.map((row) => dateKey(row.summary.date));
      let o = 0;
      let next = 0;
      for (;;) {
        // The next fetched article that no file of the reader's hides.
        while (f && next < count && userSlugs.has(f.slug[next] as string)) next++;
        const mine = ownSorted[o];
        const fetchedLeft = f !== undefined && next < count;
        if (mine === undefined && !fetchedLeft) break;
        if (!fetchedLeft || (mine !== undefined && comesFirst(ownKeys[o] as number, mine.entry.slug, f.time[next] as number, f.slug[next] as string))) {
          pushListed(out, mine as Listed);
          o++;
        } else {
          const slug = f.slug[next] as string;
          out.slug.push(slug);
          out.title.push(f.shown[next] as string);
          out.titleWidth.push(f.shownWidth[next] as number);
          out.titleSingle.push(f.shownSingle[next] === 1);
          out.notes.push(f.notes[next] as string);
          out.notesWidth.push(f.notesWidth[next] as number);
          out.feed.push(f.feed[next] || undefined);
          out.origin.push('user');
          out.overridesBundled.push(bundledSlugs.has(slug));
          next++;
        }
      }
      return { columns: out, warnings };
    } finally {
      order?.close();
    }
  }

  /**
   * The bundled and the reader's own articles, sorted by slug, without the fetched ones: those
   * are listed from their own index. A bundled article that a fetched one hides (as `order`,
   * the fetched articles, says) is left out. Also the slugs of each folder, for merging.
   */
  ownEntries(order: FetchedOrder | undefined): { entries: ArticleEntry[]; userSlugs: Set<string>; bundledSlugs: Set<string>; warnings: string[] } {
    const warnings: string[] = [];
    const bundled = this.scan(this.bundledDir, 'bundled', warnings);
    const user = this.scan(this.userDir, 'user', warnings);
    const userSlugs = new Set(user.map((entry) => entry.slug));
    const fetched = this.fetched;
    // Asked of the folder first: with no file of that name, there is no such fetched article,
    // and the order's slugs are not read.
    const hidden = (slug: string): boolean => order !== undefined && fetched !== undefined && exists(fetched.pathOf(slug)) && order.has(slug);
    const shown = bundled.filter((entry) => userSlugs.has(entry.slug) || !hidden(entry.slug));
    return { entries: mergeBySlug(shown, user), userSlugs, bundledSlugs: new Set(bundled.map((entry) => entry.slug)), warnings };
  }

  /** The summaries of these (own and bundled) entries, newest first; files that are not articles go to `warnings`. */
  private ownNewestFirst(entries: ArticleEntry[], warnings: string[]): Listed[] {
    const own: Listed[] = [];
    for (const result of this.checkedSummaries(entries)) {
      if ('summary' in result) own.push({ entry: result.entry, summary: result.summary });
      else warnings.push(result.problem);
    }
    return newestFirstBy(own, (row) => row.summary.date);
  }

  /** The fetched articles newest first (fetched-store.ts ordered()), or undefined without a data folder. Close it when done. */
  fetchedOrder(): FetchedOrder | undefined {
    return this.fetched && this.indexPath !== undefined ? this.fetched.ordered(join(dirname(this.indexPath), FETCHED_LIST_FILE)) : undefined;
  }

  list(): Listing {
    const warnings: string[] = [];
    const bundled = this.scan(this.bundledDir, 'bundled', warnings);
    const user = this.scan(this.userDir, 'user', warnings);
    const fetched = this.fetchedList();
    warnings.push(...fetched.problems);
    const own = fetched.entries.length === 0 ? user : mergeOwn(fetched.entries, user);
    return { entries: mergeBySlug(bundled, own), warnings };
  }

  /** Finds an article by slug or unique slug prefix; an unknown one fails with suggestions. */
  find(query: string): ArticleEntry {
    const slug = checkSlug(query);
    const exact = this.findExact(slug);
    if (exact) return exact;
    const slugs = this.list().entries.map((entry) => entry.slug);
    const matches = slugs.filter((candidate) => candidate.startsWith(slug));
    if (matches.length === 1 && matches[0] !== undefined) return this.find(matches[0]);
    if (matches.length > 1) {
      throw usageError(`"${slug}" could be ${listWords(matches.slice(0, 5))}${matches.length > 5 ? ' and more' : ''}`, 'Type more of the name');
    }
    const near = nearestSlugs(slug, slugs);
    throw new NewsError(
      'not-found',
      `no article named "${slug}"`,
      near.length > 0 ? `Did you mean ${listWords(near)}? Run 'news list' to see every article` : "Run 'news list' to see every article",
    );
  }

  /** The article's title, or undefined when its file is not an article (for messages and lists). */
  title(entry: ArticleEntry): string | undefined {
    try {
      return parseTitle(readArticleFile(entry.path));
    } catch (error) {
      if (error instanceof NewsError || error instanceof ArticleFormatError) return undefined;
      throw error;
    }
  }

  /** The article file's text, as written: `news read --format markdown`. */
  source(entry: ArticleEntry): string {
    return readArticleFile(entry.path);
  }

  load(entry: ArticleEntry): Article {
    const text = readArticleFile(entry.path);
    try {
      return parseArticle(text, entry.slug);
    } catch (error) {
      if (error instanceof ArticleFormatError) throw brokenArticle(entry.path, error.message);
      throw error;
    }
  }

  /** The article with exactly this slug, if any; never a prefix match. */
  findExact(slug: string): ArticleEntry | undefined {
    if (!isSlug(slug)) return undefined;
    const userPath = join(this.userDir, slug + EXTENSION);
    const bundledPath = join(this.bundledDir, slug + EXTENSION);
    const bundledExists = exists(bundledPath);
    if (exists(userPath)) return { slug, path: userPath, origin: 'user', overridesBundled: bundledExists };
    const fetchedPath = this.fetched?.pathOf(slug);
    if (fetchedPath !== undefined && exists(fetchedPath)) return { slug, path: fetchedPath, origin: 'user', overridesBundled: bundledExists };
    if (bundledExists) return { slug, path: bundledPath, origin: 'bundled', overridesBundled: false };
    return undefined;
  }

  private scan(dir: string, origin: Origin, warnings: string[]): ArticleEntry[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') warnings.push(`cannot read the article folder ${dir}: ${describeFsError(error, dir).message}`);
      else if (code !== 'ENOENT') warnings.push(`cannot read the article folder ${dir}: ${(error as Error).message}`);
      return [];
    }
    const folder = join(dir, '/'); // joined once: path.join per file shows up with thousands
    const slugs: string[] = [];
    for (const name of names) {
      if (!name.endsWith(EXTENSION) || name.startsWith('.')) continue;
      const slug = name.slice(0, -EXTENSION.length);
      if (isSlug(slug)) slugs.push(slug);
      else warnings.push(`${folder + name}: "${slug}" is not an article name (lower-case letters, digits and dashes); rename the file to read it`);
    }
    // Slugs are ASCII, so the default sort (by UTF-16 code unit) is alphabetical; a comparator
    // or ICU collation is most of the cost of listing ten thousand articles.
    slugs.sort();
    return slugs.map((slug) => ({ slug, path: folder + slug + EXTENSION, origin, overridesBundled: false }));
  }
}

/** Both folders' entries, sorted by slug; the reader's article wins over a bundled one. */
export function mergeBySlug(bundled: ArticleEntry[], user: ArticleEntry[]): ArticleEntry[] {
  const merged: ArticleEntry[] = [];
  let b = 0;
  let u = 0;
  while (b < bundled.length || u < user.length) {
    const fromBundled = bundled[b];
    const fromUser = user[u];
    if (fromUser === undefined || (fromBundled !== undefined && fromBundled.slug < fromUser.slug)) {
      merged.push(fromBundled as ArticleEntry);
      b++;
    } else if (fromBundled !== undefined && fromBundled.slug === fromUser.slug) {
      merged.push({ ...fromUser, overridesBundled: true });
      b++;
      u++;
    } else {
      merged.push(fromUser);
      u++;
    }
  }
  return merged;
}

/** The reader's own and the fetched articles, sorted by slug: a file of the reader's wins. */
function mergeOwn(fetched: ArticleEntry[], user: ArticleEntry[]): ArticleEntry[] {
  const merged: ArticleEntry[] = [];
  let f = 0;
  let u = 0;
  while (f < fetched.length || u < user.length) {
    const fromFetched = fetched[f];
    const fromUser = user[u];
    if (fromUser === undefined || (fromFetched !== undefined && fromFetched.slug < fromUser.slug)) {
      merged.push(fromFetched as ArticleEntry);
      f++;
    } else {
      if (fromFetched !== undefined && fromFetched.slug === fromUser.slug) f++;
      merged.push(fromUser);
      u++;
    }
  }
  return merged;
}


/** Whether an article of this date key and slug comes before the other in a list: newer first, then by slug. */
function comesFirst(key: number, slug: string, otherKey: number, otherSlug: string): boolean {
  return key > otherKey || (key === otherKey && slug < otherSlug);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function brokenArticle(path: string, problem: string): NewsError {
  return new NewsError('broken-article', `${path}: ${problem}`, 'Fix the file, or remove it from the article folder');
}

/** Reads a regular file without following links, refusing what is too large or not UTF-8. */
export function readArticleFile(path: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO named like an article opens at once (and is refused below as not a
    // regular file) instead of waiting forever for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw brokenArticle(path, 'is a symbolic link, and news reads only regular files in its article folders');
    if (code === 'ENOENT') throw new NewsError('not-found', `${path} has gone`, "Run 'news list' to see every article");
    throw brokenArticle(path, `cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw brokenArticle(path, 'is not a regular file');
    if (stat.size > MAX_ARTICLE_BYTES) throw brokenArticle(path, `is ${Math.round(stat.size / 1048576)} MB, more than the ${MAX_ARTICLE_BYTES / 1048576} MB an article may be`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const bytes = readSync(fd, buffer, read, stat.size - read, read);
      if (bytes === 0) break;
      read += bytes;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, read));
    } catch {
      throw brokenArticle(path, 'is not UTF-8 text');
    }
  } finally {
    closeSync(fd);
  }
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;
}
