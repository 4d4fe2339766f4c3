import { appendFileSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { NewsError, describeFsError } from '../errors.js';
import { withDataFileLock } from '../storage/data-lock.js';
import { readCacheText, readTextIfExists, writeTextAtomic } from '../storage/json-file.js';
import { FetchedList, FetchedListError, makeFetchedList, writeFetchedList, type ListColumn, type NumberColumn } from './fetched-list.js';
import { timeZoneSignature } from './order.js';
import { positionsInSorted, type ByteColumn } from '../storage/byte-column.js';
import type { ArticleSummary } from './model.js';
import { PARSER_VERSION, parseArticle } from './parse.js';
import { isSlug } from './slug.js';

/**
 * The articles `news fetch` wrote, in a folder only news writes (`<data>/fetched/`), and the
 * index of them that news trusts instead of stat-ing each file: `<data>/fetched-index.jsonl`.
 *
 * The index is a journal, one JSON value a line: a header, then records of articles added (with
 * their summaries, sizes and mtimes) and removed, each ending with the folder's mtime once the
 * change was made. Every change to the folder is made holding the index's lock, and recorded
 * before the lock is let go, so the folder's mtime equals the last record's exactly when the
 * journal tells the whole truth. A process killed with the lock held (files written, nothing
 * recorded, or half a line appended), a file deleted by hand, a journal that does not parse or
 * is another version: all read as no index, and it is rebuilt from the files, which are the
 * truth. Appending keeps a fetch's cost per feed to the feed's own articles; the journal is
 * written whole again only when rebuilt or when it holds much more than it describes.
 *
 * (Edited in place by hand, a fetched file keeps its old summary in `news list` until the index
 * is rebuilt; that is the price of trusting news's own records. The reader's own folder is
 * checked on every run.)
 */
export const FETCHED_INDEX_VERSION = 1;
const MAGIC = 'news-fetched-index';
const EXTENSION = '.md';
/** As src/storage/data-lock.ts: a lock untouched this long was left by a holder that died. */
const LOCK_STALE_MS = 2000;

/** slug, size, mtime, title, dek, date, author, source, url, feed, tags, words, sections */
export type FetchedRow = [string, number, number, string, string | null, string | null, string | null, string | null, string | null, string | null, string[], number, number];

/** The fetched articles in list order (fetched-list.ts), read as far as asked. */
export interface FetchedOrder {
  count: number;
  /** What it was made from: the journal, and the time zone (FetchedStore.ordered). */
  readonly stamp: string;
  /** Row `index` whole. */
  row(index: number): FetchedRow;
  /** Whether row() is cheap for `index` (otherwise it reads every row; column() is cheaper). */
  inHead(index: number): boolean;
  column(name: ListColumn): string[];
  /** A column as bytes, for lists written from bytes (render/list-bytes.ts). */
  bytes(name: ListColumn): ByteColumn;
  numbers(name: NumberColumn): Float64Array;
  /** Whether there is a fetched article of this slug. */
  has(slug: string): boolean;
  /** Where each of these slugs (sorted, as the reader's own are) is among sortedSlugs(), or -1; one walk beside them. */
  positionsOf(slugs: readonly string[]): Int32Array;
  /** The slugs in sorted order, and the row of each. */
  sortedSlugs(): { slugs: ByteColumn; rows: Uint32Array };
  /** Whether the journal took over from a cached list found damaged (values read before may be the list's). */
  readonly fromJournal: boolean;
  /** Files that are not articles, found when the index was rebuilt. */
  problems: string[];
  close(): void;
}

export interface FetchedIndex {
  rows: Map<string, FetchedRow>;
}

export interface Stored {
  slug: string;
  text: string;
  summary: ArticleSummary;
  /**
   * A new article, whose name was chosen before the lock was taken: another news may have
   * taken it meanwhile. Its file is then left alone, and the article gets the next free name.
   */
  fresh?: boolean;
}

export function rowSummary(row: FetchedRow): ArticleSummary {
  return {
    title: row[3],
    dek: row[4] ?? undefined,
    date: row[5] ?? undefined,
    author: row[6] ?? undefined,
    source: row[7] ?? undefined,
    url: row[8] ?? undefined,
    feed: row[9] ?? undefined,
    tags: row[10],
    words: row[11],
    sectionCount: row[12],
  };
}

function toRow(slug: string, size: number, mtime: number, s: ArticleSummary): FetchedRow {
  return [slug, size, mtime, s.title, s.dek ?? null, s.date ?? null, s.author ?? null, s.source ?? null, s.url ?? null, s.feed ?? null, s.tags, s.words, s.sectionCount];
}

const header = (): string => `${JSON.stringify({ [MAGIC]: FETCHED_INDEX_VERSION, parser: PARSER_VERSION })}\n`;

/**
 * lstatSync, which throws for more than a missing file: a file where the data folder should be
 * (ENOTDIR), a folder news may not search (EACCES). Those reach the reader as what to do.
 */
function lstatDescribed(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw describeFsError(error, path);
  }
}

function folderMtime(dir: string): number | undefined {
  try {
    return lstatSync(dir, { throwIfNoEntry: false })?.mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The journal's rows, when it describes the folder as it is now; undefined when it must be
 * rebuilt. No folder and no journal is an empty library of fetched articles. `writing`: a live
 * news holds the lock and is changing the folder, so the journal is taken as it stands (the
 * articles being written are not in it yet), its last line too if it is still being appended.
 */
export function parseFetchedIndex(text: string | undefined, mtime: number | undefined, writing = false): FetchedIndex | undefined {
  if (text === undefined) return mtime === undefined || writing ? { rows: new Map() } : undefined;
  const lines = text.split('\n');
  const partial = lines.pop();
  // Half a line: a writer was killed, or is at work.
  if (partial !== '' && !writing) return undefined;
  try {
    const head = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    if (head[MAGIC] !== FETCHED_INDEX_VERSION || head.parser !== PARSER_VERSION) return undefined;
    const rows = new Map<string, FetchedRow>();
    let last: number | undefined;
    for (let n = 1; n < lines.length; n++) {
      const record = JSON.parse(lines[n] as string) as { add?: FetchedRow[]; del?: string[]; dir?: number; pending?: boolean };
      for (const slug of record.del ?? []) rows.delete(slug);
      for (const row of record.add ?? []) {
        if (!Array.isArray(row) || row.length !== 13 || typeof row[0] !== 'string' || typeof row[3] !== 'string') return undefined;
        rows.set(row[0], row);
      }
      last = record.pending ? Number.NaN : record.dir;
    }
    // With no record yet the folder must not exist. A pending mark last: a writer was killed, or is at work.
    return last === mtime || writing ? { rows } : undefined;
  } catch {
    return undefined;
  }
}

export class FetchedStore {
  readonly indexPath: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dataDir: string,
    readonly dir: string,
    /** Reads and summarizes one file, or says what is wrong with it: for rebuilding. */
    private readonly summarizeFile: (path: string, slug: string) => ArticleSummary | string,
    private readonly note: (message: string) => void = () => {},
  ) {
    this.indexPath = join(dataDir, 'fetched-index.jsonl');
    this.folder = join(dir, '/');
  }

  /** The folder, ending in a separator. (Joined once: path.join for each of 50,000 articles shows in `news list`.) */
  readonly folder: string;

  pathOf(slug: string): string {
    return this.folder + slug + EXTENSION;
  }

  /**
   * Every fetched article's row: from the journal, or rebuilt from the files when it cannot be
   * trusted. `whole`: the journal described the folder completely (no rebuild, no writer at work).
   */
  read(): { rows: Map<string, FetchedRow>; problems: string[]; whole: boolean } {
    const mtime = folderMtime(this.dir);
    const text = readCacheText(this.indexPath);
    const index = parseFetchedIndex(text, mtime);
    if (index) return { rows: index.rows, problems: [], whole: true };
    const partial = this.beingWritten() ? parseFetchedIndex(text, mtime, true) : undefined;
    if (partial) return { rows: partial.rows, problems: [], whole: false };
    return { ...this.rebuild(mtime), whole: false };
  }

  /**
   * The fetched articles newest first: from the cached list (fetched-list.ts) when it was made
   * from the journal as it is now, else from the journal, saving the list for next time.
   */
  ordered(listPath: string): FetchedOrder {
    const stamp = this.listStamp();
    const cached = FetchedList.open(listPath, stamp);
    if (!cached) return this.orderedFromJournal(listPath, stamp);
    // A list damaged past its first line is found out as it is read: the journal takes over, in the same order.
    let journal: FetchedOrder | undefined;
    const either = <T>(fromList: () => T, fromJournal: (order: FetchedOrder) => T): T => {
      if (!journal) {
        try {
          return fromList();
        } catch (error) {
          if (!(error instanceof FetchedListError)) throw error;
          // Saved again from the journal, if it still is what the damaged list was made from.
          journal = this.orderedFromJournal(listPath, stamp);
        }
      }
      return fromJournal(journal);
    };
    return {
      get count() {
        return journal ? journal.count : cached.count;
      },
      stamp,
      row: (index) => either(() => cached.row(index), (order) => order.row(index)),
      inHead: (index) => (journal ? true : cached.inHead(index)),
      column: (name) => either(() => cached.column(name), (order) => order.column(name)),
      bytes: (name) => either(() => cached.bytes(name), (order) => order.bytes(name)),
      numbers: (name) => either(() => cached.numbers(name), (order) => order.numbers(name)),
      has: (slug) => either(() => cached.has(slug), (order) => order.has(slug)),
      positionsOf: (slugs) => either(() => positionsInSorted(cached.sortedSlugs(), slugs), (order) => order.positionsOf(slugs)),
      sortedSlugs: () => either(() => ({ slugs: cached.sortedSlugs(), rows: cached.slugOrder() }), (order) => order.sortedSlugs()),
      get fromJournal() {
        return journal !== undefined;
      },
      problems: [],
      close: () => cached.close(),
    };
  }

  /** The order made from the journal, saved as the list when `stamp` says the journal did not change meanwhile. */
  private orderedFromJournal(listPath: string, stamp: string): FetchedOrder {
    const { rows, problems, whole } = this.read();
    const made = makeFetchedList(rows.values());
    // Saved only for a journal that was whole and did not change while it was read.
    if (whole && this.listStamp() === stamp) writeFetchedList(listPath, stamp, made);
    return {
      count: made.sorted.length,
      stamp,
      row: (index) => made.sorted[index] as FetchedRow,
      inHead: () => true,
      column: (name) => made.columns[name],
      bytes: (name) => made.listed[name],
      numbers: (name) => made.listed[name],
      has: (slug) => rows.has(slug),
      positionsOf: (slugs) => positionsInSorted(made.listed.sortedSlugs, slugs),
      sortedSlugs: () => ({ slugs: made.listed.sortedSlugs, rows: made.listed.slugRows }),
      fromJournal: true,
      problems,
      close: () => {},
    };
  }

  /** What the cached list is made from: the journal (stamp()), and the time zone its sort keys are in (order.ts). */
  private listStamp(): string {
    return `${this.stamp()}@${timeZoneSignature()}`;
  }

  /** The journal's size, mtime and inode, the folder's mtime and its path: what a cached list or index was made from. */
  stamp(): string {
    const journal = lstatDescribed(this.indexPath);
    const dir = folderMtime(this.dir);
    // The folder's path too: an index of paths is not this folder's when it is reached by another.
    return `${journal ? `${journal.size}:${journal.mtimeMs}:${journal.ino}` : 'none'}/${dir ?? 'none'}/${encodeURIComponent(this.folder)}`;
  }

  /**
   * Whether another news holds the lock and has held it for less than a lock's stale time: it
   * is writing the folder, and records what it wrote before letting go. (A reader rebuilding
   * the index meanwhile would take seconds on a large library, for nothing.)
   */
  private beingWritten(): boolean {
    const lock = lstatDescribed(`${this.indexPath}.lock`);
    return lock !== undefined && Date.now() - lock.mtimeMs < LOCK_STALE_MS;
  }

  /** Reads every file in the folder; saved when the folder did not change meanwhile (best effort). */
  private rebuild(before: number | undefined): { rows: Map<string, FetchedRow>; problems: string[] } {
    const rows = new Map<string, FetchedRow>();
    const problems: string[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      // No folder: nothing fetched.
    }
    const started = Date.now();
    let noted = false;
    for (const name of names) {
      if (!name.endsWith(EXTENSION) || name.startsWith('.')) continue;
      const slug = name.slice(0, -EXTENSION.length);
      if (!isSlug(slug)) continue;
      if (!noted && Date.now() - started > 500) {
        this.note(`news: rebuilding the index of fetched articles (${names.length} files in ${this.dir})\u2026`);
        noted = true;
      }
      const path = join(this.dir, name);
      const stat = lstatDescribed(path);
      if (!stat?.isFile()) continue;
      const outcome = this.summarizeFile(path, slug);
      if (typeof outcome === 'string') problems.push(outcome);
      else rows.set(slug, toRow(slug, stat.size, stat.mtimeMs, outcome));
    }
    if (folderMtime(this.dir) === before && before !== undefined) {
      try {
        const record = JSON.stringify({ add: [...rows.values()], dir: before });
        // The folder is not written meanwhile only by a holder of the lock; one that is not
        // free at once is another news at work, which records its own changes.
        writeTextAtomic(this.indexPath, header() + record + '\n');
      } catch {
        // A journal that cannot be written costs speed, never correctness.
      }
    }
    return { rows, problems };
  }

  /**
   * Writes these articles into the folder and records them, all under the index's lock: one
   * lock and one journal line per call (a fetch makes one call per feed). Articles of one
   * process are stored one batch after another.
   */
  async store(articles: Stored[], removed: readonly string[] = []): Promise<void> {
    const run = this.queue.then(() => this.storeLocked(articles, removed));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async storeLocked(articles: Stored[], removed: readonly string[]): Promise<void> {
    if (articles.length === 0 && removed.length === 0) return;
    await withDataFileLock(this.dataDir, this.indexPath, "Run 'news fetch' again", async (assertHeld) => {
      const before = folderMtime(this.dir);
      // Appending to a journal that is already behind the folder would make it look whole: it is
      // checked by its last line (cheap), and rebuilt first if wrong.
      if (!this.tailMatches(before)) this.rewrite(this.rebuild(before).rows, before, assertHeld);
      try {
        mkdirSync(this.dir, { recursive: true });
      } catch (error) {
        throw describeFsError(error, this.dir);
      }
      // Marked before the folder changes: killed from here on, the journal's last line is this
      // mark and no folder mtime, which no reader trusts once the lock goes stale. (The folder's
      // mtime alone might not tell: it ticks in steps of a few milliseconds.)
      assertHeld();
      appendFileSync(this.indexPath, `${JSON.stringify({ pending: true })}\n`);
      const rows: FetchedRow[] = [];
      for (const article of articles) {
        if (article.fresh) article.slug = this.freeName(article);
        const { size, mtime } = writeFetchedFile(this.dir, this.pathOf(article.slug), article.text);
        rows.push(toRow(article.slug, size, mtime, article.summary));
      }
      const gone: string[] = [];
      for (const slug of removed) {
        try {
          unlinkSync(this.pathOf(slug));
          gone.push(slug);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') gone.push(slug);
          else throw describeFsError(error, this.pathOf(slug));
        }
      }
      const record: { add?: FetchedRow[]; del?: string[]; dir: number | undefined } = { dir: folderMtime(this.dir) };
      if (rows.length > 0) record.add = rows;
      if (gone.length > 0) record.del = gone;
      assertHeld();
      appendFileSync(this.indexPath, `${JSON.stringify(record)}\n`);
    });
  }

  /** The article's name, or the next free one if another article (not an earlier copy of this one) has it. */
  private freeName(article: Stored): string {
    const base = article.slug;
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base.slice(0, 90)}-${n}`;
      const text = readIfFile(this.pathOf(slug));
      if (text === undefined) return slug;
      const { feed, url } = article.summary;
      if (url !== undefined && sameSource(text, feed, url)) return slug;
    }
  }

  /** Whether the journal's last line says the folder is as it is (a half-written line says no). */
  private tailMatches(mtime: number | undefined): boolean {
    let text: string | undefined;
    try {
      text = readTail(this.indexPath);
    } catch {
      return false;
    }
    if (text === undefined || !text.endsWith('\n')) return false; // no header to append to, or half a line
    const lines = text.slice(0, -1).split('\n');
    try {
      const last = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>;
      if (MAGIC in last) return last[MAGIC] === FETCHED_INDEX_VERSION && last.parser === PARSER_VERSION && mtime === undefined;
      return typeof last.dir === 'number' && last.dir === mtime;
    } catch {
      return false;
    }
  }

  private rewrite(rows: Map<string, FetchedRow>, mtime: number | undefined, assertHeld: () => void): void {
    const records = mtime === undefined ? '' : `${JSON.stringify({ add: [...rows.values()], dir: mtime })}\n`;
    writeTextAtomic(this.indexPath, header() + records, { beforeRename: assertHeld });
  }
}

/** The last 64 kB of a file (enough for its last line: a header, or a record's end), or undefined. */
function readTail(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 1 << 16);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const bytes = readSync(fd, buffer, read, length - read, size - length + read);
      if (bytes === 0) break;
      read += bytes;
    }
    const text = buffer.subarray(0, read).toString('utf8');
    // A record longer than the tail: its line start is not in view, so the whole file is read.
    if (length < size && text.indexOf('\n') === text.length - 1) return readTextIfExists(path);
    return length < size ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    closeSync(fd);
  }
}

/**
 * A fetched article's file, replaced atomically (a temp file renamed over the name, never
 * through a link). Not fsynced one by one: at 49,000 articles a fetch, that is most of its
 * time. A power cut may lose the newest ones' text; the next command finds the index and the
 * folder at odds, or the file broken, and says so.
 */
function writeFetchedFile(dir: string, path: string, text: string): { size: number; mtime: number } {
  const temp = join(dir, `.fetch.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o666);
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    const stat = fstatSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    return { size: stat.size, mtime: stat.mtimeMs };
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Renamed already, or never made.
    }
    if (error instanceof NewsError) throw error;
    throw describeFsError(error, path);
  }
}

function readIfFile(path: string): string | undefined {
  try {
    return readTextIfExists(path);
  } catch {
    return ''; // there, but not readable: taken all the same
  }
}

/** Whether the file is an article this feed wrote for this address (a fetch killed before it recorded it). */
function sameSource(text: string, feed: string | undefined, url: string): boolean {
  try {
    const article = parseArticle(text, 'stored');
    return article.feed === feed && article.url === url;
  } catch {
    return false;
  }
}

