import { closeSync, fstatSync } from 'node:fs';
import { writeTextAtomic } from '../storage/json-file.js';
import { escapeLine, openCacheFile, readAt, unescapeLine } from '../storage/lines.js';
import type { FetchedRow } from './fetched-store.js';
import { PARSER_VERSION } from './parse.js';

/**
 * The fetched articles newest first, as a cache file that `news list` reads only as far as it
 * shows: the journal (fetched-store.ts) is in the order articles arrived, and at 50,000
 * articles parsing and sorting all of it is most of a list's time.
 *
 * It is made from the journal whenever the journal has changed since, and names the journal it
 * was made from by its size, mtime and inode and the folder's mtime (its "stamp"): any change to
 * either, an append by a fetch or a file deleted by hand, makes it stale, and the journal is read
 * instead. Like every cache, it holds nothing the journal does not, and a file that is missing,
 * damaged or of another version reads as none.
 *
 * Layout, UTF-8 text:
 *
 *   news-fetched-list <version>.<parser> <stamp> <rows> <head rows> <byte length of each part…>\n
 *   head: the first rows whole, one JSON array a line (what `news list --limit 20` reads)
 *   one part per column of LIST_COLUMNS: one value a line, for every row
 *   rows: every row whole, one JSON array a line (for --json and the like)
 *
 * Rows are sorted by date, newest first, and by slug among equal dates (articles without a date
 * last), as order.ts sorts a whole library. Column values are escaped as storage/lines.ts says.
 */
export const FETCHED_LIST_FILE = 'fetched-list-v1.txt';
const MAGIC = 'news-fetched-list';
const VERSION = 1;
/** How many rows the head holds: more than a screen, few enough to read in one go. */
const HEAD_ROWS = 200;

/** The columns a plain `news list` shows, each readable alone; `time` is the sort key (ms, or -Infinity). */
export const LIST_COLUMNS = ['slug', 'title', 'date', 'source', 'feed', 'words', 'time'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

/** The sort key of a stated date: newest first, undated (or unreadable) last. */
export function dateKey(date: string | null | undefined): number {
  const time = date === null || date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(time) ? -Infinity : time;
}

/** Rows in list order: by date, newest first, then by slug. */
export function sortRows(rows: Iterable<FetchedRow>): FetchedRow[] {
  const sorted = [...rows];
  const keys = new Map<FetchedRow, number>();
  for (const row of sorted) keys.set(row, dateKey(row[5]));
  sorted.sort((a, b) => {
    const ka = keys.get(a) as number;
    const kb = keys.get(b) as number;
    if (ka !== kb) return kb > ka ? 1 : -1;
    return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  });
  return sorted;
}

export function columnValue(row: FetchedRow, column: ListColumn): string {
  switch (column) {
    case 'slug':
      return row[0];
    case 'title':
      return row[3];
    case 'date':
      return row[5] ?? '';
    case 'source':
      return row[7] ?? '';
    case 'feed':
      return row[9] ?? '';
    case 'words':
      return String(row[11]);
    case 'time':
      return String(dateKey(row[5]));
  }
}

/** Writes the list of these rows, sorted already (sortRows); best effort, as for any cache. */
export function writeFetchedList(path: string, stamp: string, sorted: readonly FetchedRow[]): void {
  const lines = sorted.map((row) => `${JSON.stringify(row)}\n`);
  const head = lines.slice(0, HEAD_ROWS).join('');
  const parts = [head, ...LIST_COLUMNS.map((column) => sorted.map((row) => `${escapeLine(columnValue(row, column))}\n`).join('')), lines.join('')];
  const first = `${MAGIC} ${VERSION}.${PARSER_VERSION} ${stamp} ${sorted.length} ${Math.min(HEAD_ROWS, sorted.length)} ${parts.map((part) => Buffer.byteLength(part)).join(' ')}\n`;
  try {
    writeTextAtomic(path, first + parts.join(''));
  } catch {
    // A list that cannot be saved is made again next time.
  }
}

/**
 * The cached list at `path`, if it was made from the journal as it is now (`stamp`); its parts
 * are read when first asked for.
 */
export class FetchedList {
  private constructor(
    private readonly fd: number,
    readonly count: number,
    private readonly headCount: number,
    /** Byte offset and length of each part: head, the columns, rows. */
    private readonly parts: [number, number][],
  ) {}

  private head: string[] | undefined;
  private readonly columns = new Map<ListColumn, string[]>();
  private full: string[] | undefined;

  static open(path: string, stamp: string): FetchedList | undefined {
    const fd = openCacheFile(path);
    if (fd === undefined) return undefined;
    try {
      const start = readAt(fd, 0, 512);
      const newline = start.indexOf(0x0a);
      const fields = (newline < 0 ? '' : start.subarray(0, newline).toString('latin1')).split(' ');
      const expected = 2 + LIST_COLUMNS.length;
      if (fields.length !== 5 + expected || fields[0] !== MAGIC || fields[1] !== `${VERSION}.${PARSER_VERSION}` || fields[2] !== stamp) throw new Error('stale');
      const numbers = fields.slice(3).map(Number);
      if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new Error('damaged');
      const [count, headCount, ...lengths] = numbers as [number, number, ...number[]];
      const parts: [number, number][] = [];
      let offset = newline + 1;
      for (const length of lengths) {
        parts.push([offset, length]);
        offset += length;
      }
      if (fstatSync(fd).size !== offset || headCount > count) throw new Error('damaged');
      return new FetchedList(fd, count, headCount, parts);
    } catch {
      closeSync(fd);
      return undefined;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Row `index` whole, from the head when it is there. */
  row(index: number): FetchedRow {
    if (index < this.headCount) {
      this.head ??= this.lines(0, this.headCount);
      return parseRow(this.head[index]);
    }
    this.full ??= this.lines(1 + LIST_COLUMNS.length, this.count);
    return parseRow(this.full[index]);
  }

  /** Whether row `index` can be had from the head, without reading the whole list. */
  inHead(index: number): boolean {
    return index < this.headCount;
  }

  /** A column, every row's value. */
  column(name: ListColumn): string[] {
    let values = this.columns.get(name);
    if (!values) {
      values = this.lines(1 + LIST_COLUMNS.indexOf(name), this.count).map(unescapeLine);
      this.columns.set(name, values);
    }
    return values;
  }

  private lines(part: number, count: number): string[] {
    const [offset, length] = this.parts[part] as [number, number];
    const text = readAt(this.fd, offset, length).toString('utf8');
    const lines = text.split('\n');
    if (lines.pop() !== '' || lines.length !== count) throw new FetchedListError();
    return lines;
  }
}

/** A list file damaged after its first line was read: the caller reads the journal instead. */
export class FetchedListError extends Error {
  constructor() {
    super('the fetched list is damaged');
  }
}

function parseRow(line: string | undefined): FetchedRow {
  try {
    const row = JSON.parse(line ?? '') as FetchedRow;
    if (Array.isArray(row) && row.length === 13 && typeof row[0] === 'string' && typeof row[3] === 'string') return row;
  } catch {
    // As below.
  }
  throw new FetchedListError();
}
