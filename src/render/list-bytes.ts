import type { ByteColumn } from '../storage/byte-column.js';
import { instantiate, NoRoomError, WasmArena, type WasmMemory } from '../wasm.js';
import { LIST_LINES_WASM } from './list-lines-binary.js';
import { chooseListLayout, GAP, titleRoom, type ListLayout } from './list-layout.js';
import { columns, truncate, truncateSingleColumn } from './text.js';

/**
 * `news list` of a long library, written from bytes. The layout is layoutList's
 * (commands/list.ts), for the layouts that put an article on one line without styling: a long
 * list in a pipe, where fifty thousand lines made as strings, and their garbage, took most of
 * the time. Each line is copied together from the cached columns' bytes into one buffer. For
 * any other layout (a terminal's narrow screen, styling) it says so, and the strings are made.
 */

/** Rows of a list from one source (the fetched articles' cache, the reader's own), in their order. */
export interface ByteRows {
  slug: ByteColumn;
  /** The title as shown (sanitized) and the notes after it (list-notes.ts); read only when the layout shows them. */
  title: () => ByteColumn;
  notes: () => ByteColumn;
  titleWidth: ArrayLike<number>;
  /** 1 where each character of the title is one column. */
  titleSingle: ArrayLike<number>;
  notesWidth: ArrayLike<number>;
}

/** What follows the notes: " · yours" (or over the bundled one), " · unread", then the reaction. */
export const YOURS = 1;
export const YOURS_OVER_BUNDLED = 2;
export const UNREAD = 4;
// One column each, so their lengths are their widths.
export const YOURS_NOTE = ' \u00B7 yours';
export const YOURS_OVER_BUNDLED_NOTE = ' \u00B7 yours, over the bundled one';
export const UNREAD_NOTE = ' \u00B7 unread';

/** The rows a list shows, in order: row `row[i]` of source `source[i]`, with its notes' flags and reaction. */
export interface ShownRows {
  count: number;
  source: Uint8Array;
  row: Uint32Array;
  flags: Uint8Array;
  /** The reaction's emoji, by shown row. */
  reaction: ReadonlyMap<number, string>;
}

/** The notes after a row's own: what the flags and the reaction add. */
export function extraNotes(flags: number, reaction: string | undefined): string {
  const mine = flags & YOURS_OVER_BUNDLED ? YOURS_OVER_BUNDLED_NOTE : flags & YOURS ? YOURS_NOTE : '';
  return `${mine}${flags & UNREAD ? UNREAD_NOTE : ''}${reaction === undefined ? '' : `  ${reaction}`}`;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const ELLIPSIS = Buffer.from('\u2026');

/** The notes the flags add, without a reaction, for each combination of flags: as bytes, and their width (one column a character). */
const FLAG_NOTES = Array.from({ length: 8 }, (_, flags) => Buffer.from(extraNotes(flags, undefined)));
const FLAG_WIDTHS = Array.from({ length: 8 }, (_, flags) => extraNotes(flags, undefined).length);
const MOST_FLAG_NOTES = Math.max(...FLAG_NOTES.map((bytes) => bytes.length));

/** A long list's lines as bytes, ready to be written: every column they need has been read. */
export interface ListBytes {
  /** Writes the lines, in one piece or several; `write` must be done with each piece when it returns. */
  writeTo(write: (bytes: Uint8Array) => void): void;
}

/**
 * The list as layoutList lays it out with no styling, as bytes: undefined for a layout that is
 * not one line an article (a terminal too narrow for that), which only layoutList makes.
 */
export function listBytes(sources: readonly ByteRows[], shown: ShownRows, width: number, terminal: boolean, nativeFromRows = NATIVE_FROM_ROWS): ListBytes | undefined {
  const native = shown.count >= nativeFromRows ? nativeListBytes(sources, shown, width, terminal) : undefined;
  if (native) return native.lines;
  const bytes = listBytesInJavaScript(sources, shown, width, terminal);
  return bytes && inOnePiece(bytes);
}

/** Lines made whole, as ListBytes. */
export function inOnePiece(bytes: Uint8Array): ListBytes {
  return { writeTo: (write) => write(bytes) };
}

/** listBytes in one buffer, made in JavaScript. */
function listBytesInJavaScript(sources: readonly ByteRows[], shown: ShownRows, width: number, terminal: boolean): Buffer | undefined {
  const { count, source, row: rowOf, flags } = shown;
  // Each row's notes' width, and the widths the layout is chosen by. (Plain loops over typed
  // arrays: this runs for every article, in code V8 has not compiled yet.)
  const tailWidths = new Float64Array(count);
  let slugWidth = 0;
  let titleMax = 0;
  let tailWidth = 0;
  let shortestTail = Infinity;
  for (let index = 0; index < count; index++) {
    const rows = sources[source[index] as number] as ByteRows;
    const row = rowOf[index] as number;
    const tail = (rows.notesWidth[row] as number) + (FLAG_WIDTHS[(flags[index] as number) & 7] as number) + reactionWidthOf(shown, index);
    tailWidths[index] = tail;
    // Slugs are ASCII: their length in bytes is their width.
    const slugLength = (rows.slug.start[row + 1] as number) - (rows.slug.start[row] as number);
    if (slugLength > slugWidth) slugWidth = slugLength;
    const titleWidth = rows.titleWidth[row] as number;
    if (titleWidth > titleMax) titleMax = titleWidth;
    if (tail > tailWidth) tailWidth = tail;
    if (tail < shortestTail) shortestTail = tail;
  }

  // A slug wider than the line is cut: layoutList does that.
  if (slugWidth > width) return undefined;
  const layout = chooseListLayout({ slugWidth, titleMax, tailWidth, shortestTail }, width, terminal, (roomFor, enough) => everyRowHasRoom(sources, shown, tailWidths, roomFor, enough));
  if (layout.kind === 'indented' || layout.kind === 'wrapped') return undefined;
  const withTitles = layout.kind === 'one-line' || layout.kind === 'titles';
  const withTails = layout.kind === 'one-line' || layout.kind === 'tails';
  const titles = withTitles ? sources.map((rows) => rows.title()) : [];
  const notes = withTails ? sources.map((rows) => rows.notes()) : [];
  // Filled with spaces at once: the padding between columns is then only skipped over.
  const out = Buffer.alloc(roomForLines(sources, shown, layout, slugWidth, titles, notes), SPACE);
  let at = 0;
  for (let index = 0; index < count; index++) {
    const which = source[index] as number;
    const rows = sources[which] as ByteRows;
    const row = rowOf[index] as number;
    const slug = rows.slug;
    const slugStart = slug.start[row] as number;
    const slugEnd = slug.start[row + 1] as number;
    at = copyBytes(slug.bytes, slugStart, slugEnd, out, at);
    const afterSlug = at;
    if (layout.kind !== 'slugs') {
      at += Math.max(0, slugWidth + GAP - (slugEnd - slugStart));
      if (withTitles) {
        const room = layout.kind === 'titles' ? layout.room : titleRoom(layout, tailWidths[index] as number);
        const title = titles[which] as ByteColumn;
        const titleWidth = rows.titleWidth[row] as number;
        let cutWidth = titleWidth;
        const titleStart = title.start[row] as number;
        const titleEnd = title.start[row + 1] as number;
        if (titleWidth <= room) at = copyBytes(title.bytes, titleStart, titleEnd, out, at);
        else if (room > 1 && rows.titleSingle[row] === 1 && titleEnd - titleStart === titleWidth) {
          // ASCII only (one byte a column): cut at the byte, as truncateSingleColumn() cuts,
          // white space before the cut trimmed.
          let stop = titleStart + room - 1;
          while (stop > titleStart && isAsciiSpace(title.bytes[stop - 1] as number)) stop--;
          at = copyBytes(title.bytes, titleStart, stop, out, at);
          at = copyBytes(ELLIPSIS, 0, ELLIPSIS.length, out, at);
          cutWidth = stop - titleStart + 1;
        } else {
          const cut = cutTitle(title, row, room, rows.titleSingle[row] === 1);
          at = copyBytes(cut.bytes, 0, cut.bytes.length, out, at);
          cutWidth = cut.width;
        }
        // Nothing after a title without notes, not even the spaces it or its padding ends in.
        if (layout.kind === 'titles') while (at > afterSlug && isAsciiSpace(out[at - 1] as number)) at--;
        else at += Math.max(0, room + GAP - cutWidth);
      }
      if (withTails) {
        const note = notes[which] as ByteColumn;
        at = copyBytes(note.bytes, note.start[row] as number, note.start[row + 1] as number, out, at);
        const extra = notesOf(shown, index);
        at = copyBytes(extra, 0, extra.length, out, at);
      }
    }
    out[at++] = NEWLINE;
  }
  return out.subarray(0, at);
}

/** A row's reaction, if it has one. */
function reactionOf(shown: ShownRows, index: number): string | undefined {
  return shown.reaction.size === 0 ? undefined : shown.reaction.get(index);
}

/** The notes a row's flags and reaction add after its own. */
function notesOf(shown: ShownRows, index: number): Buffer {
  const flags = shown.flags[index] as number;
  const reaction = reactionOf(shown, index);
  return reaction === undefined ? (FLAG_NOTES[flags & 7] as Buffer) : Buffer.from(extraNotes(flags, reaction));
}

/** The columns a row's reaction adds to its notes (two spaces and the emoji), 0 for none. */
function reactionWidthOf(shown: ShownRows, index: number): number {
  const reaction = reactionOf(shown, index);
  return reaction === undefined ? 0 : 2 + columns(reaction);
}

/**
 * Room enough for every line, without a pass over them: each row is shown once at most, so its
 * parts are at most all of each column's bytes; then each line's padding, a title cut with an
 * ellipsis, and the notes its flags and reaction add.
 */
function roomForLines(sources: readonly ByteRows[], shown: ShownRows, layout: ListLayout, slugWidth: number, titles: readonly ByteColumn[], notes: readonly ByteColumn[]): number {
  const withTails = notes.length > 0;
  const titleRoomMost = layout.kind === 'one-line' ? Math.max(layout.widest, 0) + ELLIPSIS.length : layout.kind === 'titles' ? Math.max(layout.room, 0) + ELLIPSIS.length : 0;
  let size = shown.count * (slugWidth + 2 * GAP + 1 + titleRoomMost + (withTails ? MOST_FLAG_NOTES : 0));
  for (let which = 0; which < sources.length; which++) {
    size += (sources[which] as ByteRows).slug.bytes.length + (titles[which]?.bytes.length ?? 0) + (notes[which]?.bytes.length ?? 0);
  }
  if (withTails) for (const index of shown.reaction.keys()) size += notesOf(shown, index).length;
  return size;
}

/**
 * From this many rows a list is laid out in WebAssembly (list-lines.wat), whose module costs
 * about 0.7 ms to compile, instantiate and first call. `news list` piped, JavaScript against
 * WebAssembly, interleaved: 1,000 rows 31.9 against 31.5 ms, 10,000 rows 45.5 against 41.5,
 * 50,000 rows 68.6 against 62.8 (at --width 200, with titles, 78.7 against 70.3).
 */
export const NATIVE_FROM_ROWS = 1000;

interface LinesExports {
  memory: WasmMemory;
  slugWidth: { value: number };
  titleMax: { value: number };
  tailWidth: { value: number };
  shortestTail: { value: number };
  widths(count: number, table: number, sources: number, rows: number, flags: number, flagWidths: number, tails: number): void;
  end: { value: number };
  need: { value: number };
  lines(count: number, table: number, sources: number, rows: number, flags: number, tails: number, flagNotes: number, kind: number, slugWidth: number, widest: number, base: number, extraMost: number, from: number, out: number, outEnd: number): number;
}

/** How much of a long list is made at a time in WebAssembly, in bytes (sixty-four pages of memory). */
const LINES_WINDOW = 256 * 1024;

/** A source's entry in the module's table (list-lines.wat): these addresses, in this order, four bytes each. */
const SLOTS = ['slugBytes', 'slugStarts', 'titleBytes', 'titleStarts', 'notesBytes', 'notesStarts', 'titleWidths', 'titleSingles', 'notesWidths', 'unused'] as const;
type Slot = (typeof SLOTS)[number];
/** The flag list-lines.wat reads as "ask JavaScript for this row's reaction": past the three of notesOf. */
const REACTION = 8;

/**
 * listBytes in WebAssembly (list-lines.wat): the rows' widths and the lines are made by
 * the module, from copies of the columns in its memory; the layout is chosen here, by the same
 * chooseListLayout, and the module asks for what JavaScript does best: a reaction's width and
 * notes, and a title cut that is not ASCII. Undefined where it cannot run there (no
 * WebAssembly, or more than its memory can hold): JavaScript then does it.
 */
function nativeListBytes(sources: readonly ByteRows[], shown: ShownRows, width: number, terminal: boolean): { lines: ListBytes | undefined } | undefined {
  const { count } = shown;
  let titles: ByteColumn[] = [];
  // The module's memory as it is when the imports are called: it does not grow while it runs.
  let memory: Uint8Array = new Uint8Array();
  let cutWidth = 0;
  const imports = {
    list: {
      reactionWidth: (index: number): number => reactionWidthOf(shown, index),
      extraNotes: (index: number, at: number): number => {
        const bytes = notesOf(shown, index);
        memory.set(bytes, at);
        return bytes.length;
      },
      cutTitle: (index: number, room: number, at: number): number => {
        const row = shown.row[index] as number;
        const which = shown.source[index] as number;
        const cut = cutTitle(titles[which] as ByteColumn, row, room, (sources[which] as ByteRows).titleSingle[row] === 1);
        memory.set(cut.bytes, at);
        cutWidth = cut.width;
        return cut.bytes.length;
      },
      cutWidth: (): number => cutWidth,
    },
  };
  const module = instantiate<LinesExports>(LIST_LINES_WASM, imports);
  if (!module) return undefined;
  const arena = new WasmArena(module.memory);
  try {
    const table = arena.room(4 * SLOTS.length * sources.length);
    const entries = sources.map((): Record<Slot, number> => Object.fromEntries(SLOTS.map((slot) => [slot, 0])) as Record<Slot, number>);
    const writeTable = (): void => {
      const view = new Uint32Array(module.memory.buffer, table, SLOTS.length * sources.length);
      entries.forEach((entry, which) => view.set(SLOTS.map((slot) => entry[slot]), SLOTS.length * which));
    };
    sources.forEach((rows, which) => {
      const entry = entries[which] as Record<Slot, number>;
      entry.slugBytes = arena.place(rows.slug.bytes);
      entry.slugStarts = arena.place(rows.slug.start);
      entry.titleWidths = arena.placeFloats(rows.titleWidth);
      entry.notesWidths = arena.placeFloats(rows.notesWidth);
    });
    const sourceAt = arena.place(shown.source);
    const rowAt = arena.place(shown.row);
    const flagsAt = arena.place(shown.flags);
    const flagWidthsAt = arena.placeFloats(FLAG_WIDTHS);
    const tailsAt = arena.room(8 * count);
    writeTable();
    memory = arena.bytes();
    let extraMost = MOST_FLAG_NOTES;
    for (const index of shown.reaction.keys()) {
      if (!(index >= 0 && index < count)) continue;
      memory[flagsAt + index] = (shown.flags[index] as number) | REACTION;
      extraMost = Math.max(extraMost, notesOf(shown, index).length);
    }
    module.widths(count, table, sourceAt, rowAt, flagsAt, flagWidthsAt, tailsAt);
    const slugWidth = module.slugWidth.value;
    const widths = { slugWidth, titleMax: module.titleMax.value, tailWidth: module.tailWidth.value, shortestTail: module.shortestTail.value };
    const tailWidths = new Float64Array(module.memory.buffer, tailsAt, count);
    if (slugWidth > width) return { lines: undefined };
    const layout = chooseListLayout(widths, width, terminal, (roomFor, enough) => everyRowHasRoom(sources, shown, tailWidths, roomFor, enough));
    if (layout.kind === 'indented' || layout.kind === 'wrapped') return { lines: undefined };
    titles = layout.kind === 'one-line' || layout.kind === 'titles' ? sources.map((rows) => rows.title()) : [];
    const notes = layout.kind === 'one-line' || layout.kind === 'tails' ? sources.map((rows) => rows.notes()) : [];
    titles.forEach((title, which) => {
      const entry = entries[which] as Record<Slot, number>;
      entry.titleBytes = arena.place(title.bytes);
      entry.titleStarts = arena.place(title.start);
      entry.titleSingles = arena.placeFloats((sources[which] as ByteRows).titleSingle);
    });
    notes.forEach((note, which) => {
      const entry = entries[which] as Record<Slot, number>;
      entry.notesBytes = arena.place(note.bytes);
      entry.notesStarts = arena.place(note.start);
    });
    const flagNotesAt = arena.room(8 * FLAG_NOTES.length);
    const flagNotes = FLAG_NOTES.flatMap((bytes) => [arena.place(bytes), bytes.length]);
    // The lines are made a window at a time, each written before the next is made in its place:
    // fresh memory costs the system a page fault every 4 KB, and 50,000 lines are 4 MB.
    let windowSize = Math.min(LINES_WINDOW, roomForLines(sources, shown, layout, slugWidth, titles, notes));
    let window = arena.room(windowSize);
    writeTable();
    new Uint32Array(module.memory.buffer, flagNotesAt, flagNotes.length).set(flagNotes);
    const kind = { slugs: 0, tails: 1, 'one-line': 2, titles: 3 }[layout.kind];
    // The room of every title: one for all without notes; with them, as titleRoom() gives it.
    const [widest, base] = layout.kind === 'one-line' ? [layout.widest, layout.base] : layout.kind === 'titles' ? [layout.room, Number.POSITIVE_INFINITY] : [0, 0];
    const lines: ListBytes = {
      writeTo(write) {
        for (let index = 0; index < count; ) {
          memory = arena.bytes();
          memory.fill(SPACE, window, window + windowSize);
          // Addresses are unsigned; past 2 GiB the module's i32 reads as negative here.
          const next = module.lines(count, table, sourceAt, rowAt, flagsAt, tailsAt, flagNotesAt, kind, slugWidth, widest, base, extraMost, index, window, window + windowSize) >>> 0;
          if (next === index) {
            // A row longer than the window: one of the room it needs.
            const need = module.need.value >>> 0;
            if (need <= windowSize) throw new Error(`a row of the list needs ${need} bytes and did not fit in ${windowSize}`);
            windowSize = need;
            window = arena.room(windowSize);
            continue;
          }
          write(new Uint8Array(module.memory.buffer, window, (module.end.value >>> 0) - window));
          index = next;
        }
      },
    };
    return { lines };
  } catch (error) {
    if (error instanceof NoRoomError) return undefined;
    throw error;
  }
}

/** layoutList's test for giving each row the room its own notes leave. */
function everyRowHasRoom(sources: readonly ByteRows[], shown: ShownRows, tailWidths: Float64Array, roomFor: (tail: number) => number, enough: number): boolean {
  for (let index = 0; index < shown.count; index++) {
    const titleWidth = (sources[shown.source[index] as number] as ByteRows).titleWidth[shown.row[index] as number] as number;
    if (roomFor(tailWidths[index] as number) < Math.min(enough, titleWidth)) return false;
  }
  return true;
}

/** A title cut to `room` columns with an ellipsis, through the string, as truncate() cuts it. */
function cutTitle(column: ByteColumn, row: number, room: number, singleColumn: boolean): { bytes: Uint8Array; width: number } {
  const title = column.bytes.toString('utf8', column.start[row], column.start[row + 1]);
  const cut = singleColumn ? truncateSingleColumn(title, room) : truncate(title, room);
  return { bytes: Buffer.from(cut), width: singleColumn ? cut.length : columns(cut) };
}

/** What String.prototype.trimEnd removes, among ASCII characters. */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** Copies bytes [start, end) of `from` to `to` at `at`; returns where the copy ends. */
function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): number {
  // Most values are a few dozen bytes, for which a loop costs less than a call into the runtime.
  if (end - start > 64) {
    to.set(from.subarray(start, end), at);
    return at + end - start;
  }
  for (let index = start; index < end; index++) to[at++] = from[index] as number;
  return at;
}
