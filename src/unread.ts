import { closeSync, fstatSync, openSync, readFileSync, statSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { isSlug } from './articles/slug.js';
import { describeFsError, NewsError } from './errors.js';
import { withDataFileLock } from './storage/data-lock.js';
import { readCacheText, readTextIfExists, writeTextAtomic } from './storage/json-file.js';
import { readAt } from './storage/lines.js';

/**
 * Which articles are unread: those `news fetch` brought in that the reader has not opened yet.
 * Articles the reader added are never unread. The file is `{"version": 1, "unread": [slugs]}`,
 * changed under a lock (fetch adds while read removes), written whole; one that cannot be
 * understood is left as it is, and reading goes on without marks.
 */
const FILE_NAME = 'unread.json';
const VERSION = 1;
/** How serializeUnread begins and ends a file. */
const CANONICAL_START = `{\n  "version": ${VERSION},\n  "unread": [`;
const CANONICAL_END = ']\n}\n';
const SEARCHES_BEFORE_PARSING = 256;

/** Whether a slug is unread, for a list; close() when the list is made. */
export interface UnreadLookup {
  has(slug: string): boolean;
  close(): void;
}

export class UnreadMarks {
  readonly path: string;
  /**
   * Where news notes the file it last wrote (device, inode, size, change and modification
   * times). A file that still matches is one news wrote, sorted: a mark not found by halving it
   * is not there, and it is searched with a few small reads instead of read whole (1.5 MB, at
   * fifty thousand marks). Any other write, by hand, jq or a restore, changes its change time.
   */
  private readonly writtenPath: string | undefined;
  private warned = false;

  constructor(
    private readonly dataDir: string,
    private readonly warn: (message: string) => void,
    cacheDir?: string,
  ) {
    this.path = join(dataDir, FILE_NAME);
    this.writtenPath = cacheDir === undefined ? undefined : join(cacheDir, 'unread-written.txt');
  }

  /** The unread slugs, for lists; a file news cannot read is reported once and reads as none. */
  readForDisplay(): Set<string> {
    try {
      return this.read();
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`${error.message}; unread marks are not shown. ${error.hint ?? ''}`.trimEnd());
      return new Set();
    }
  }

  /**
   * Whether a slug is unread, for lists, answered from the file without parsing it: `news list
   * --limit 20` asks twenty times of a file that holds fifty thousand marks. The file news last
   * wrote is searched by halves, a page at a time. Another in the form news writes
   * (serializeUnread: one slug a line, sorted) is searched by halves too, and for a mark not
   * found so, as text; any other is parsed, and one that cannot be is reported as
   * readForDisplay does. Past a few hundred questions, or from the first when `many` are to
   * come, its lines are read into a set.
   */
  lookupForDisplay({ many = false }: { many?: boolean } = {}): UnreadLookup {
    const written = this.openAsWritten();
    if (written !== undefined) {
      // Asked of every row of a long list: its lines, read into a set at once.
      let asked = many ? SEARCHES_BEFORE_PARSING : 0;
      let unread: Set<string> | undefined;
      let inText: ((slug: string) => boolean) | undefined;
      return {
        has: (slug) => {
          if (inText) return inText(slug);
          try {
            if (unread === undefined && ++asked > SEARCHES_BEFORE_PARSING) {
              unread = canonicalLines(written.text()) ?? this.readForDisplay();
              written.close();
            }
            return unread ? unread.has(slug) : written.has(slug);
          } catch (error) {
            if (!(error instanceof MarksFileChanged)) throw error;
            written.close();
            inText = this.lookupInText();
            return inText(slug);
          }
        },
        close: () => written.close(),
      };
    }
    const has = this.lookupInText(many);
    return { has, close: () => {} };
  }

  private lookupInText(many = false): (slug: string) => boolean {
    let text: string | undefined;
    try {
      text = readTextIfExists(this.path);
    } catch {
      text = undefined;
    }
    if (text === undefined || !(text.startsWith(CANONICAL_START) && text.endsWith(CANONICAL_END))) {
      const unread = text === undefined ? new Set<string>() : this.readForDisplay();
      return (slug) => unread.has(slug);
    }
    let asked = many ? SEARCHES_BEFORE_PARSING : 0;
    let unread: Set<string> | undefined;
    const sorted = text;
    return (slug) => {
      if (unread === undefined && ++asked > SEARCHES_BEFORE_PARSING) unread = canonicalLines(sorted) ?? this.readForDisplay();
      if (unread) return unread.has(slug);
      // Found by halves, a mark is there; not found, it may yet be, in a file put out of order
      // by hand (jq keeps this layout): the text says.
      return inSortedLines(sorted, slug) || sorted.includes(`\n    "${slug}"`);
    };
  }

  read(): Set<string> {
    const text = readTextIfExists(this.path);
    return text === undefined ? new Set() : parseUnread(text, this.path);
  }

  async add(slugs: Iterable<string>): Promise<void> {
    await this.change((unread) => {
      let changed = false;
      for (const slug of slugs) {
        if (unread.has(slug)) continue;
        unread.add(slug);
        changed = true;
      }
      return changed;
    });
  }

  /**
   * Marks an article read. Reading must not fail because of the marks: a problem is reported
   * once and the article is shown all the same. The file is not even locked when the article
   * was not unread, the common case.
   */
  async markRead(slug: string): Promise<void> {
    try {
      const written = this.openAsWritten();
      if (written !== undefined) {
        let unread: boolean | undefined;
        try {
          unread = written.has(slug);
        } catch (error) {
          if (!(error instanceof MarksFileChanged)) throw error;
        } finally {
          written.close();
        }
        if (unread !== undefined) {
          if (unread) await this.forget([slug]);
          return;
        }
      }
      // A library of feeds has tens of thousands of unread marks: a slug that is not even in the
      // file's text is not unread, and the file is not parsed for it (a damaged one is reported
      // by the commands that show marks). Slugs need no escaping in JSON.
      // Searched as bytes: decoding fifty thousand marks as text costs more than the search.
      const bytes = readBytesIfExists(this.path);
      if (bytes === undefined || !bytes.includes(`"${slug}"`)) return;
      if (!parseUnread(bytes.toString('utf8'), this.path).has(slug)) return;
      await this.forget([slug]);
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`could not mark the article read: ${error.message}`);
    }
  }

  async forget(slugs: Iterable<string>): Promise<void> {
    await this.change((unread) => {
      let changed = false;
      for (const slug of slugs) changed = unread.delete(slug) || changed;
      return changed;
    });
  }

  private async change(apply: (unread: Set<string>) => boolean): Promise<void> {
    await withDataFileLock(this.dataDir, this.path, "Run 'news list --unread' to see what is marked", async (assertHeld) => {
      const unread = this.read();
      if (!apply(unread)) return;
      writeTextAtomic(this.path, serializeUnread(unread), { beforeRename: assertHeld });
      this.noteWritten();
    });
  }

  /** Notes the file just written (under the lock), for openAsWritten(). A note that cannot be written costs speed only. */
  private noteWritten(): void {
    if (this.writtenPath === undefined) return;
    try {
      writeTextAtomic(this.writtenPath, `${fileStamp(statSync(this.path, { bigint: true }))}\n`);
    } catch {
      // As above.
    }
  }

  /** The file, open for halving, when it is the one news last wrote; otherwise undefined. */
  private openAsWritten(): SortedMarksFile | undefined {
    const note = this.writtenPath === undefined ? undefined : readCacheText(this.writtenPath);
    if (note === undefined) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'r');
      const stats = fstatSync(fd, { bigint: true });
      if (`${fileStamp(stats)}\n` === note) {
        const file = new SortedMarksFile(fd, Number(stats.size));
        fd = undefined;
        return file;
      }
    } catch {
      // Missing or unreadable: the usual path says so.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return undefined;
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`news: warning: ${message}`);
  }
}

/**
 * The slugs of a file as serializeUnread writes it, taken from its lines without parsing JSON
 * (a third of the time, at fifty thousand); undefined if a line is not `    "slug",`.
 */
function canonicalLines(text: string): Set<string> | undefined {
  const body = text.slice(CANONICAL_START.length + 1, text.length - CANONICAL_END.length - 3);
  const unread = new Set<string>();
  if (body === '') return text === serializeUnread(unread) ? unread : undefined;
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    // Every line but the last ends with a comma.
    const end = index < lines.length - 1 ? line.length - 2 : line.length - 1;
    if (!line.startsWith('    "') || line[end] !== '"' || (index < lines.length - 1 && line[end + 1] !== ',')) return undefined;
    const slug = line.slice(5, end);
    if (!isSlug(slug)) return undefined;
    unread.add(slug);
  }
  return unread;
}

/**
 * Whether `slug` is one of the lines `    "slug",` of a file as serializeUnread writes it, by
 * halving the text: each step looks at the line that starts after the middle.
 */
export function inSortedLines(text: string, slug: string): boolean {
  let low = CANONICAL_START.length; // a line starts at or after low…
  let high = text.length - CANONICAL_END.length; // …and before high
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = text.indexOf('\n    "', middle === low ? low : middle - 1);
    if (start < 0 || start >= high) {
      high = middle;
      continue;
    }
    const end = text.indexOf('"', start + 6);
    const found = text.slice(start + 6, end);
    if (found === slug) return true;
    if (found < slug) low = end;
    else high = middle === low ? low : middle;
  }
  return false;
}

function fileStamp(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

const PAGE = 4096;
const LINE_START = Buffer.from('\n    "');
const QUOTE = 0x22;

/**
 * A file as serializeUnread wrote it, searched by halves as inSortedLines searches its text,
 * reading it a page at a time: twenty lookups read a few dozen pages of a 1.5 MB file.
 */
class SortedMarksFile {
  private readonly pages = new Map<number, Buffer>();
  private fd: number | undefined;

  constructor(
    fd: number,
    private readonly size: number,
  ) {
    this.fd = fd;
  }

  has(slug: string): boolean {
    let low = CANONICAL_START.length;
    let high = this.size - CANONICAL_END.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const line = this.lineFrom(middle === low ? low : middle - 1, high);
      if (line === undefined) {
        high = middle;
        continue;
      }
      if (line.slug === slug) return true;
      if (line.slug < slug) low = line.end;
      else high = middle === low ? low : middle;
    }
    return false;
  }

  /** The whole file, for the set that long lists look marks up in. */
  text(): string {
    return this.bytes(0, this.size).toString('utf8');
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The first line that starts at or after `from` and before `high`: its slug and where its closing quote is. */
  private lineFrom(from: number, high: number): { slug: string; end: number } | undefined {
    for (let length = 256; ; length *= 4) {
      const chunk = this.bytes(from, from + length);
      const start = chunk.indexOf(LINE_START);
      if (start >= 0 && from + start >= high) return undefined;
      const end = start < 0 ? -1 : chunk.indexOf(QUOTE, start + LINE_START.length);
      if (end >= 0) return { slug: chunk.toString('latin1', start + LINE_START.length, end), end: from + end };
      if (from + chunk.length >= this.size) return undefined;
    }
  }

  private bytes(start: number, end: number): Buffer {
    const stop = Math.min(end, this.size);
    if (stop <= start) return Buffer.alloc(0);
    const first = Math.floor(start / PAGE);
    const last = Math.floor((stop - 1) / PAGE);
    if (first === last) return this.page(first).subarray(start - first * PAGE, stop - first * PAGE);
    // Across pages: only the bytes asked for are copied.
    const out = Buffer.allocUnsafe(stop - start);
    let written = 0;
    for (let index = first; index <= last; index++) {
      const page = this.page(index);
      written += page.copy(out, written, Math.max(0, start - index * PAGE), Math.min(PAGE, stop - index * PAGE));
    }
    return out.subarray(0, written);
  }

  /** A page read whole; a file cut short since it was opened, or one that cannot be read, throws MarksFileChanged. */
  private page(index: number): Buffer {
    let page = this.pages.get(index);
    if (page === undefined) {
      if (this.fd === undefined) throw new MarksFileChanged();
      try {
        page = readAt(this.fd, index * PAGE, PAGE);
      } catch {
        throw new MarksFileChanged();
      }
      if (page.length !== Math.min(PAGE, this.size - index * PAGE)) throw new MarksFileChanged();
      this.pages.set(index, page);
    }
    return page;
  }
}

/** The file news wrote changed (or failed) under a search of it: the search is made again from its text. */
class MarksFileChanged extends Error {}

function readBytesIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw describeFsError(error, path);
  }
}

export function serializeUnread(unread: Set<string>): string {
  return `${JSON.stringify({ version: VERSION, unread: [...unread].sort() }, null, 2)}\n`;
}

export function parseUnread(text: string, path: string): Set<string> {
  const corrupt = (problem: string): NewsError =>
    new NewsError('corrupt-store', `${path} ${problem}, so news left it untouched`, 'Delete it to start afresh: every article then reads as read');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt('is not valid JSON');
  }
  const { version, unread } = (data ?? {}) as { version?: unknown; unread?: unknown };
  if (typeof version === 'number' && version > VERSION) {
    throw new NewsError('corrupt-store', `${path} was written by a newer news (file version ${version}), so news left it untouched`, 'Update news to read it');
  }
  if (version !== VERSION || !Array.isArray(unread) || !unread.every((slug) => typeof slug === 'string' && isSlug(slug))) {
    throw corrupt('is not an unread list news understands');
  }
  return new Set(unread as string[]);
}
