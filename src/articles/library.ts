import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NewsError, usageError } from '../errors.js';
import { listNotes } from '../render/list-notes.js';
import { columns, columnsOfEach, sanitizeLine } from '../render/text.js';
import { FETCHED_LIST_FILE, FetchedListError, type ListedColumns } from './fetched-list.js';
import { positionInSorted, positionsInSorted, valueAt, valuesOf, type ByteColumn } from '../storage/byte-column.js';
import type { ByteRows } from '../render/list-bytes.js';
import { FetchedStore, rowSummary, type FetchedOrder, type FetchedRow } from './fetched-store.js';
import { articlesIn, BUNDLED, listFolder, mergeBySlug as mergeEntries, OWN_INDEX_FILE, ownIndex, USER_OVER_BUNDLED, type OwnIndex, type OwnListed, type Summarized } from './own-index.js';
import { dateKey } from './order.js';
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

/** Every article in list order, as bytes: ArticleLibrary.longList(). */
export interface LongList {
  /** The bundled and the reader's own articles, newest first (their index's rows): source 0. */
  own: OwnListed;
  /** The rows of each source: 0 the bundled and own articles, 1 the fetched ones (if any). */
  sources: ByteRows[];
  /** For each article in list order: its source, and its row there. */
  source: Uint8Array;
  row: Uint32Array;
  /** Of the fetched articles: their feeds, their slugs in sorted order and the row of each, and the rows whose name a bundled article has too. */
  fetched: { feed: ByteColumn; sortedSlugs: ByteColumn; slugRows: Uint32Array; overBundled: ReadonlySet<number> } | undefined;
  warnings: string[];
  /** The fetched articles' list is read until then (titles are read only when shown). */
  close(): void;
}

/** Articles in order, made as `rows` is read; `warnings` name the files that are not articles. */
export interface Ordered {
  rows: Iterable<Listed>;
  /** How many rows there are, without making them. */
  count(): number;
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

/** The own index's slugs, as lists and searches ask of them (ArticleLibrary.ownSlugs). */
interface OwnSlugs {
  /** The reader's articles' slugs. */
  userSlugs: () => Set<string>;
  /** Whether a slug is one of the reader's articles'. */
  isUsers: (slug: string) => boolean;
  /** The slugs that are a bundled article's name: bundled ones, and the reader's over one. */
  bundledSlugs: () => Set<string>;
  hasBundledName: (slug: string) => boolean;
  /** Whether a bundled article is hidden by a fetched one of its name. */
  hiddenBundled: (entry: ArticleEntry) => boolean;
}

/**
 * The only code that reads article files. Two folders: the bundled one shipped with the package,
 * and the reader's own, whose articles win over bundled ones with the same slug. Only regular
 * files directly inside those folders are ever opened; symbolic links are refused.
 */
export class ArticleLibrary {
  constructor(
    readonly bundledDir: string,
    readonly userDir: string,
    /** The cache folder, for the own index and the fetched list; without one, every article is read each time. */
    readonly cacheDir?: string,
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
    // Fetched articles' summaries are in their own index; the rest are the own index's.
    const index = this.ownIndex();
    const rowOf = new Map(index.entries.map((entry, row) => [entry.path, row]));
    const results: Summarized[] = [];
    for (const entry of entries) {
      const fetchedRow = entry.fetched ? this.fetchedList().rows.get(entry.slug) : undefined;
      if (fetchedRow) {
        results.push({ entry, summary: rowSummary(fetchedRow) });
        continue;
      }
      const row = rowOf.get(entry.path);
      const summary = row === undefined ? undefined : index.summary(row);
      if (summary !== undefined) results.push(typeof summary === 'string' ? { entry, problem: summary } : { entry, summary });
    }
    return { results, warnings };
  }

  /** The index of the bundled and the reader's own articles (own-index.ts), checked against the folders; read once per command. */
  private ownIndex(): OwnIndex {
    this.own ??= ownIndex(this.bundledDir, this.userDir, this.cacheDir === undefined ? undefined : join(this.cacheDir, OWN_INDEX_FILE), (entry) => {
      try {
        return summarize(this.load(entry));
      } catch (error) {
        if (error instanceof NewsError) return error.message;
        throw error;
      }
    });
    return this.own;
  }

  private own: OwnIndex | undefined;

  /**
   * Every article newest first, as order.ts sorts them, made as it is read: `news list --limit
   * 20` reads twenty of the fetched articles, not fifty thousand. The reader's own and bundled
   * articles come from their index, checked against their files; the fetched ones from their
   * cached list (fetched-list.ts), whole rows. Call close() when done.
   */
  newestFirst(): Ordered {
    const order = this.fetchedOrder();
    const own = this.ownListed(order);
    const { index, shown, userSlugs, isUsers, hasBundledName, warnings } = own;
    const listed = index.listed;
    const folder = this.fetched;
    const ownAt = (row: number): Listed => {
      const entryIndex = listed.entry[row] as number;
      return { entry: index.entry(entryIndex), summary: index.summary(entryIndex) as ArticleSummary };
    };
    function* rows(): Generator<Listed> {
      let o = 0;
      let f = 0;
      const fetchedEntry = (slug: string): ArticleEntry => ({ slug, path: (folder as FetchedStore).pathOf(slug), origin: 'user', overridesBundled: hasBundledName(slug) });
      const fetchedAt = (index: number): { key: number; listed: Listed } => {
        const row = (order as FetchedOrder).row(index);
        return { key: dateKey(row[5]), listed: { entry: fetchedEntry(row[0]), summary: rowSummary(row) } };
      };
      let next: { key: number; listed: Listed } | undefined;
      for (;;) {
        while (next === undefined && f < (order?.count ?? 0)) {
          const candidate = fetchedAt(f++);
          // The reader's own file of that name wins.
          if (!isUsers(candidate.listed.entry.slug)) next = candidate;
        }
        while (o < shown.length && shown[o] === 0) o++;
        const mine = o < shown.length ? o : undefined;
        if (mine === undefined && next === undefined) return;
        if (next === undefined || (mine !== undefined && comesFirst(listed.time[mine] as number, valueAt(listed.slug, mine), next.key, next.listed.entry.slug))) {
          yield ownAt(mine as number);
          o++;
        } else {
          yield next.listed;
          next = undefined;
        }
      }
    }
    const count = (): number => {
      let mine = 0;
      for (const one of shown) mine += one;
      // Fetched articles that the reader's own files of the same name hide are not rows.
      const hidden = order && order.count > 0 ? fetchedTwins(order, userSlugs()).length : 0;
      return mine + (order?.count ?? 0) - hidden;
    };
    return { rows: rows(), count, warnings, close: () => order?.close() };
  }

  /**
   * What a plain `news list` shows of every article, newest first (as newestFirst), as columns
   * rather than an object per article: at fifty thousand, the objects and their garbage were
   * most of a list's time. The fetched articles' columns come from their cached list as they are.
   */
  listColumns(): { columns: ListColumns; warnings: string[] } {
    const order = this.fetchedOrder();
    try {
      const { index, shown, userSlugs, bundledSlugs, warnings } = this.ownListed(order);
      const listed = index.listed;
      const ownShown = valuesOf(listed.shown);
      const ownNotes = valuesOf(listed.notes);
      const ownFeeds = valuesOf(listed.feed);
      const ownSlugs = valuesOf(listed.slug);
      const out = emptyColumns();
      const read = (o: FetchedOrder) => ({ slug: o.column('slug'), shown: o.column('shown'), notes: o.column('notes'), feed: o.column('feed'), time: o.numbers('time'), shownWidth: o.numbers('shownWidth'), shownSingle: o.numbers('shownSingle'), notesWidth: o.numbers('notesWidth') });
      const first = order && (order.count ?? 0) > 0 ? read(order) : undefined;
      // A list found damaged part way: every column again from the journal, so that they agree.
      const f = order && first && order.fromJournal ? read(order) : first;
      const count = f?.slug.length ?? 0;
      const users = f ? userSlugs() : new Set<string>();
      let o = 0;
      let next = 0;
      for (;;) {
        // The next fetched article that no file of the reader's hides.
        while (f && next < count && users.has(f.slug[next] as string)) next++;
        while (o < shown.length && shown[o] === 0) o++;
        const mine = o < shown.length ? o : undefined;
        const fetchedLeft = f !== undefined && next < count;
        if (mine === undefined && !fetchedLeft) break;
        if (!fetchedLeft || (mine !== undefined && comesFirst(listed.time[mine] as number, ownSlugs[mine] as string, f.time[next] as number, f.slug[next] as string))) {
          const row = mine as number;
          const code = listed.origin[row] as number;
          out.slug.push(ownSlugs[row] as string);
          out.title.push(ownShown[row] as string);
          out.titleWidth.push(listed.shownWidth[row] as number);
          out.titleSingle.push(listed.shownSingle[row] === 1);
          out.notes.push(ownNotes[row] as string);
          out.notesWidth.push(listed.notesWidth[row] as number);
          out.feed.push(listed.hasFeed[row] === 1 ? (ownFeeds[row] as string) : undefined);
          out.origin.push(code === BUNDLED ? 'bundled' : 'user');
          out.overridesBundled.push(code === USER_OVER_BUNDLED);
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
          out.overridesBundled.push(bundledSlugs().has(slug));
          next++;
        }
      }
      return { columns: out, warnings };
    } finally {
      order?.close();
    }
  }

  /**
   * Every article newest first, as listColumns() lists them, with the text a list shows kept as
   * bytes (render/list-bytes.ts): the fetched articles' straight from their cached list, the
   * bundled and the reader's own from their index.
   */
  longList(): LongList {
    const order = this.fetchedOrder();
    try {
      const { index, shown, userSlugs, bundledSlugs, warnings } = this.ownListed(order);
      const listed = index.listed;
      const ownRows: ByteRows = { slug: listed.slug, title: () => listed.shown, notes: () => listed.notes, titleWidth: listed.shownWidth, titleSingle: listed.shownSingle, notesWidth: listed.notesWidth };
      // The titles are read only if the layout shows them: a list in a pipe of long names has no
      // room for them.
      const read = (o: FetchedOrder): Omit<ListedColumns, 'shown'> => {
        const { slugs, rows } = o.sortedSlugs();
        return { slug: o.bytes('slug'), notes: o.bytes('notes'), feed: o.bytes('feed'), time: o.numbers('time'), shownWidth: o.numbers('shownWidth'), shownSingle: o.numbers('shownSingle'), notesWidth: o.numbers('notesWidth'), sortedSlugs: slugs, slugRows: rows };
      };
      const fromList = order !== undefined && !order.fromJournal;
      const first = order && order.count > 0 ? read(order) : undefined;
      // A list found damaged part way: every column again from the journal, so that they agree.
      const f = order && first && fromList && order.fromJournal ? read(order) : first;
      const count = f === undefined ? 0 : f.time.length;
      // The fetched rows that a file of the reader's of the same name hides, and those a bundled article has the name of.
      const rowOf = (slug: string): number => {
        const position = f === undefined ? -1 : positionInSorted(f.sortedSlugs, slug);
        return position < 0 ? -1 : ((f as Omit<ListedColumns, 'shown'>).slugRows[position] as number);
      };
      const hidden = new Uint8Array(count);
      let hiddenCount = 0;
      if (f) {
        for (const position of positionsInSorted(f.sortedSlugs, [...userSlugs()])) {
          const row = position < 0 ? -1 : (f.slugRows[position] as number);
          if (row >= 0 && hidden[row] === 0) {
            hidden[row] = 1;
            hiddenCount++;
          }
        }
      }
      const overBundled = new Set(f ? [...bundledSlugs()].map(rowOf).filter((row) => row >= 0) : []);
      const { source, row: rows } = mergeNewestFirst(listed, shown, f?.time ?? new Float64Array(0), f?.slug, hidden, hiddenCount);
      const sources: ByteRows[] = [ownRows];
      if (f && order) {
        const title = (): ByteColumn => {
          const fromList = !order.fromJournal;
          const titles = order.bytes('shown');
          // Found damaged only now: its titles come from the journal, which may have changed
          // since the rest was read. The caller lists again, from the journal alone.
          if (fromList && order.fromJournal) throw new FetchedListError();
          return titles;
        };
        sources.push({ slug: f.slug, title, notes: () => f.notes, titleWidth: f.shownWidth, titleSingle: f.shownSingle, notesWidth: f.notesWidth });
      }
      return { own: listed, sources, source, row: rows, fetched: f && { feed: f.feed, sortedSlugs: f.sortedSlugs, slugRows: f.slugRows, overBundled }, warnings, close: () => order?.close() };
    } catch (error) {
      order?.close();
      throw error;
    }
  }

  /**
   * The bundled and the reader's own articles as search reads them (search/engine.ts): named by
   * `stamp`, which is the same while they are (the own index's token, and the bundled articles
   * a fetched one hides), and, when asked for, each file with its size and mtime as lstat-ed
   * this run. Also the slugs of each folder.
   */
  ownForSearch(order: FetchedOrder | undefined): { stamp: string; files: () => { entry: ArticleEntry; path: string; size: number; mtime: number }[]; entryAt: (path: string) => ArticleEntry | undefined; userSlugs: () => Set<string>; bundledSlugs: () => Set<string>; warnings: string[] } {
    const index = this.ownIndex();
    const { userSlugs, bundledSlugs, hiddenBundled } = this.ownSlugs(index, order);
    const hiddenSlugs = index.bundled.map((entry) => index.entry(entry)).filter(hiddenBundled).map((entry) => entry.slug);
    return {
      stamp: `own.${index.token}${hiddenSlugs.length > 0 ? `.hides.${hiddenSlugs.join('+')}` : ''}`,
      files: () => index.entries.flatMap((entry, row) => (hiddenBundled(entry) ? [] : [{ entry, path: entry.path, size: index.size[row] as number, mtime: index.mtime[row] as number }])),
      // One of files() by its path, found by its slug: a search shows ten, of thousands.
      entryAt: (path) => {
        const row = path.endsWith(EXTENSION) ? index.find(basename(path, EXTENSION)) : -1;
        const entry = row < 0 ? undefined : index.entry(row);
        return entry !== undefined && entry.path === path && !hiddenBundled(entry) ? entry : undefined;
      },
      userSlugs,
      bundledSlugs,
      warnings: [...index.warnings],
    };
  }

  /**
   * The own index's articles newest first, as a list shows them, and which of its rows are
   * shown (1) or left out as bundled ones a fetched article hides (0); the warnings: folders,
   * names, then the fetched list's problems, then files that are not articles.
   */
  private ownListed(order: FetchedOrder | undefined): Omit<OwnSlugs, 'hiddenBundled'> & { index: OwnIndex; shown: Uint8Array; warnings: string[] } {
    const index = this.ownIndex();
    const { userSlugs, isUsers, bundledSlugs, hasBundledName, hiddenBundled } = this.ownSlugs(index, order);
    const listed = index.listed;
    const shown = new Uint8Array(listed.count).fill(1);
    for (let row = 0; row < listed.count; row++) {
      if (listed.origin[row] === BUNDLED && hiddenBundled(index.entry(listed.entry[row] as number))) shown[row] = 0;
    }
    const problems = index.problems.filter(({ entry }) => !hiddenBundled(index.entry(entry))).map(({ problem }) => problem);
    return { index, shown, userSlugs, isUsers, bundledSlugs, hasBundledName, warnings: [...index.warnings, ...(order?.problems ?? []), ...problems] };
  }

  /** The slugs of each folder (made when first asked for), and whether a bundled article is hidden by a fetched one. */
  private ownSlugs(index: OwnIndex, order: FetchedOrder | undefined): OwnSlugs {
    let users: Set<string> | undefined;
    let bundled: Set<string> | undefined;
    const fetched = this.fetched;
    // From the set once it is made; until then by halving the own index: a short list asks of
    // twenty slugs, among a thousand.
    const isOne = (made: Set<string> | undefined, slug: string, wanted: (entry: ArticleEntry) => boolean): boolean => {
      if (made) return made.has(slug);
      const row = index.find(slug);
      return row >= 0 && wanted(index.entry(row));
    };
    return {
      userSlugs: () => (users ??= index.slugsOf('user')),
      isUsers: (slug) => isOne(users, slug, (entry) => entry.origin === 'user'),
      bundledSlugs: () => (bundled ??= index.slugsOf('bundled-name')),
      hasBundledName: (slug) => isOne(bundled, slug, (entry) => entry.origin === 'bundled' || entry.overridesBundled),
      // Asked of the folder first: with no file of that name, there is no such fetched article,
      // and the order's slugs are not read.
      hiddenBundled: (entry) => entry.origin === 'bundled' && order !== undefined && fetched !== undefined && exists(fetched.pathOf(entry.slug)) && order.has(entry.slug),
    };
  }

  /** The fetched articles newest first (fetched-store.ts ordered()), or undefined without a data folder. Close it when done. */
  fetchedOrder(): FetchedOrder | undefined {
    return this.fetched && this.cacheDir !== undefined ? this.fetched.ordered(join(this.cacheDir, FETCHED_LIST_FILE)) : undefined;
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
    // A slug as a list cut it to the line ('a-long-na…'), pasted back: what is left begins it.
    const slug = checkSlug(query.endsWith('\u2026') ? query.slice(0, -1).replace(/-+$/, '') : query);
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
    const folder = listFolder(dir, origin);
    if (folder.warning !== undefined) warnings.push(folder.warning);
    const prefix = join(dir, '/');
    return articlesIn(folder, warnings).map(({ slug }) => ({ slug, path: prefix + slug + EXTENSION, origin, overridesBundled: false }));
  }
}

/** Both folders' entries, sorted by slug; the reader's article wins over a bundled one. */
export function mergeBySlug(bundled: ArticleEntry[], user: ArticleEntry[]): ArticleEntry[] {
  return mergeEntries(bundled, user, (entry) => entry.slug, (entry) => ({ ...entry, overridesBundled: true }));
}

/** The reader's own and the fetched articles, sorted by slug: a file of the reader's wins. */
function mergeOwn(fetched: ArticleEntry[], user: ArticleEntry[]): ArticleEntry[] {
  return mergeEntries(fetched, user, (entry) => entry.slug, (entry) => entry);
}


/**
 * The bundled and own articles (their index's rows newest first, those `shown`) and the fetched
 * ones (their cached columns, newest first) in one list order, leaving out the fetched rows that
 * are `hidden`: each article's source (0 own, 1 fetched) and its row there. A function of its
 * own: the loop runs for every article, and V8 compiles a small function's loop soonest.
 */
function mergeNewestFirst(own: OwnListed, shown: Uint8Array, time: Float64Array, slug: ByteColumn | undefined, hidden: Uint8Array, hiddenCount: number): { source: Uint8Array; row: Uint32Array } {
  const count = time.length;
  let ownCount = 0;
  for (let row = 0; row < shown.length; row++) ownCount += shown[row] as number;
  const source = new Uint8Array(ownCount + count - hiddenCount);
  const rows = new Uint32Array(source.length);
  let o = 0;
  let next = 0;
  for (let index = 0; index < source.length; index++) {
    while (next < count && hidden[next] === 1) next++;
    while (o < own.count && shown[o] === 0) o++;
    // As comesFirst(), with the slugs made strings only for equal dates.
    const ownKey = own.time[o] as number;
    if (next >= count || (o < own.count && (ownKey > (time[next] as number) || (ownKey === time[next] && valueAt(own.slug, o) < valueAt(slug as ByteColumn, next))))) {
      rows[index] = o++;
    } else {
      source[index] = 1;
      rows[index] = next++;
    }
  }
  return { source, row: rows };
}

/**
 * The reader's articles (`userSlugs`, in order) that have a fetched one of the same name, which
 * theirs hides: found in one walk beside the fetched slugs, sorted.
 */
export function fetchedTwins(order: FetchedOrder, userSlugs: Iterable<string>): string[] {
  const slugs = [...userSlugs];
  const positions = order.positionsOf(slugs);
  return slugs.filter((_, index) => (positions[index] as number) >= 0);
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
