import { closeSync, fstatSync, openSync, readFileSync, statSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { isSlug, MAX_SLUG_LENGTH } from './articles/slug.js';
import { describeFsError, NewsError } from './errors.js';
import { withDataFileLock } from './storage/data-lock.js';
import { readCacheBytes, readCacheText, readTextIfExists, writeCacheAtomic, writeFileAtomic, writeTextAtomic } from './storage/json-file.js';
import { compareBytes, type ByteColumn } from './storage/byte-column.js';
import { bytesOf } from './storage/column-file.js';
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
/** Up to this many marks forgotten at once are cut from the file's bytes (UnreadMarks.withoutLines). */
const FEW_FORGOTTEN = 16;
/** The most answers the note of the marks file keeps (UnreadMarks.note): a list's first screens. */
const MOST_ANSWERS_NOTED = 200;
/** The caches of unreadRows(): a first line naming the marks file, the list's slugs and rows, then a byte a row. */
const UNREAD_ROWS_MAGIC = 'news-unread-rows 1';

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
    /** `cause`: the error behind it, said once however many warnings have it (context.ts). */
    private readonly warn: (message: string, cause?: string) => void,
    private readonly cacheDir?: string,
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
      this.warnOnce(`${error.message}; unread marks are not shown. ${error.hint ?? ''}`.trimEnd(), error.message);
      return new Set();
    }
  }

  /**
   * Whether a slug is unread, for lists, answered from the file without parsing it: `news list
   * --limit 20` asks twenty times of a file that holds fifty thousand marks. The file news last
   * wrote is searched by halves, a page at a time, and what was found is noted (note()) for the
   * next list, which asks about the same articles until the marks change. Another in the form news writes
   * (serializeUnread: one slug a line, sorted) is searched by halves too, and for a mark not
   * found so, as text; any other is parsed, and one that cannot be is reported as
   * readForDisplay does. Past a few hundred questions, or from the first when `many` are to
   * come, its lines are read into a set.
   */
  lookupForDisplay({ many = false }: { many?: boolean } = {}): UnreadLookup {
    const opened = this.openAsWritten();
    if (opened !== undefined) {
      const { file: written, stamp, answered } = opened;
      // Asked of every row of a long list: its lines, read into a set at once.
      let asked = many ? SEARCHES_BEFORE_PARSING : 0;
      let unread: Set<string> | undefined;
      let inText: ((slug: string) => boolean) | undefined;
      const answers = new Map<string, boolean>();
      return {
        has: (slug) => {
          if (inText) return inText(slug);
          try {
            if (unread === undefined && ++asked > SEARCHES_BEFORE_PARSING) {
              unread = canonicalLines(written.text()) ?? this.readForDisplay();
              written.close();
            }
            if (unread) return unread.has(slug);
            const known = answered.get(slug);
            if (known !== undefined) return known;
            const found = written.has(slug);
            answers.set(slug, found);
            return found;
          } catch (error) {
            if (!(error instanceof MarksFileChanged)) throw error;
            written.close();
            inText = this.lookupInText();
            answers.clear();
            return inText(slug);
          }
        },
        close: () => {
          written.close();
          if (inText === undefined) this.noteAnswers(stamp, answered, answers);
        },
      };
    }
    const has = this.lookupInText(many);
    return { has, close: () => {} };
  }

  /**
   * Which of `slugs` (sorted, as the fetched list keeps them) are unread, for a long list: the
   * file is walked once beside them, comparing bytes, with no string made of fifty thousand
   * marks. Undefined when the file is not in the sorted layout news writes (serializeUnread): a
   * file put out of order or written by hand is answered by lookupForDisplay(), which says what
   * is wrong with one it cannot read.
   */
  marksAmong(slugs: ByteColumn): Uint8Array | undefined {
    const count = slugs.start.length - 1;
    const marked = new Uint8Array(count);
    let bytes: Buffer | undefined;
    try {
      bytes = readBytesIfExists(this.path);
    } catch {
      return undefined;
    }
    if (bytes === undefined) return marked;
    const first = CANONICAL_START_BYTES.length;
    const stop = bytes.length - CANONICAL_END_BYTES.length;
    if (stop < first || !startsWith(bytes, CANONICAL_START_BYTES, 0) || !startsWith(bytes, CANONICAL_END_BYTES, stop)) return undefined;
    // After "[": nothing, or lines `\n    "slug",` with no comma on the last, then "\n  ]\n}\n".
    if (first === stop) return marked;
    if (!startsWith(bytes, LAST_LINE_END, stop - LAST_LINE_END.length)) return undefined;
    const end = stop - LAST_LINE_END.length;
    const { bytes: names, start } = slugs;
    // A few slugs (the reader's own files) among the many marks of the file news wrote: each
    // found by halving it, rather than walking every mark.
    if (count * 20 < bytes.length / 32 && this.isAsWritten(bytes.length)) {
      // Marks and slugs are ASCII: the text is the bytes, one character each.
      const text = bytes.toString('latin1');
      for (let index = 0; index < count; index++) marked[index] = Number(inSortedLines(text, names.toString('latin1', start[index], start[index + 1])));
      return marked;
    }
    // One loop, no calls: it runs once for each of fifty thousand marks, in code V8 has not
    // compiled yet. Each mark is checked as canonicalLines checks it (a slug, in its line), and
    // against the one before: sorted, each once, or walking beside the slugs would miss some.
    let at = first;
    let previous = -1;
    let previousEnd = -1;
    let next = 0;
    while (at < end) {
      if (bytes[at] !== 0x0a || bytes[at + 1] !== SPACE || bytes[at + 2] !== SPACE || bytes[at + 3] !== SPACE || bytes[at + 4] !== SPACE || bytes[at + 5] !== QUOTE) return undefined;
      const slugStart = at + 6;
      let slugEnd = slugStart;
      let byte = bytes[slugEnd] as number;
      let last = DASH;
      while ((byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || (byte === DASH && last !== DASH)) {
        last = byte;
        byte = bytes[++slugEnd] as number;
      }
      if (byte !== QUOTE || slugEnd === slugStart || last === DASH || slugEnd - slugStart > MAX_SLUG_LENGTH) return undefined;
      at = slugEnd + 1;
      if (at < end) {
        // A comma, and another mark after it: JSON has no comma after the last.
        if (bytes[at] !== COMMA || at + 1 >= end) return undefined;
        at++;
      }
      if (previous >= 0) {
        let order = 0;
        const length = Math.min(previousEnd - previous, slugEnd - slugStart);
        for (let k = 0; k < length && order === 0; k++) order = (bytes[previous + k] as number) - (bytes[slugStart + k] as number);
        if (order > 0 || (order === 0 && previousEnd - previous >= slugEnd - slugStart)) return undefined;
      }
      previous = slugStart;
      previousEnd = slugEnd;
      // Past the slugs that sort before this mark; one that is this mark is unread.
      while (next < count) {
        const nameStart = start[next] as number;
        const nameLength = (start[next + 1] as number) - nameStart;
        const length = Math.min(nameLength, slugEnd - slugStart);
        let order = 0;
        for (let k = 0; k < length && order === 0; k++) order = (names[nameStart + k] as number) - (bytes[slugStart + k] as number);
        if (order === 0) order = nameLength - (slugEnd - slugStart);
        if (order > 0) break;
        if (order === 0) marked[next] = 1;
        next++;
      }
    }
    return marked;
  }

  /**
   * Which rows of a long list are unread, by row: `rows[k]` is the row of the k-th of `slugs`
   * (sorted, as marksAmong takes them). Kept in the cache folder (under `name`) with the slugs
   * and rows they were found for, and used while the marks file is unchanged and the list is the
   * same: listing again costs a read and a comparison of bytes. Undefined as marksAmong says.
   */
  unreadRows(slugs: ByteColumn, rows: Uint32Array, name: string): Uint8Array | undefined {
    const path = this.cacheDir === undefined ? undefined : join(this.cacheDir, `unread-${name}.bin`);
    const stamp = this.stampNow();
    const list = [Buffer.from(`${UNREAD_ROWS_MAGIC} ${stamp} ${rows.length} ${slugs.bytes.length}\n`), bytesOf(slugs.start), slugs.bytes, bytesOf(rows)];
    const length = list.reduce((sum, part) => sum + part.length, 0);
    const cached = path === undefined ? undefined : readCacheBytes(path);
    if (cached !== undefined && cached.length === length + rows.length) {
      let at = 0;
      const same = list.every((part) => {
        const equal = cached.subarray(at, at + part.length).equals(part);
        at += part.length;
        return equal;
      });
      if (same) return new Uint8Array(cached.subarray(length));
    }
    const marked = this.marksAmong(slugs);
    if (marked === undefined) return undefined;
    const byRow = new Uint8Array(rows.length);
    for (let position = 0; position < rows.length; position++) byRow[rows[position] as number] = marked[position] as number;
    // Kept only if the marks did not change while they were read.
    if (path !== undefined && this.stampNow() === stamp) {
      try {
        writeCacheAtomic(path, Buffer.concat([...list, byRow]));
      } catch {
        // A cache that cannot be written costs speed next time, nothing else.
      }
    }
    return byRow;
  }

  /** The marks file's device, inode, size and times, as the note of the one news wrote has them: "none" when there is none. */
  private stampNow(): string {
    try {
      return fileStamp(statSync(this.path, { bigint: true }));
    } catch {
      return 'none';
    }
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
      const opened = this.openAsWritten();
      if (opened !== undefined) {
        const { file: written, stamp, answered } = opened;
        let unread = answered.get(slug);
        try {
          if (unread === undefined) {
            unread = written.has(slug);
            // An article read again is not unread again: noted, the next reading does not look.
            if (!unread) this.noteAnswers(stamp, answered, new Map([[slug, false]]));
          }
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
      this.warnOnce(`could not mark the article read: ${error.message}`, error.message);
    }
  }

  async forget(slugs: Iterable<string>): Promise<void> {
    const forgotten = [...slugs];
    await this.change(
      (unread) => {
        let changed = false;
        for (const slug of forgotten) changed = unread.delete(slug) || changed;
        return changed;
      },
      forgotten.length <= FEW_FORGOTTEN ? () => this.withoutLines(forgotten) : undefined,
    );
  }

  /**
   * Changes the marks under the lock: `apply` to the set they are, written whole; or, where
   * `bytes` gives them (the file's bytes as changed, or null for no change), those bytes.
   */
  private async change(apply: (unread: Set<string>) => boolean, bytes?: () => Buffer[] | null | undefined): Promise<void> {
    await withDataFileLock(this.dataDir, this.path, "Run 'news list --unread' to see what is marked", async (assertHeld) => {
      const changed = bytes?.();
      if (changed === null) return;
      if (changed !== undefined) {
        writeFileAtomic(this.path, changed, { beforeRename: assertHeld });
      } else {
        const unread = this.read();
        if (!apply(unread)) return;
        writeTextAtomic(this.path, serializeUnread(unread), { beforeRename: assertHeld });
      }
      this.noteWritten();
    });
  }

  /**
   * The file news last wrote without the lines of `slugs`: what serializeUnread would write for
   * the marks less those, cut from the bytes rather than fifty thousand marks parsed, sorted and
   * written out again (30 ms of reading a new article, at 50k). Null when none of them is
   * there; undefined when the file is not the one news wrote (so not surely in its layout), or
   * the last mark would go: the marks are then read whole.
   */
  private withoutLines(slugs: readonly string[]): Buffer[] | null | undefined {
    const note = this.readNote();
    if (note === undefined) return undefined;
    let bytes: Buffer;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'r');
      if (fileStamp(fstatSync(fd, { bigint: true })) !== note.stamp) return undefined;
      bytes = readFileSync(fd);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    // Searched as bytes (marks and slugs are ASCII), and written in parts: no string of the
    // whole file, and no copy of it made whole, each about a millisecond at fifty thousand.
    // The stamp says news wrote it; the layout is checked all the same where it is cut: the
    // file's start and end, and each cut line between marks that sort before and after it.
    if (!startsWith(bytes, CANONICAL_START_BYTES, 0) || !startsWith(bytes, CANONICAL_END_BYTES, bytes.length - CANONICAL_END_BYTES.length)) return undefined;
    const cuts: number[] = [];
    for (const slug of new Set(slugs)) {
      const at = sortedLineAt(bytes, slug);
      if (at >= 0) cuts.push(at);
      // Not found by halving, yet there: not in order after all.
      else if (bytes.includes(`"${slug}"`)) return undefined;
    }
    if (cuts.length === 0) return null;
    cuts.sort((a, b) => a - b);
    const lastLine = bytes.lastIndexOf(LINE_START);
    const parts: Buffer[] = [];
    let from = 0;
    for (const at of cuts) {
      // The last mark has no comma after it, and the one before it would keep its own.
      if (at === lastLine) return undefined;
      const end = bytes.indexOf('",', at + LINE_START.length);
      if (end < 0 || !betweenItsNeighbours(bytes, at, end)) return undefined;
      parts.push(bytes.subarray(from, at));
      from = end + 2;
    }
    parts.push(bytes.subarray(from));
    return parts;
  }

  /** Notes the file just written (under the lock), for openAsWritten(). A note that cannot be written costs speed only. */
  private noteWritten(): void {
    try {
      this.note(fileStamp(statSync(this.path, { bigint: true })), []);
    } catch {
      // As above.
    }
  }

  /**
   * Writes the note of the file news wrote: its stamp, then what lookups found in it, a slug and
   * 1 or 0 a line. A list shows the same twenty articles until the marks change, and halving the
   * file for each costs more than reading the note. Another news may write the note meanwhile:
   * whichever lands, its answers belong to the stamp above them, which is checked at every use.
   */
  private note(stamp: string, answers: Iterable<[string, boolean]>): void {
    if (this.writtenPath === undefined) return;
    let text = `${stamp}\n`;
    for (const [slug, unread] of answers) text += `${slug} ${unread ? 1 : 0}\n`;
    try {
      writeCacheAtomic(this.writtenPath, text);
    } catch {
      // As above.
    }
  }

  /**
   * Adds `answers` to those noted for the file of `stamp`, if no other news noted another file
   * meanwhile; past MOST_ANSWERS_NOTED, the older answers make room.
   */
  private noteAnswers(stamp: string, answered: ReadonlyMap<string, boolean>, answers: ReadonlyMap<string, boolean>): void {
    if (answers.size === 0 || answers.size > MOST_ANSWERS_NOTED || this.readNote()?.stamp !== stamp) return;
    this.note(stamp, answers.size + answered.size <= MOST_ANSWERS_NOTED ? [...answered, ...answers] : answers);
  }

  /** The note: the stamp of the file news last wrote, and the answers noted for it (note()); undefined if there is none. */
  private readNote(): { stamp: string; answered: Map<string, boolean> } | undefined {
    const text = this.writtenPath === undefined ? undefined : readCacheText(this.writtenPath);
    if (text === undefined || !text.endsWith('\n')) return undefined;
    const lines = text.slice(0, -1).split('\n');
    const answered = new Map<string, boolean>();
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index] as string;
      const slug = line.slice(0, -2);
      // Anything else is not a note news wrote: no answer is taken from it.
      if (!(line.endsWith(' 1') || line.endsWith(' 0')) || !isSlug(slug)) return { stamp: lines[0] as string, answered: new Map() };
      answered.set(slug, line.endsWith('1'));
    }
    return { stamp: lines[0] as string, answered };
  }

  /** Whether the marks file is still the one news last wrote (and so sorted): its size is known already. */
  private isAsWritten(size: number): boolean {
    const note = this.readNote();
    if (note === undefined) return false;
    try {
      const stats = statSync(this.path, { bigint: true });
      return Number(stats.size) === size && fileStamp(stats) === note.stamp;
    } catch {
      return false;
    }
  }

  /** The file, open for halving, when it is the one news last wrote, with what the note says was found in it; otherwise undefined. */
  private openAsWritten(): { file: SortedMarksFile; stamp: string; answered: ReadonlyMap<string, boolean> } | undefined {
    const note = this.readNote();
    if (note === undefined) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'r');
      const stats = fstatSync(fd, { bigint: true });
      if (fileStamp(stats) === note.stamp) {
        const file = new SortedMarksFile(fd, Number(stats.size));
        fd = undefined;
        return { file, stamp: note.stamp, answered: note.answered };
      }
    } catch {
      // Missing or unreadable: the usual path says so.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return undefined;
  }

  private warnOnce(message: string, cause?: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`news: warning: ${message}`, cause);
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
  return sortedLineAt(text, slug) >= 0;
}

/**
 * Where the line of `slug` starts (its line break) in a file as serializeUnread writes it, as
 * text or as its bytes (ASCII, a byte a character), found by halving; -1 if it is not there.
 */
function sortedLineAt(text: string | Buffer, slug: string): number {
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
    if (end < 0) return -1;
    const found = sliceOf(text, start + 6, end);
    if (found === slug) return start;
    if (found < slug) low = end;
    else high = middle === low ? low : middle;
  }
  return -1;
}

/** Whether the mark whose line starts at `at` (its quote closing at `end`) sorts after the one before it and before the one after. */
function betweenItsNeighbours(bytes: Buffer, at: number, end: number): boolean {
  const markAt = (start: number): string => sliceOf(bytes, start + LINE_START.length, bytes.indexOf(QUOTE, start + LINE_START.length));
  const slug = sliceOf(bytes, at + LINE_START.length, end);
  const before = at > 0 ? bytes.lastIndexOf(LINE_START, at - 1) : -1;
  if (before >= 0 && !(markAt(before) < slug)) return false;
  const after = bytes.indexOf(LINE_START, end);
  return after < 0 || slug < markAt(after);
}

/** Characters `from` to `to` of the marks file, as text or as its bytes. */
function sliceOf(text: string | Buffer, from: number, to: number): string {
  return typeof text === 'string' ? text.slice(from, to) : text.toString('latin1', from, to);
}

function fileStamp(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

const PAGE = 4096;
const LINE_START = Buffer.from('\n    "');
const QUOTE = 0x22;
const COMMA = 0x2c;
const DASH = 0x2d;
const SPACE = 0x20;
const CANONICAL_START_BYTES = Buffer.from(CANONICAL_START);
const CANONICAL_END_BYTES = Buffer.from(CANONICAL_END);
/** What comes between the last mark and the closing bracket. */
const LAST_LINE_END = Buffer.from('\n  ');

function startsWith(bytes: Buffer, prefix: Buffer, at: number): boolean {
  return at >= 0 && compareBytes(bytes, at, Math.min(bytes.length, at + prefix.length), prefix, 0, prefix.length) === 0;
}

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
