import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArticleLibrary } from '../../src/articles/library.js';
import { summarize } from '../../src/articles/model.js';
import { parseArticle } from '../../src/articles/parse.js';
import { layoutList } from '../../src/commands/list.js';
import type { IO } from '../../src/io.js';
import { columns, stripStyling } from '../../src/render/text.js';
import { BUNDLED_ARTICLES, tempDir, runCommand } from '../helpers.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.cleanup());

const news = (args: string[], io?: Partial<Omit<IO, 'out' | 'err'>>): ReturnType<typeof runCommand> => runCommand(home.path, args, io);

function userArticle(slug: string, title: string): void {
  const dir = join(home.path, 'articles');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${slug}.md`), `---\ntitle: ${title}\n---\n\nText.\n`);
}

const LONG = 'harbour-council-votes-to-reopen-ferry';
const SLUGS = [LONG, 'my-notes', 'wide', 'witkoff-leak'];
const TITLES = ['Harbour council votes to reopen the old ferry terminal after twenty years', 'My notes', '中文标题 with wide characters in the title', 'Trump defends Witkoff'];

/** A library whose rows have tails of different lengths: reactions, "yours", wide titles. */
async function mixedLibrary(): Promise<void> {
  userArticle(LONG, TITLES[0] ?? '');
  userArticle('my-notes', 'My notes');
  userArticle('wide', TITLES[2] ?? '');
  expect((await news(['react', '😮', 'my-notes'])).code).toBe(0);
  expect((await news(['react', 'love', 'wide'])).code).toBe(0);
}

const rowsOf = (stdout: string): string[] => stripStyling(stdout).replace(/\n$/, '').split('\n');
const terminal = (columns: number) => ({ stdoutIsTTY: true, columns });

describe('news list --feed', () => {
  it('finds no feed named "" among articles from no feed, written from bytes or not', async () => {
    const library = new ArticleLibrary(BUNDLED_ARTICLES, join(home.path, 'articles'), join(home.path, 'cache'), home.path);
    const text = '---\ntitle: From the web\ndate: 2026-12-01T00:00:00Z\nurl: https://example.org/a\n---\n\nText.\n';
    await library.fetched?.store([{ slug: 'from-the-web', text, summary: summarize(parseArticle(text, 'from-the-web')) }]);
    expect((await news(['list'])).stdout).toContain('from-the-web');
    for (const colorLevel of [0, 3] as const) {
      const { code, stderr } = await news(['list', '--feed', ''], { colorLevel });
      expect(code).toBe(1);
      expect(stderr).toContain('no feed named ""');
    }
  });
});

describe('news list layout', () => {
  it.each([20, 30, 40, 60, 80, 100])('is, without colour, the list with colour unstyled, at width %i on a terminal and in a pipe', async (width) => {
    await mixedLibrary();
    for (const stdoutIsTTY of [true, false]) {
      // Without colour a long list is written from bytes (render/list-bytes.ts), or by layoutList from the same rows where a row takes more than a line.
      const plain = await news(['list', '--width', String(width)], { stdoutIsTTY, columns: width, colorLevel: 0 });
      const styled = await news(['list', '--width', String(width)], { stdoutIsTTY, columns: width, colorLevel: 3 });
      expect(styled.stdout).toContain('\u001B');
      expect(plain.stdout).toBe(stripStyling(styled.stdout));
      expect(plain.stdout).not.toContain('\u001B');
    }
  });

  it.each([20, 30, 40, 60, 80, 100])('never overflows width %i, on a terminal and in a pipe, cutting only a slug wider than it', async (width) => {
    await mixedLibrary();
    for (const io of [terminal(width), {}, { colorLevel: 0 as const }]) {
      const lines = rowsOf((await news(['list', '--width', String(width)], io)).stdout);
      for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(width);
      for (const line of lines) expect(line).toBe(line.trimEnd());
      for (const slug of SLUGS) {
        // Whole where it fits; else cut to the width, its beginning a name `news read` takes.
        const shown = slug.length <= width ? slug : `${slug.slice(0, width - 1)}…`;
        expect(lines.some((line) => line === shown || line.startsWith(`${shown} `)), `${shown} at ${width}`).toBe(true);
      }
    }
    // What is left of it opens it, typed or pasted with its ellipsis, even cut after a dash.
    for (const typed of [LONG.slice(0, 19), `${LONG.slice(0, 19)}\u2026`, `${LONG.slice(0, 16)}\u2026`]) {
      const read = await news(['read', typed, '--json']);
      expect((JSON.parse(read.stdout) as { slug: string }).slug, typed).toBe(LONG);
    }
  });

  it.each([40, 60, 80, 100])('shows the title of every article or of none, at width %i', async (width) => {
    await mixedLibrary();
    for (const io of [terminal(width), {}]) {
      const text = rowsOf((await news(['list', '--width', String(width)], io)).stdout).join('\n');
      const shown = TITLES.map((title) => text.includes(title.slice(0, 6)));
      expect(new Set(shown).size, `${width}: ${text}`).toBe(1);
    }
  });

  it('puts the slugs, titles and notes in columns when they fit', async () => {
    await mixedLibrary();
    const lines = rowsOf((await news(['list', '--width', '100'])).stdout);
    expect(lines).toHaveLength(4);
    lines.forEach((line, index) => expect(line.startsWith(`${SLUGS[index] ?? ''} `)).toBe(true));
    const titleAt = lines.map((line) => columns(line.slice(0, line.search(/ {2}\S/) + 2)));
    expect(new Set(titleAt).size).toBe(1);
    const tailAt = lines.map((line) => columns(line.slice(0, line.search(/\d+ min/))));
    expect(new Set(tailAt).size).toBe(1);
    expect(lines[0]).toMatch(/^harbour-council-votes-to-reopen-ferry {2}Harbour council votes to reopen the old f… {2}1 min · yours$/);
    expect(lines[1]).toMatch(/^my-notes {31}My notes {36}1 min · yours {2}😮$/);
  });

  it('on a narrow terminal, puts each title on an indented line under its slug', async () => {
    await mixedLibrary();
    const { stdout } = await news(['list'], terminal(40));
    expect(rowsOf(stdout)).toEqual([
      'harbour-council-votes-to-reopen-ferry',
      '  Harbour council vo…  1 min · yours',
      'my-notes',
      '  My notes             1 min · yours  😮',
      'wide',
      '  中文标题 with wide…  1 min · yours  ❤️',
      'witkoff-leak',
      '  Trump defends Witk…  3 min',
    ]);
  });

  it('in a pipe, keeps one line per article, slug first, dropping the notes, then the titles, when they do not fit', async () => {
    await mixedLibrary();
    const { stdout } = await news(['list', '--width', '60']);
    expect(rowsOf(stdout)).toEqual([
      'harbour-council-votes-to-reopen-ferry  Harbour council vote…',
      'my-notes                               My notes',
      'wide                                   中文标题 with wide c…',
      'witkoff-leak                           Trump defends Witkof…',
    ]);
    // The same from the bytes a long list is written from (no colour).
    expect((await news(['list', '--width', '60'], { colorLevel: 0 })).stdout).toBe(stdout);
    expect(rowsOf((await news(['list', '--width', '40'])).stdout)).toEqual(SLUGS);
  });

  it('keeps the bundled article on one line at 40 columns', async () => {
    const { stdout } = await news(['list'], terminal(40));
    expect(rowsOf(stdout)).toEqual(['witkoff-leak  Trump defends Witk…  3 min']);
  });
});

describe('layoutList', () => {
  const slug = fc.stringMatching(/^[a-z0-9]{1,12}(?:-[a-z0-9]{1,12}){0,4}$/);
  const row = fc.record({
    slug,
    title: fc.string({ unit: fc.constantFrom('a', 'b', ' ', '中', '😮', 'é'), minLength: 1, maxLength: 80 }),
    tail: fc.constantFrom('3 min', '12 min · yours', '1 min · yours  😮', '2 min · yours, over the bundled one  👍🏽'),
  });

  it('fits any width, keeps every slug first, whole or its beginning, and one line per article in a pipe', () => {
    fc.assert(
      fc.property(fc.uniqueArray(row, { minLength: 1, maxLength: 6, selector: (r) => r.slug }), fc.integer({ min: 20, max: 120 }), fc.boolean(), (rows, width, onTerminal) => {
        const lines = layoutList(rows, width, onTerminal);
        for (const line of lines) {
          expect(columns(line)).toBeLessThanOrEqual(width);
          expect(line).toBe(line.trimEnd());
        }
        const slugLines = lines.filter((line) => /^\S/.test(line));
        expect(slugLines.map((line) => line.split(' ')[0])).toEqual(rows.map(({ slug: s }) => (s.length <= width ? s : `${s.slice(0, width - 1)}…`)));
        if (!onTerminal) expect(lines).toHaveLength(rows.length);
      }),
    );
  });
});
