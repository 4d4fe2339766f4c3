import { unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ColumnFile, ColumnFileError, columnPart, indexesPart, numbersPart, writeColumnFile } from '../storage/column-file.js';
import { listNotes } from '../render/list-notes.js';
import { columns, columnsOfEach, sanitizeLine } from '../render/text.js';
import { byteColumnOf, positionInSorted, valuesOf, type ByteColumn } from '../storage/byte-column.js';
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
 * Layout, a column file (storage/column-file.ts) whose parts are each read alone when first needed:
 *
 *   news-fetched-list <version>.<parser><byte order> <stamp> <rows> <head rows> <byte length of each part…>\n
 *   head: the first rows whole, one JSON array a line (what `news list --limit 20` reads)
 *   one part per column of LIST_COLUMNS, each row's value
 *   one part per column of NUMBER_COLUMNS, each row's number
 *   rows: every row whole, one JSON array a line (for --json and the like)
 *   the slugs in sorted order, as a column is kept, to answer whether there is an article of a
 *     name, and which rows are unread (unread.ts)
 *   the row of each of those slugs, a 32-bit number each
 *
 * The columns are bytes so that a long list is written from them without a string made per
 * value (render/list-bytes.ts), and the numbers so that they are read without being parsed.
 * Rows are sorted by date, newest first, and by slug among equal dates (articles without a date
 * last), as order.ts sorts a whole library.
 */
export const FETCHED_LIST_FILE = 'fetched-list-v3.txt';
const MAGIC = 'news-fetched-list';
// 4: titles without soft hyphens (sanitizeLine). The file keeps its name; its first line says the version.
const VERSION = `4.${PARSER_VERSION}`;
/** How many rows the head holds: more than a screen, few enough to read in one go. */
const HEAD_ROWS = 200;

/**
 * What a plain `news list` shows of each, each readable alone: the slug, the title as shown
 * (sanitized), the notes after it (render/list-notes.ts), the feed (for --feed).
 */
export const LIST_COLUMNS = ['slug', 'shown', 'notes', 'feed'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
/**
 * And as numbers: the sort key (ms; -Infinity for none), the shown title's width in columns and
 * whether each of its characters is one column (1 or 0), and the notes' width.
 */
export const NUMBER_COLUMNS = ['time', 'shownWidth', 'shownSingle', 'notesWidth'] as const;
export type NumberColumn = (typeof NUMBER_COLUMNS)[number];

/** What a long list reads of each article, in list order: the columns, and the slugs sorted with the row of each. */
export interface ListedColumns {
  slug: ByteColumn;
  shown: ByteColumn;
  notes: ByteColumn;
  feed: ByteColumn;
  time: Float64Array;
  shownWidth: Float64Array;
  shownSingle: Float64Array;
  notesWidth: Float64Array;
  sortedSlugs: ByteColumn;
  slugRows: Uint32Array;
}

/** Rows in list order: by date, newest first, then by slug. */
export function sortRows(rows: Iterable<FetchedRow>): FetchedRow[] {
  return madeInOrder(rows).sorted;
}

/** The rows sorted, and each one's sort key (dateKey parses a date: once a row). */
function madeInOrder(rows: Iterable<FetchedRow>): { sorted: FetchedRow[]; keys: Float64Array } {
  const all = [...rows];
  const keys = Float64Array.from(all, (row) => dateKey(row[5]));
  const order = Array.from({ length: all.length }, (_, index) => index);
  order.sort((a, b) => {
    const ka = keys[a] as number;
    const kb = keys[b] as number;
    if (ka !== kb) return kb > ka ? 1 : -1;
    const sa = (all[a] as FetchedRow)[0];
    const sb = (all[b] as FetchedRow)[0];
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  return { sorted: order.map((index) => all[index] as FetchedRow), keys: Float64Array.from(order, (index) => keys[index] as number) };
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

/** Where each slug of `slugs`, in sorted order, is among them. */
function slugOrder(slugs: readonly string[]): Uint32Array {
  const order = Array.from({ length: slugs.length }, (_, index) => index);
  // Slugs are ASCII: the default comparison is by code unit, as a sorted file is.
  order.sort((a, b) => ((slugs[a] as string) < (slugs[b] as string) ? -1 : 1));
  return Uint32Array.from(order);
}

/**
 * A long list's columns, made from what it shows of each article in list order: each value made
 * once (as columnValue and numberValue make them), for the fetched list and the own index alike.
 */
export function listedColumnsOf(listed: { slug: string[]; shown: string[]; notes: string[]; feed: string[]; time: Float64Array }): ListedColumns {
  const { slug, shown, notes } = listed;
  const slugRows = slugOrder(slug);
  return {
    slug: byteColumnOf(slug),
    shown: byteColumnOf(shown),
    notes: byteColumnOf(notes),
    feed: byteColumnOf(listed.feed),
    time: listed.time,
    shownWidth: Float64Array.from(shown, (title) => columns(title)),
    shownSingle: Float64Array.from(shown, (title) => (columnsOfEach([title]).singleColumn ? 1 : 0)),
    notesWidth: Float64Array.from(notes, (text) => columns(text)),
    sortedSlugs: byteColumnOf(Array.from(slugRows, (row) => slug[row] as string)),
    slugRows,
  };
}

/** The list made from the journal's rows: sorted, each column as strings and as the file keeps it, for writing and for reading without the file. */
export interface MadeList {
  sorted: FetchedRow[];
  columns: Record<ListColumn, string[]>;
  listed: ListedColumns;
}

export function makeFetchedList(rows: Iterable<FetchedRow>): MadeList {
  const { sorted, keys } = madeInOrder(rows);
  const columnsMade: Record<ListColumn, string[]> = {
    slug: sorted.map((row) => row[0]),
    shown: sorted.map((row) => sanitizeLine(row[3])),
    notes: sorted.map((row) => columnValue(row, 'notes')),
    feed: sorted.map((row) => row[9] ?? ''),
  };
  return { sorted, columns: columnsMade, listed: listedColumnsOf({ ...columnsMade, time: keys }) };
}

/** Writes the list made of the rows (makeFetchedList); best effort, as for any cache. */
export function writeFetchedList(path: string, stamp: string, made: MadeList): void {
  const lines = made.sorted.map((row) => `${JSON.stringify(row)}\n`);
  const parts: Uint8Array[] = [
    Buffer.from(lines.slice(0, HEAD_ROWS).join('')),
    ...LIST_COLUMNS.map((column) => columnPart(made.listed[column])),
    ...NUMBER_COLUMNS.map((column) => numbersPart(made.listed[column])),
    Buffer.from(lines.join('')),
    columnPart(made.listed.sortedSlugs),
    indexesPart(made.listed.slugRows),
  ];
  writeColumnFile(path, MAGIC, VERSION, [stamp, made.sorted.length, Math.min(HEAD_ROWS, made.sorted.length)], parts);
  // The list of the version before, which this one replaces.
  try {
    unlinkSync(join(dirname(path), 'fetched-list-v2.txt'));
  } catch {
    // None, or already gone.
  }
}

/** The value kept in `map` under `key`, made and kept the first time it is asked for. */
function memo<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

const PART = {
  head: 0,
  column: (name: ListColumn) => 1 + LIST_COLUMNS.indexOf(name),
  numbers: (name: NumberColumn) => 1 + LIST_COLUMNS.length + NUMBER_COLUMNS.indexOf(name),
  rows: 1 + LIST_COLUMNS.length + NUMBER_COLUMNS.length,
  slugs: 2 + LIST_COLUMNS.length + NUMBER_COLUMNS.length,
  slugOrder: 3 + LIST_COLUMNS.length + NUMBER_COLUMNS.length,
};
const PART_COUNT = 4 + LIST_COLUMNS.length + NUMBER_COLUMNS.length;

/**
 * The cached list at `path`, if it was made from the journal as it is now (`stamp`); its parts
 * are read when first asked for.
 */
export class FetchedList {
  private constructor(
    private readonly file: ColumnFile,
    readonly count: number,
    private readonly headCount: number,
  ) {}

  private head: string[] | undefined;
  private readonly byteColumns = new Map<ListColumn, ByteColumn>();
  private readonly columns = new Map<ListColumn, string[]>();
  private readonly numberColumns = new Map<NumberColumn, Float64Array>();
  private full: string[] | undefined;
  private slugs: ByteColumn | undefined;
  private order: Uint32Array | undefined;

  static open(path: string, stamp: string): FetchedList | undefined {
    const file = ColumnFile.open(path, MAGIC, VERSION, PART_COUNT);
    if (file === undefined) return undefined;
    const [fileStamp, count, headCount] = [file.fields[0], Number(file.fields[1]), Number(file.fields[2])];
    // Each row has its place among the sorted slugs: the count cannot be more than the file holds.
    if (file.fields.length !== 3 || fileStamp !== stamp || !Number.isSafeInteger(count) || file.length(PART.slugOrder) !== 4 * count || !(headCount >= 0 && headCount <= count)) {
      file.close();
      return undefined;
    }
    return new FetchedList(file, count, headCount);
  }

  close(): void {
    this.file.close();
  }

  /** Row `index` whole, from the head when it is there. */
  row(index: number): FetchedRow {
    if (index < this.headCount) {
      this.head ??= this.read(() => this.file.lines(PART.head, this.headCount));
      return parseRow(this.head[index]);
    }
    this.full ??= this.read(() => this.file.lines(PART.rows, this.count));
    return parseRow(this.full[index]);
  }

  /** Whether row `index` can be had from the head, without reading the whole list. */
  inHead(index: number): boolean {
    return index < this.headCount;
  }

  /** A column, every row's value, as bytes. */
  bytes(name: ListColumn): ByteColumn {
    return memo(this.byteColumns, name, () => this.read(() => this.file.column(PART.column(name), this.count)));
  }

  /** A column, every row's value. */
  column(name: ListColumn): string[] {
    return memo(this.columns, name, () => valuesOf(this.bytes(name)));
  }

  /** Whether there is a fetched article of this slug: the sorted slugs are read once, and searched by halves. */
  has(slug: string): boolean {
    return positionInSorted(this.sortedSlugs(), slug) >= 0;
  }

  /** The slugs in sorted order. */
  sortedSlugs(): ByteColumn {
    this.slugs ??= this.read(() => this.file.column(PART.slugs, this.count));
    return this.slugs;
  }

  /** The row of each slug of sortedSlugs(), in that order. */
  slugOrder(): Uint32Array {
    this.order ??= this.read(() => this.file.indexes(PART.slugOrder, this.count, this.count));
    return this.order;
  }

  /** A column of numbers. */
  numbers(name: NumberColumn): Float64Array {
    return memo(this.numberColumns, name, () => this.read(() => this.file.numbers(PART.numbers(name), this.count)));
  }

  private read<T>(part: () => T): T {
    try {
      return part();
    } catch (error) {
      if (error instanceof ColumnFileError) throw new FetchedListError();
      throw error;
    }
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
