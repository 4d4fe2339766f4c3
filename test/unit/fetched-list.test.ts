/*
 * The fetched articles newest first (src/articles/fetched-list.ts), the library's newest-first
 * listing made from it (ArticleLibrary.newestFirst), and the unread marks looked up without
 * parsing them: each must give exactly what reading and sorting everything gives.
 */
import { mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { columnValue, FETCHED_LIST_FILE, FetchedList, FetchedListError, LIST_COLUMNS, makeFetchedList, NUMBER_COLUMNS, numberValue, sortRows, writeFetchedList } from '../../src/articles/fetched-list.js';
import { byteColumnOf, positionInSorted, positionsInSorted, valueAt, valuesOf } from '../../src/storage/byte-column.js';
import type { ByteRows } from '../../src/render/list-bytes.js';
import { USER_OVER_BUNDLED } from '../../src/articles/own-index.js';
import type { FetchedRow } from '../../src/articles/fetched-store.js';
import { ArticleLibrary } from '../../src/articles/library.js';
import { summarize } from '../../src/articles/model.js';
import { newestFirst } from '../../src/articles/order.js';
import { parseArticle } from '../../src/articles/parse.js';
import { listNotes } from '../../src/render/list-notes.js';
import { sanitizeLine } from '../../src/render/text.js';
import { inSortedLines, serializeUnread, UnreadMarks } from '../../src/unread.js';
import { tempDir } from '../helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('news-fetched-list-');
});
afterEach(() => dir.cleanup());

const slugArb = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,5})?$/);
// Dates as feeds give them, equal ones, none, and ones no parser reads.
const dateArb = fc.oneof(
  fc.constant(null),
  fc.constant('not a date'),
  fc.constantFrom('2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', '2025-01-31'),
  fc.integer({ min: 0, max: 2 ** 41 }).map((ms) => new Date(ms).toISOString()),
);
const textArb = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\\', '\n', '\r', 'é', '\u{1F600}', '\u001B', 'n') });
const rowsArb = fc.uniqueArray(
  fc.record({ slug: slugArb, date: dateArb, title: textArb, source: fc.option(textArb, { nil: null }), feed: fc.option(fc.constantFrom('gazette', 'lwn'), { nil: null }), words: fc.nat(5000) }),
  { selector: (row) => row.slug, maxLength: 30 },
).map((rows) => rows.map((r): FetchedRow => [r.slug, 10, 20, r.title, null, r.date, null, r.source, `https://x.example/${r.slug}`, r.feed, ['t'], r.words, 2]));

describe('the cached list of fetched articles', () => {
  it('gives back every row and column, in the order a whole library is sorted', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const path = join(dir.path, FETCHED_LIST_FILE);
        const sorted = sortRows(rows);
        writeFetchedList(path, 'stamp-1', makeFetchedList(rows));
        const list = FetchedList.open(path, 'stamp-1');
        expect(list?.count).toBe(rows.length);
        try {
          // The library sorts rows in slug order with a stable sort by date: the same order.
          const bySlug = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((row) => ({ row, article: { date: row[5] ?? undefined } }));
          expect(sorted).toEqual(newestFirst(bySlug).map(({ row }) => row));
          sorted.forEach((row, index) => expect(list?.row(index)).toEqual(row));
          for (const name of LIST_COLUMNS) expect(list?.column(name)).toEqual(sorted.map((row) => columnValue(row, name)));
          for (const name of NUMBER_COLUMNS) expect(Array.from(list?.numbers(name) ?? [])).toEqual(sorted.map((row) => numberValue(row, name)));
          // The slugs in sorted order, and the row each is.
          const slugs = sorted.map((row) => row[0]).sort();
          expect(valuesOf(list!.sortedSlugs())).toEqual(slugs);
          expect(Array.from(list?.slugOrder() ?? [], (row) => sorted[row]?.[0])).toEqual(slugs);
        } finally {
          list?.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads as none when its first line counts more rows than it holds', () => {
    const path = join(dir.path, FETCHED_LIST_FILE);
    writeFetchedList(path, 's', makeFetchedList([['a', 1, 2, 'A', null, null, null, null, null, null, [], 3, 1]]));
    writeFileSync(path, readFileSync(path, 'latin1').replace(/^(news-fetched-list \S+ s) 1 1 /, '$1 99999999999 1 '), 'latin1');
    expect(readFileSync(path, 'latin1')).toContain(' 99999999999 ');
    expect(FetchedList.open(path, 's')).toBeUndefined();
  });

  it('keeps each value apart, halves of a surrogate pair too', () => {
    const column = byteColumnOf(['a\uD83D', '\uDE00b', '']);
    expect(Array.from(column.start)).toEqual([0, 4, 8, 8]);
    expect(valuesOf(column)).toEqual(['a\uFFFD', '\uFFFDb', '']);
  });

  it('reads as none when stale, of another version, or cut short', () => {
    const path = join(dir.path, FETCHED_LIST_FILE);
    const rows: FetchedRow[] = [['a', 1, 2, 'A', null, null, null, null, null, null, [], 3, 1]];
    writeFetchedList(path, 'stamp-1', makeFetchedList(rows));
    expect(FetchedList.open(path, 'stamp-2')).toBeUndefined();
    const text = readFileSync(path, 'latin1');
    writeFileSync(path, text.replace('news-fetched-list 4.', 'news-fetched-list 9.'), 'latin1');
    expect(FetchedList.open(path, 'stamp-1')).toBeUndefined();
    writeFileSync(path, text.slice(0, -3), 'latin1');
    expect(FetchedList.open(path, 'stamp-1')).toBeUndefined();
    expect(FetchedList.open(join(dir.path, 'missing'), 'stamp-1')).toBeUndefined();
  });

  it('says so when damaged past its first line, where only reading finds it', () => {
    const path = join(dir.path, FETCHED_LIST_FILE);
    writeFetchedList(path, 's', makeFetchedList([['a', 1, 2, 'A', null, null, null, null, null, null, [], 3, 1]]));
    writeFileSync(path, readFileSync(path, 'latin1').replace('["a",1,2,"A"', '["a";1,2,"A"'), 'latin1');
    const list = FetchedList.open(path, 's');
    expect(() => list?.row(0)).toThrow(FetchedListError);
    list?.close();
  });
});

/** A fetched article's file, as news fetch writes it. */
function fetchedText(title: string, date: string | undefined): string {
  return `---\ntitle: ${title}\n${date ? `date: ${date}\n` : ''}feed: gazette\nurl: https://gazette.example/${encodeURIComponent(title)}\n---\n\nTide text with *emphasis*.\n`;
}

describe('the library, newest first', () => {
  async function library(): Promise<ArticleLibrary> {
    const bundled = join(dir.path, 'bundled');
    const data = join(dir.path, 'data');
    mkdirSync(bundled, { recursive: true });
    mkdirSync(join(data, 'articles'), { recursive: true });
    writeFileSync(join(bundled, 'shipped.md'), '---\ntitle: Shipped\n---\n\nBundled text.\n');
    writeFileSync(join(bundled, 'also-fetched.md'), '---\ntitle: Bundled twin\n---\n\nBundled text.\n');
    writeFileSync(join(data, 'articles', 'mine.md'), '---\ntitle: Mine\ndate: 2026-12-01T12:00:00.000Z\n---\n\nMy text.\n');
    writeFileSync(join(data, 'articles', 'same-name.md'), '---\ntitle: My own, over the fetched one\n---\n\nMy text.\n');
    writeFileSync(join(data, 'articles', 'broken.md'), 'no title here\n');
    const lib = new ArticleLibrary(bundled, join(data, 'articles'), join(dir.path, 'cache'), data);
    const stored = [
      ['same-name', 'Fetched, hidden by mine', '2026-12-02T00:00:00.000Z'],
      ['also-fetched', 'Fetched twin of a bundled one', '2026-11-01T00:00:00.000Z'],
      ['tie-b', 'Tie B', '2026-12-01T12:00:00.000Z'],
      ['tie-a', 'Tie A', '2026-12-01T12:00:00.000Z'],
      ['undated', 'Undated', undefined],
      ...Array.from({ length: 250 }, (_, n) => [`story-${n}`, `Story ${n}`, new Date(Date.UTC(2026, 10, 1) + n * 3_600_000).toISOString()]),
    ] as const;
    await lib.fetched?.store(stored.map(([slug, title, date]) => ({ slug, text: fetchedText(title, date), summary: summarize(parseArticle(fetchedText(title, date), slug)) })));
    return lib;
  }

  async function expected(lib: ArticleLibrary): Promise<string[]> {
    const { results } = await lib.summaries();
    return newestFirst(results.flatMap((result) => ('summary' in result ? [{ entry: result.entry, article: result.summary }] : []))).map(({ entry, article }) => `${entry.slug} ${entry.overridesBundled} ${article.title} ${article.date ?? '-'} ${article.words}`);
  }

  const taken = (lib: ArticleLibrary, detail: 'rows' | 'columns' | 'bytes', limit = Infinity): { rows: string[]; warnings: string[] } => {
    const rows: string[] = [];
    if (detail === 'bytes') {
      // The rows a long list writes from bytes: the same articles, in the same order, saying the same.
      const list = lib.longList();
      const { own, sources, source, row, fetched, warnings } = list;
      try {
        for (let index = 0; index < source.length && rows.length < limit; index++) {
          const from = sources[source[index] as number] as ByteRows;
          const at = row[index] as number;
          const overBundled = source[index] === 0 ? own.origin[at] === USER_OVER_BUNDLED : (fetched?.overBundled.has(at) ?? false);
          rows.push(`${valueAt(from.slug, at)} ${overBundled} ${valueAt(from.title(), at)} ${valueAt(from.notes(), at)}`);
        }
      } finally {
        list.close();
      }
      return { rows, warnings };
    }
    if (detail === 'columns') {
      // The columns a long plain list reads: the same articles, in the same order.
      const { columns, warnings } = lib.listColumns();
      columns.slug.forEach((slug, index) => {
        if (rows.length < limit) rows.push(`${slug} ${columns.overridesBundled[index]} ${columns.title[index]} ${columns.notes[index]}`);
      });
      return { rows, warnings };
    }
    const ordered = lib.newestFirst();
    // Made before anything is counted (a short list finds the reader's slugs by halving), then
    // counted without the rows made, as the full-screen reader counts them: the same number.
    for (const { entry, summary } of ordered.rows) {
      if (rows.length >= limit) break;
      rows.push(`${entry.slug} ${entry.overridesBundled} ${summary.title} ${summary.date ?? '-'} ${summary.words}`);
    }
    if (limit === Infinity) expect(ordered.count()).toBe(rows.length);
    ordered.close();
    return { rows, warnings: ordered.warnings };
  };

  async function expectedColumns(lib: ArticleLibrary): Promise<string[]> {
    const { results } = await lib.summaries();
    return newestFirst(results.flatMap((result) => ('summary' in result ? [{ entry: result.entry, article: result.summary }] : []))).map(({ entry, article }) => `${entry.slug} ${entry.overridesBundled} ${sanitizeLine(article.title)} ${listNotes(article)}`);
  }

  it('merges the reader\'s, the bundled and the fetched articles as sorting them all would', async () => {
    const lib = await library();
    const want = await expected(lib);
    expect(want.some((row) => row.startsWith('same-name false My own'))).toBe(true);
    // A bundled article a fetched one hides is not shown, nor warned about when it is not an article.
    writeFileSync(join(dir.path, 'bundled', 'also-fetched.md'), 'no title here\n');
    expect(taken(lib, 'rows').warnings.join('\n')).not.toContain('also-fetched');
    expect(want.some((row) => row.startsWith('also-fetched true Fetched twin'))).toBe(true);
    const wantColumns = await expectedColumns(lib);
    // Made from the journal, then from the cached list (its head and whole rows, its columns), then its first rows only.
    for (const detail of ['rows', 'columns', 'bytes', 'rows', 'columns', 'bytes'] as const) {
      const { rows, warnings } = taken(lib, detail);
      expect(rows).toEqual(detail === 'rows' ? want : wantColumns);
      expect(warnings.join('\n')).toContain('broken.md');
    }
    expect(taken(lib, 'rows', 7).rows).toEqual(want.slice(0, 7));
  });

  it('reads the journal when the cached list is damaged, and gives the same rows', async () => {
    const lib = await library();
    const want = await expected(lib);
    const wantColumns = await expectedColumns(lib);
    taken(lib, 'rows');
    const path = join(dir.path, 'cache', FETCHED_LIST_FILE);
    // Damaged past the head, in the offsets of the titles' column: found only when the columns are read.
    const bytes = readFileSync(path);
    const newline = bytes.indexOf(0x0a);
    const lengths = bytes.subarray(0, newline).toString('latin1').split(' ').slice(5).map(Number);
    const titles = newline + 1 + (lengths[0] ?? 0) + (lengths[1] ?? 0);
    expect(bytes.subarray(titles, titles + lengths[2]!).toString('latin1')).toContain('Story 3Story');
    bytes.fill(0xff, titles + 8, titles + 12);
    writeFileSync(path, bytes);
    expect(taken(lib, 'columns').rows).toEqual(wantColumns);
    expect(taken(lib, 'bytes').rows).toEqual(wantColumns);
    expect(taken(lib, 'rows').rows).toEqual(want);
    // And in the head, where a row has a field too many.
    const text = readFileSync(path, 'latin1');
    expect(text).toContain('\n["story-249",');
    writeFileSync(path, text.replace('\n["story-249",', '\n["story-249",0,'));
    expect(taken(lib, 'rows').rows).toEqual(want);
  });
});

describe('the fetched slugs, looked up by halves', () => {
  it('finds exactly the slugs there', () => {
    fc.assert(
      fc.property(fc.uniqueArray(slugArb, { maxLength: 80 }), fc.array(slugArb, { maxLength: 20 }), (slugs, others) => {
        const sorted = [...slugs].sort();
        const column = byteColumnOf(sorted);
        for (const slug of [...slugs, ...others, '', 'zzzzzzzz']) expect(positionInSorted(column, slug)).toBe(sorted.indexOf(slug));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds many values in one walk as one search for each would, sorted or not, ASCII or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(slugArb, { maxLength: 300 }), fc.array(fc.oneof(slugArb, fc.constantFrom('', 'zzzzzzzz', 'caf\u00e9', '\u{1F600}')), { maxLength: 60 }), fc.boolean(), (slugs, others, sortAsked) => {
        const column = byteColumnOf([...slugs].sort());
        const asked = [...slugs.filter((_, index) => index % 3 === 0), ...others];
        if (sortAsked) asked.sort();
        expect([...positionsInSorted(column, asked)]).toEqual(asked.map((slug) => positionInSorted(column, slug)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('unread marks looked up in their file', () => {
  it('answers as the parsed marks do, for marks there and not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(slugArb, { maxLength: 60 }), fc.array(slugArb, { maxLength: 20 }), (slugs, others) => {
        const text = serializeUnread(new Set(slugs));
        for (const slug of [...slugs, ...others]) expect(inSortedLines(text, slug)).toBe(slugs.includes(slug));
      }),
      { numRuns: 500 },
    );
  });

  it('answers as the parsed marks do past the lookups that search the text, for any marks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(slugArb, { maxLength: 400 }), fc.array(slugArb, { maxLength: 40 }), (slugs, others) => {
        writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set(slugs)));
        const warnings: string[] = [];
        const lookup = new UnreadMarks(dir.path, (message) => warnings.push(message)).lookupForDisplay();
        // Three hundred questions and more: the first are searched for, the rest looked up in the marks.
        for (let round = 0; round < 300 / Math.max(1, slugs.length + others.length) + 1; round++) {
          for (const slug of [...slugs, ...others]) expect(lookup.has(slug)).toBe(slugs.includes(slug));
        }
        expect(warnings).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('halves the file news last wrote, a page at a time, and answers as the marks do', async () => {
    const cache = join(dir.path, 'cache');
    // Slugs long enough that a few hundred marks span many pages, and lines cross their edges.
    const longSlugArb = fc.tuple(slugArb, fc.nat(60)).map(([slug, pad]) => (pad === 0 ? slug : `${slug}-${'x'.repeat(pad)}`.slice(0, 100)));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(longSlugArb, { maxLength: 400 }), fc.array(longSlugArb, { maxLength: 40 }), async (slugs, others) => {
        writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set()));
        const marks = new UnreadMarks(dir.path, () => {}, cache);
        await marks.add(slugs);
        // Twice: the second time, what the first found is in the note.
        for (let time = 0; time < 2; time++) {
          const lookup = marks.lookupForDisplay();
          try {
            for (let round = 0; round < 300 / Math.max(1, slugs.length + others.length) + 1; round++) {
              for (const slug of [...slugs, ...others]) expect(lookup.has(slug)).toBe(slugs.includes(slug));
            }
          } finally {
            lookup.close();
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('trusts the halving only for the file it wrote: one changed since is searched whole', async () => {
    const cache = join(dir.path, 'cache');
    const marks = new UnreadMarks(dir.path, () => {}, cache);
    await marks.add(['story-1', 'story-3', 'story-5', 'story-7']);
    expect(readFileSync(join(cache, 'unread-written.txt'), 'utf8')).toMatch(/^\d+:\d+:\d+:\d+:\d+\n$/);
    // Reordered by hand in news's layout, the same size: halving alone would miss story-1.
    writeFileSync(join(dir.path, 'unread.json'), `${JSON.stringify({ version: 1, unread: ['story-7', 'story-5', 'story-3', 'story-1'] }, null, 2)}\n`);
    const lookup = marks.lookupForDisplay();
    expect(['story-1', 'story-3', 'story-5', 'story-7', 'story-2'].map((slug) => lookup.has(slug))).toEqual([true, true, true, true, false]);
    lookup.close();
    // Noted as if news had written it, the same file is trusted, and halving it misses what it put out of order.
    const stats = statSync(join(dir.path, 'unread.json'), { bigint: true });
    writeFileSync(join(cache, 'unread-written.txt'), `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}\n`);
    const trusted = marks.lookupForDisplay();
    expect(['story-1', 'story-3', 'story-5', 'story-7'].filter((slug) => trusted.has(slug)).length).toBeLessThan(4);
    trusted.close();
    writeFileSync(join(cache, 'unread-written.txt'), '');
    // Reading an article clears its mark either way, and the file written then is trusted again.
    await marks.markRead('story-1');
    expect([...marks.read()]).toEqual(['story-3', 'story-5', 'story-7']);
    await marks.markRead('story-2');
    await marks.markRead('story-7');
    const after = marks.lookupForDisplay();
    expect(['story-1', 'story-3', 'story-5', 'story-7'].map((slug) => after.has(slug))).toEqual([false, true, true, false]);
    after.close();
    const written = statSync(join(dir.path, 'unread.json'), { bigint: true });
    // The file's stamp, then what the lookups found in it.
    expect(readFileSync(join(cache, 'unread-written.txt'), 'utf8')).toBe(`${written.dev}:${written.ino}:${written.size}:${written.mtimeNs}:${written.ctimeNs}\nstory-1 0\nstory-3 1\nstory-5 1\nstory-7 0\n`);
  });

  it('answers from the note what a lookup found before in the same file, and nothing from a note of another', async () => {
    const cache = join(dir.path, 'cache');
    const marks = new UnreadMarks(dir.path, () => {}, cache);
    await marks.add(['story-1', 'story-3']);
    const stamp = readFileSync(join(cache, 'unread-written.txt'), 'utf8');
    // A note that says otherwise than the file, for the file as it is: the note is what is asked.
    writeFileSync(join(cache, 'unread-written.txt'), `${stamp}story-1 0\nstory-2 1\n`);
    const noted = marks.lookupForDisplay();
    expect(['story-1', 'story-2', 'story-3'].map((slug) => noted.has(slug))).toEqual([false, true, true]);
    noted.close();
    // What was found in the file is added to the note.
    expect(readFileSync(join(cache, 'unread-written.txt'), 'utf8')).toBe(`${stamp}story-1 0\nstory-2 1\nstory-3 1\n`);
    // Not a note news wrote (a line that is not a slug and 0 or 1): its answers are not taken.
    writeFileSync(join(cache, 'unread-written.txt'), `${stamp}story-1 0\nstory 2 1\n`);
    const odd = marks.lookupForDisplay();
    expect(['story-1', 'story-2', 'story-3'].map((slug) => odd.has(slug))).toEqual([true, false, true]);
    odd.close();
    // Once the marks change, the answers noted for the file before are not asked.
    writeFileSync(join(cache, 'unread-written.txt'), `${stamp}story-1 0\nstory-2 1\n`);
    await marks.add(['story-4']);
    const after = marks.lookupForDisplay();
    expect(['story-1', 'story-2', 'story-4'].map((slug) => after.has(slug))).toEqual([true, false, true]);
    after.close();
    // Reading an article takes the note's answer too: noted as read, it is not looked for.
    const again = readFileSync(join(cache, 'unread-written.txt'), 'utf8');
    expect(again.split('\n').slice(1)).toEqual(['story-1 1', 'story-2 0', 'story-4 1', '']);
    await marks.markRead('story-1');
    expect([...marks.read()]).toEqual(['story-3', 'story-4']);
    // An article read that was not unread is noted so, for reading it again.
    const stampNow = readFileSync(join(cache, 'unread-written.txt'), 'utf8');
    await marks.markRead('story-9');
    expect(readFileSync(join(cache, 'unread-written.txt'), 'utf8')).toBe(`${stampNow}story-9 0\n`);
    expect([...marks.read()]).toEqual(['story-3', 'story-4']);
  });

  it('forgets a few marks by cutting their lines from the file it wrote, as writing the rest whole would', async () => {
    const cache = join(dir.path, 'cache');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(slugArb, { maxLength: 200 }), fc.array(fc.nat(250), { maxLength: 20 }), fc.array(slugArb, { maxLength: 3 }), fc.boolean(), async (marked, picks, others, byNews) => {
        rmSync(cache, { recursive: true, force: true });
        writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set()));
        const marks = new UnreadMarks(dir.path, () => {}, cache);
        await marks.add(marked);
        // Written otherwise in the same layout: not trusted to be sorted, read whole.
        if (!byNews) writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set(marked)));
        const forgotten = [...picks.flatMap((pick) => (pick < marked.length ? [marked[pick] as string] : [])), ...others];
        await marks.forget(forgotten);
        const left = new Set(marked.filter((slug) => !forgotten.includes(slug)));
        expect(readFileSync(join(dir.path, 'unread.json'), 'utf8')).toBe(serializeUnread(left));
        // And it is noted as the file news wrote, for the next lookups.
        const lookup = marks.lookupForDisplay();
        for (const slug of [...marked, ...others]) expect(lookup.has(slug)).toBe(left.has(slug));
        lookup.close();
      }),
      { numRuns: 150 },
    );
  });

  it('forgets from a file noted as its own but out of order as from any other: whole', async () => {
    const cache = join(dir.path, 'cache');
    const marks = new UnreadMarks(dir.path, () => {}, cache);
    await marks.add(['story-1', 'story-3', 'story-5', 'story-7', 'story-9']);
    for (const forgotten of ['story-3', 'story-5', 'story-7']) {
      // Reordered by hand in news's layout, and noted as if news had written it.
      writeFileSync(join(dir.path, 'unread.json'), `${JSON.stringify({ version: 1, unread: ['story-9', 'story-7', 'story-5', 'story-3', 'story-1'] }, null, 2)}\n`);
      const stats = statSync(join(dir.path, 'unread.json'), { bigint: true });
      writeFileSync(join(cache, 'unread-written.txt'), `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}\n`);
      await marks.forget([forgotten]);
      expect(readFileSync(join(dir.path, 'unread.json'), 'utf8')).toBe(serializeUnread(new Set(['story-1', 'story-3', 'story-5', 'story-7', 'story-9'].filter((slug) => slug !== forgotten))));
    }
  });

  it('answers from the text when the file it trusted is cut short under it', async () => {
    const cache = join(dir.path, 'cache');
    const warnings: string[] = [];
    const marks = new UnreadMarks(dir.path, (message) => warnings.push(message), cache);
    await marks.add(Array.from({ length: 2000 }, (_, n) => `story-${n}-of-a-feed-with-a-long-name`));
    const lookup = marks.lookupForDisplay();
    // Emptied in place after it was opened: its pages now read short.
    truncateSync(join(dir.path, 'unread.json'), 0);
    expect(lookup.has('story-1500-of-a-feed-with-a-long-name')).toBe(false);
    lookup.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('unread.json');
    // A file written since by something else is not the one noted: read as text, marks are cleared from it as before.
    writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set(['story-1', 'story-2'])));
    await marks.markRead('story-9');
    await marks.markRead('story-1');
    expect([...marks.read()]).toEqual(['story-2']);
  });

  it('finds among sorted slugs the marks there are, by walking the file or by halving it, as the marks say', async () => {
    const cache = join(dir.path, 'cache');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(slugArb, { maxLength: 300 }), fc.uniqueArray(slugArb, { maxLength: 300 }), fc.boolean(), async (marked, asked, byNews) => {
        rmSync(join(dir.path, 'unread.json'), { force: true });
        rmSync(cache, { recursive: true, force: true });
        const marks = new UnreadMarks(dir.path, () => {}, cache);
        // Written by news (noted, so halving is trusted) or by something else in its layout.
        if (byNews) await marks.add(marked);
        else writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set(marked)));
        const sorted = [...asked].sort();
        expect(Array.from(marks.marksAmong(byteColumnOf(sorted)) ?? [])).toEqual(sorted.map((slug) => Number(marked.includes(slug))));
      }),
      { numRuns: 150 },
    );
  });

  it('finds no marks among slugs without a file, and leaves a file out of order or not in its layout to the lookups', () => {
    const marks = new UnreadMarks(dir.path, () => {});
    expect(Array.from(marks.marksAmong(byteColumnOf(['a', 'b'])) ?? [9])).toEqual([0, 0]);
    writeFileSync(join(dir.path, 'unread.json'), `${JSON.stringify({ version: 1, unread: ['story-7', 'story-1'] }, null, 2)}\n`);
    expect(marks.marksAmong(byteColumnOf(['story-1', 'story-7']))).toBeUndefined();
    writeFileSync(join(dir.path, 'unread.json'), '{"version":1,"unread":["a","b"]}');
    expect(marks.marksAmong(byteColumnOf(['a', 'b']))).toBeUndefined();
    for (const bad of ['-a', 'a--b', 'a-', 'A', '']) {
      writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set([bad])));
      expect(marks.marksAmong(byteColumnOf(['a'])), bad).toBeUndefined();
    }
    // A comma after the last mark: not JSON.
    writeFileSync(join(dir.path, 'unread.json'), serializeUnread(new Set(['a', 'b'])).replace('"b"', '"b",'));
    expect(marks.marksAmong(byteColumnOf(['a', 'b']))).toBeUndefined();
  });

  it('keeps the unread rows of a list while the marks and the list are what they were', async () => {
    const cache = join(dir.path, 'cache');
    const marks = new UnreadMarks(dir.path, () => {}, cache);
    await marks.add(['story-1', 'story-3']);
    // Rows 0 to 2 are story-3, story-2 and story-1, newest first; sorted, story-1 is the row 2.
    const slugs = byteColumnOf(['story-1', 'story-2', 'story-3']);
    const rows = Uint32Array.of(2, 1, 0);
    expect(Array.from(marks.unreadRows(slugs, rows, 'test') ?? [])).toEqual([1, 0, 1]);
    const saved = join(cache, 'unread-test.bin');
    const written = statSync(saved).mtimeMs;
    expect(Array.from(marks.unreadRows(slugs, rows, 'test') ?? [])).toEqual([1, 0, 1]);
    expect(statSync(saved).mtimeMs).toBe(written);
    // Another list, or marks changed: found again.
    expect(Array.from(marks.unreadRows(slugs, Uint32Array.of(0, 1, 2), 'test') ?? [])).toEqual([1, 0, 1].reverse());
    await marks.markRead('story-3');
    expect(Array.from(marks.unreadRows(slugs, rows, 'test') ?? [])).toEqual([0, 0, 1]);
    // A damaged cache is found again too.
    writeFileSync(saved, readFileSync(saved).subarray(0, 20));
    expect(Array.from(marks.unreadRows(slugs, rows, 'test') ?? [])).toEqual([0, 0, 1]);
  });

  it('finds every mark in a file in news\'s layout but out of order, as jq leaves it', () => {
    const slugs = ['story-7', 'story-1', 'story-5', 'story-3'];
    writeFileSync(join(dir.path, 'unread.json'), `${JSON.stringify({ version: 1, unread: slugs }, null, 2)}\n`);
    const lookup = new UnreadMarks(dir.path, () => {}).lookupForDisplay();
    for (const slug of slugs) expect(lookup.has(slug)).toBe(true);
    expect(lookup.has('story-2')).toBe(false);
  });

  it('parses a file news did not write, and reads a damaged one as none, warning once', () => {
    const warnings: string[] = [];
    const marks = new UnreadMarks(dir.path, (message) => warnings.push(message));
    writeFileSync(join(dir.path, 'unread.json'), '{"version":1,"unread":["b","a"]}');
    const lookup = marks.lookupForDisplay();
    expect([lookup.has('a'), lookup.has('b'), lookup.has('c')]).toEqual([true, true, false]);
    writeFileSync(join(dir.path, 'unread.json'), '{"version":1,"unread":["b"');
    const broken = marks.lookupForDisplay();
    expect([broken.has('b'), broken.has('c')]).toEqual([false, false]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('unread.json');
  });
});
