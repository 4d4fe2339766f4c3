// A long list is written from bytes (src/render/list-bytes.ts): it must be, byte for byte, what
// layoutList makes of the same rows, for every layout the byte writer takes on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutList, type ListRow } from '../../src/commands/list.js';
import { extraNotes, listBytes, type ByteRows, type ShownRows } from '../../src/render/list-bytes.js';
import { columns, columnsOfEach } from '../../src/render/text.js';
import { byteColumnOf } from '../../src/storage/byte-column.js';

const slugArb = fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,3}$/);
// Titles as lists show them (sanitized): ASCII, one-column letters and punctuation, wide ones, emoji, none.
const titleArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 ,.:'-]{0,90}$/),
  fc.array(fc.stringMatching(/^[A-Za-z]{1,9}$/), { maxLength: 12 }).map((words) => words.join(' ')),
  fc.array(fc.constantFrom('Harbour', 'council', 'votes', 'é', '’', '“quoted”', '—', ' ', '  ', '中文', '標題', '👍', '❤️', 'ｱｲｳ', 'e\u0301'), { maxLength: 14 }).map((words) => words.join(' ')),
);
const notesArb = fc.tuple(fc.option(fc.constantFrom('2026-12-01', '2025-01-31', 'yesterday'), { nil: undefined }), fc.option(fc.constantFrom('Bench feed 1', 'The Gazette', 'Ærø Tidende', '中文报'), { nil: undefined }), fc.integer({ min: 1, max: 40 })).map(([date, source, minutes]) => [date, source, `${minutes} min`].filter(Boolean).join(' \u00B7 '));
const rowArb = fc.record({
  slug: slugArb,
  title: titleArb,
  notes: notesArb,
  flags: fc.constantFrom(0, 1, 2, 4, 5, 6),
  reaction: fc.option(fc.constantFrom('😮', '❤️', '👍🏽', '👍'), { nil: undefined, freq: 4 }),
  source: fc.constantFrom(0, 1),
});

/** The lines listBytes writes, in one buffer; its pieces are copied as they come, each being written over by the next. */
function layoutListBytes(...args: Parameters<typeof listBytes>): Buffer | undefined {
  const lines = listBytes(...args);
  if (!lines) return undefined;
  const pieces: Buffer[] = [];
  lines.writeTo((bytes) => pieces.push(Buffer.from(bytes)));
  return Buffer.concat(pieces);
}

describe('a long list written from bytes', () => {
  it('is what layoutList lays out, for any rows, width and flags; what it leaves to layoutList is a layout of its own', () => {
    let written = 0;
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 220 }), fc.boolean(), (rows, width, terminal) => {
        // Each source holds its rows in its own order; the list shows them as generated.
        const sources: ByteRows[] = [0, 1].map((source) => {
          const mine = rows.filter((row) => row.source === source);
          return {
            slug: byteColumnOf(mine.map((row) => row.slug)),
            title: () => byteColumnOf(mine.map((row) => row.title)),
            notes: () => byteColumnOf(mine.map((row) => row.notes)),
            titleWidth: mine.map((row) => columns(row.title)),
            titleSingle: mine.map((row) => (columnsOfEach([row.title]).singleColumn ? 1 : 0)),
            notesWidth: mine.map((row) => columns(row.notes)),
          };
        });
        const placed = [0, 0];
        const shown: ShownRows = {
          count: rows.length,
          source: Uint8Array.from(rows, (row) => row.source),
          row: Uint32Array.from(rows, (row) => (placed[row.source] as number)++),
          flags: Uint8Array.from(rows, (row) => row.flags),
          reaction: new Map(rows.flatMap((row, index) => (row.reaction === undefined ? [] : [[index, row.reaction] as const]))),
        };
        const expected = layoutList(
          rows.map((row): ListRow => ({ slug: row.slug, title: row.title, tail: `${row.notes}${extraNotes(row.flags, row.reaction)}` })),
          width,
          terminal,
        );
        // In JavaScript, and in WebAssembly (list-lines.wat), as a list of many rows is.
        const bytes = layoutListBytes(sources, shown, width, terminal, Number.POSITIVE_INFINITY);
        const native = layoutListBytes(sources, shown, width, terminal, 0);
        expect(native === undefined ? undefined : Buffer.compare(native, bytes ?? Buffer.alloc(0))).toBe(bytes === undefined ? undefined : 0);
        if (bytes === undefined) {
          // Left to layoutList: a slug wider than the line, which it cuts; or a terminal, where
          // the layout puts an article on more than one line.
          if (rows.some((row) => row.slug.length > width)) return;
          expect(terminal).toBe(true);
          expect(expected.length).toBeGreaterThan(rows.length);
          return;
        }
        written++;
        expect(bytes.toString('utf8')).toBe(`${expected.join('\n')}\n`);
      }),
      { numRuns: 3000 },
    );
    expect(written).toBeGreaterThan(1500);
  });

  it('cuts a title as truncate() does, white space before the ellipsis trimmed', () => {
    const title = 'Harbour council votes to reopen the old ferry terminal';
    for (let width = 30; width <= 70; width++) {
      const sources: ByteRows[] = [{ slug: byteColumnOf(['ferry']), title: () => byteColumnOf([title]), notes: () => byteColumnOf(['3 min']), titleWidth: [columns(title)], titleSingle: [1], notesWidth: [5] }];
      const shown: ShownRows = { count: 1, source: Uint8Array.of(0), row: Uint32Array.of(0), flags: Uint8Array.of(0), reaction: new Map() };
      const expected = `${layoutList([{ slug: 'ferry', title, tail: '3 min' }], width, false).join('\n')}\n`;
      expect(layoutListBytes(sources, shown, width, false)?.toString('utf8'), `width ${width}`).toBe(expected);
      expect(expected).not.toMatch(/ \u2026/);
    }
  });

  it('is the same in WebAssembly for thousands of rows, with reactions and titles JavaScript cuts', () => {
    // Enough rows for the module's memory to grow many times over while the columns are placed,
    // and rows that the module asks JavaScript for, past where it first grew.
    const count = 6000;
    const titles = Array.from({ length: count }, (_, n) => (n % 3 === 0 ? `Café “${n}” ${'標題 '.repeat(n % 11)}and more words` : `Harbour council ${n} ${'votes '.repeat(n % 9)}`));
    const notes = Array.from({ length: count }, (_, n) => `2026-12-0${1 + (n % 9)} \u00B7 Feed ${n % 7} \u00B7 ${1 + (n % 30)} min`);
    const sources: ByteRows[] = [
      {
        slug: byteColumnOf(titles.map((_, n) => `story-${n}`)),
        title: () => byteColumnOf(titles),
        notes: () => byteColumnOf(notes),
        titleWidth: titles.map((title) => columns(title)),
        titleSingle: titles.map((title) => (columnsOfEach([title]).singleColumn ? 1 : 0)),
        notesWidth: notes.map((note) => columns(note)),
      },
    ];
    const shown: ShownRows = {
      count,
      source: new Uint8Array(count),
      row: Uint32Array.from({ length: count }, (_, n) => count - 1 - n),
      flags: Uint8Array.from({ length: count }, (_, n) => [0, 1, 2, 4, 5, 6][n % 6] as number),
      reaction: new Map([5, 2500, 5999].map((index) => [index, index === 2500 ? '👍🏽' : '😮'] as const)),
    };
    // At 90 and 30 columns a pipe keeps the titles, without notes; at 20, the slugs alone.
    for (const [width, terminal] of [[200, false], [120, false], [100, true], [90, false], [30, false], [20, false]] as const) {
      const inJavaScript = layoutListBytes(sources, shown, width, terminal, Number.POSITIVE_INFINITY);
      const native = layoutListBytes(sources, shown, width, terminal, 0);
      if (!inJavaScript || !native) throw new Error(`width ${width}: one line an article`);
      expect(native.equals(inJavaScript), `width ${width}`).toBe(true);
      const text = native.toString('utf8');
      expect(text.split('\n')).toHaveLength(count + 1);
      // Titles cut: by JavaScript (not ASCII) and by the module (ASCII); notes with a reaction.
      if (width === 120) expect(text).toMatch(/^story-2997 +Café “2997” 標題 [^\n]*… {2}2026-/m);
      if (width === 120) expect(text).toMatch(/^story-2996 +Harbour council 2996 votes votes v… {2}2026-/m);
      if (width >= 100) expect(text).toMatch(/ · unread {2}👍🏽\n/);
      // The title's own trailing space goes too.
      if (width === 90) expect(text).toMatch(/^story-2996 +Harbour council 2996( votes){8}$/m);
      if (width <= 90) expect(text).not.toContain(' min');
    }
  });

  it('is the same in WebAssembly for a row longer than the part of the list made at a time', () => {
    const titles = ['Short', `Long ${'x'.repeat(300_000)} end`, 'Short again'];
    const sources: ByteRows[] = [
      {
        slug: byteColumnOf(['a', 'b', 'c']),
        title: () => byteColumnOf(titles),
        notes: () => byteColumnOf(['1 min', '2 min', '3 min']),
        titleWidth: titles.map((title) => title.length),
        titleSingle: [1, 1, 1],
        notesWidth: [5, 5, 5],
      },
    ];
    const shown: ShownRows = { count: 3, source: new Uint8Array(3), row: Uint32Array.of(0, 1, 2), flags: Uint8Array.of(0, 4, 0), reaction: new Map([[1, '😮']]) };
    for (const width of [400_000, 200_000]) {
      const native = layoutListBytes(sources, shown, width, false, 0);
      expect(native?.equals(layoutListBytes(sources, shown, width, false, Number.POSITIVE_INFINITY) ?? Buffer.alloc(0))).toBe(true);
      expect(native?.toString('utf8')).toMatch(width === 400_000 ? / end {2}2 min · unread {2}😮\nc {2}Short again/ : /xx… {2}2 min · unread {2}😮\nc {2}Short again/);
    }
  });
});
