import { closeSync, fstatSync } from 'node:fs';
import { writeTextAtomic } from '../storage/json-file.js';
import { listNotes } from '../render/list-notes.js';
import { columns, columnsOfEach, sanitizeLine } from '../render/text.js';
import { escapeLine, openCacheFile, readAt, unescapeLine } from '../storage/lines.js';
import type { FetchedRow } from './fetched-store.js';
import { dateKey } from './order.js';
import { PARSER_VERSION } from './parse.js';

export { dateKey };

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
 *   one part per column of NUMBER_COLUMNS: a JSON array
 *   rows: every row whole, one JSON array a line (for --json and the like)
 *   the slugs in order, one a line, to answer whether there is an article of a name
 *
 * Rows are sorted by date, newest first, and by slug among equal dates (articles without a date
 * last), as order.ts sorts a whole library. Column values are escaped as storage/lines.ts says.
 */
export const FETCHED_LIST_FILE = 'fetched-list-v2.txt';
const MAGIC = 'news-fetched-list';
const VERSION = 2;
/** How many rows the head holds: more than a screen, few enough to read in one go. */
const HEAD_ROWS = 200;

/**
 * What a plain `news list` shows of each, each readable alone: the slug, the title as shown
 * (sanitized), the notes after it (render/list-notes.ts), the feed (for --feed).
 */
export const LIST_COLUMNS = ['slug', 'shown', 'notes', 'feed'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
/**
 * And as numbers: the sort key (ms; null for none), the shown title's width in columns and
 * whether each of its characters is one column (1 or 0), and the notes' width.
 */
export const NUMBER_COLUMNS = ['time', 'shownWidth', 'shownSingle', 'notesWidth'] as const;
export type NumberColumn = (typeof NUMBER_COLUMNS)[number];

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
    case 'shown':
      return sanitizeLine(row[3]);
    case 'notes':
      return listNotes({ date: row[5] ?? undefined, source: row[7] ?? undefined, words: row[11] });
    case 'feed':
      return row[9] ?? '';
  }
}

export function numberValue(row: FetchedRow, column: NumberColumn): number {
  switch (column) {
    case 'time':
      return dateKey(row[5]);
    case 'shownWidth':
      return columns(sanitizeLine(row[3]));
    case 'shownSingle':
      return columnsOfEach([sanitizeLine(row[3])]).singleColumn ? 1 : 0;
    case 'notesWidth':
      return columns(columnValue(row, 'notes'));
  }
}

/** Writes the list of these rows, sorted already (sortRows); best effort, as for any cache. */
export function writeFetchedList(path: string, stamp: string, sorted: readonly FetchedRow[]): void {
  const lines = sorted.map((row) => `${JSON.stringify(row)}\n`);
  const head = lines.slice(0, HEAD_ROWS).join('');
  const numbers = NUMBER_COLUMNS.map((column) => JSON.stringify(sorted.map((row) => numberValue(row, column))));
  // Slugs are [a-z0-9-]: sorted, one a line, with a line break before the first.
  const bySlug = `\n${sorted.map((row) => row[0]).sort().join('\n')}\n`;
  const parts = [head, ...LIST_COLUMNS.map((column) => sorted.map((row) => `${escapeLine(columnValue(row, column))}\n`).join('')), ...numbers, lines.join(''), bySlug];
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
  private readonly numberColumns = new Map<NumberColumn, number[]>();
  private full: string[] | undefined;

  static open(path: string, stamp: string): FetchedList | undefined {
    const fd = openCacheFile(path);
    if (fd === undefined) return undefined;
    try {
      const start = readAt(fd, 0, 512);
      const newline = start.indexOf(0x0a);
      const fields = (newline < 0 ? '' : start.subarray(0, newline).toString('latin1')).split(' ');
      const expected = 3 + LIST_COLUMNS.length + NUMBER_COLUMNS.length;
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
    this.full ??= this.lines(1 + LIST_COLUMNS.length + NUMBER_COLUMNS.length, this.count);
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

  /** Whether there is a fetched article of this slug: the sorted slugs are read once, and searched by halves. */
  has(slug: string): boolean {
    if (this.slugs === undefined) {
      const [offset, length] = this.parts[2 + LIST_COLUMNS.length + NUMBER_COLUMNS.length] as [number, number];
      this.slugs = readAt(this.fd, offset, length).toString('latin1');
      if (!this.slugs.startsWith('\n') || !this.slugs.endsWith('\n')) throw new FetchedListError();
    }
    return inSortedSlugs(this.slugs, slug);
  }

  private slugs: string | undefined;

  /** A column of numbers (null in the file, for the sort key of no date, reads as -Infinity). */
  numbers(name: NumberColumn): number[] {
    let values = this.numberColumns.get(name);
    if (!values) {
      const [offset, length] = this.parts[1 + LIST_COLUMNS.length + NUMBER_COLUMNS.indexOf(name)] as [number, number];
      let parsed: unknown;
      try {
        parsed = JSON.parse(readAt(this.fd, offset, length).toString('latin1'));
      } catch {
        throw new FetchedListError();
      }
      if (!Array.isArray(parsed) || parsed.length !== this.count) throw new FetchedListError();
      values = parsed as number[];
      for (let index = 0; index < values.length; index++) {
        if (typeof values[index] === 'number') continue;
        if (values[index] !== null) throw new FetchedListError();
        values[index] = -Infinity;
      }
      this.numberColumns.set(name, values);
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

/** Whether `slug` is a line of `text` ("\na\nb\n…\n", sorted), by halving it. */
export function inSortedSlugs(text: string, slug: string): boolean {
  if (slug === '') return false; // no slug, and the one line of a list of none
  // Lines start after a "\n" at a position in [low, high); the last "\n" ends the last line.
  let low = 0;
  let high = text.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    let start = text.lastIndexOf('\n', middle);
    if (start < low) start = text.indexOf('\n', middle);
    if (start < 0 || start >= high) return false;
    const end = text.indexOf('\n', start + 1);
    const found = text.slice(start + 1, end);
    if (found === slug) return true;
    if (found < slug) low = end;
    else high = start;
  }
  return false;
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
