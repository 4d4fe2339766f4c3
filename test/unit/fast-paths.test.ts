// The shortcuts taken for start-up speed must give exactly what the slow, general code gives.
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseSimpleFrontMatter } from '../../src/articles/front-matter.js';
import { ArticleLibrary } from '../../src/articles/library.js';
import { OWN_INDEX_FILE } from '../../src/articles/own-index.js';
import { isPlainMarkdown, renderPlainMarkdown } from '../../src/render/blocks.js';
import { renderWithMarked } from '../../src/render/markdown.js';
import { columns, columnsOfEach, truncate, truncateSingleColumn, wrapAnyText, wrapSingleColumnText } from '../../src/render/text.js';
import type { ColorLevel } from '../../src/io.js';
import { BUNDLED_ARTICLES, tempDir, STYLES } from '../helpers.js';

describe('columns() counts as string-width does', () => {
  it('on the cases that take the quick path and those next to them', () => {
    const cases = ['\u{16D67}\u{16D63}', '가\u{16D63}', '│ a quote', '─═→←αβγ Привет', 'ｶﾞ', 'ൎക', '\u{113D1}क', 'aำ', '\u1100\u1161', '©', '✈', '👍 like', '❤️ love', '❤ love', '漢字のテスト', '👍🏽', '🇺🇦', '👩‍👩‍👧', 'e\u0301', '1️⃣', '☺', '☺️', 'ｱｲｳ', '가나다', '〪', 'カ\u3099', '🌡️', '“curly” — dash…'];
    for (const text of cases) expect(columns(text), JSON.stringify(text)).toBe(stringWidth(text));
  });

  it('for every character, alone and before or after the characters that join others', () => {
    const mismatches: string[] = [];
    // Every character where widths are interesting (Latin to CJK, symbols, emoji), and a
    // sample of the rest; the whole range takes over a minute (checked once: no mismatch).
    for (let codePoint = 0; codePoint < 0x110000; codePoint += codePoint < 0x3400 || (codePoint >= 0x1f000 && codePoint < 0x1fb00) ? 1 : 97) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const character = String.fromCodePoint(codePoint);
      for (const text of [character, `a${character}`, `${character}a`, `${character}${character}`, `가${character}`, `${character}\u0915`, `${character}\uFE0F`, `${character}\u0301`, `${character}\u{1F3FD}`]) {
        if (columns(text) !== stringWidth(text)) mismatches.push(JSON.stringify(text));
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        expect(columns(text)).toBe(stringWidth(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('measuring a whole list at once', () => {
  const oneColumn = fc.string({ unit: fc.constantFrom(...'aZ9 .’“—…é\u00A0\u02FF\u20AC'.split('')), maxLength: 30 });
  const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('\u001B[1mbold\u001B[22m', 'e\u0301', '👍', 'Ͱ'));

  it('gives each text its columns(), and cuts as truncate() does when it says all are one column', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: oneColumn, weight: 4 }, anyText), { maxLength: 8 }), fc.integer({ min: 0, max: 32 }), (texts, width) => {
        const { widths, singleColumn } = columnsOfEach(texts);
        expect(widths).toEqual(texts.map(columns));
        if (singleColumn) {
          for (const text of texts.filter((candidate) => candidate.length > width)) expect(truncateSingleColumn(text, width)).toBe(truncate(text, width));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the quick path for a list of one-column text', () => {
    fc.assert(
      fc.property(fc.array(oneColumn, { maxLength: 8 }), (texts) => {
        expect(columnsOfEach(texts).singleColumn).toBe(true);
      }),
    );
    expect(columnsOfEach(['plain', '👍']).singleColumn).toBe(false);
    expect(columnsOfEach(['plain', '\u001B[1mbold\u001B[22m'])).toEqual({ widths: [5, 4], singleColumn: false });
  });
});

describe('the simple front matter reader agrees with YAML', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9 .,'’“”&()\-:#!?]{1,20}$/);
  const value = fc.oneof(
    word,
    word.map((text) => `"${text.replace(/["\\]/g, '')}"`),
    word.map((text) => `'${text.replace(/'/g, "''")}'`),
    fc.array(word.filter((text) => !/[,[\]]/.test(text)), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc.constantFrom('', '1984', '2025-11-27', 'true', 'null', '~', '-1.5', 'yes'),
    // Values near the quick checks' edges: numbers, short words, indicators, comments.
    fc.constantFrom('+1', '.5', '0x1F', '0o17', '1e3', '.inf', '-.nan', 'No', 'ON', 'Off', '<', '=', 'nulls', 'truely', 'y', 'Y', '12:30', 'a #b', 'c: d', '.hidden', '+plus', '%x', '@x', '`x', 'x:'),
  );
  const keyLine = fc.tuple(fc.constantFrom('title', 'dek', 'date', 'author', 'tags', 'prompt'), value).map(([key, text]) => `${key}: ${text}`.trimEnd());
  const line = fc.oneof({ arbitrary: keyLine, weight: 8 }, fc.constantFrom('', '  ', '# a comment', '  # indented', '#\rtitle: x', '# a\u2028b: c', '- ', '- item', '  - ', '  - 1984'));

  it('whenever it reads a text, it reads what YAML reads', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (lines, newline) => {
        const text = lines.join(newline);
        const simple = parseSimpleFrontMatter(text);
        if (simple === undefined) return; // left to the full parser
        read++;
        expect(simple).toEqual(parseYaml(text));
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(300); // the comparison really happened, often
  });

  it('reads the bundled article without the full parser', () => {
    const text = readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'), 'utf8').split('---')[1] ?? '';
    expect(parseSimpleFrontMatter(text)).toEqual(parseYaml(text));
  });

  it('leaves a list whose items shift their indentation to YAML, which refuses it', () => {
    // Found by the property test above on a random seed.
    expect(parseSimpleFrontMatter('title:\n  - \n- ')).toBeUndefined();
    expect(parseSimpleFrontMatter('tags:\n  - a\n- b')).toBeUndefined();
    expect(() => parseYaml('tags:\n  - a\n- b')).toThrow();
    expect(parseSimpleFrontMatter('tags:\n  - a\n  - b\ntitle: x')).toEqual({ tags: ['a', 'b'], title: 'x' });
  });

  it('reads block lists and comments', () => {
    const text = '# a comment\ntitle: A\ntags:\n  - one\n  - "two"\nempty:\n';
    expect(parseSimpleFrontMatter(text)).toEqual(parseYaml(text));
  });
});

describe('the article index', () => {
  let dir: ReturnType<typeof tempDir>;
  let library: ArticleLibrary;
  const userDir = (): string => join(dir.path, 'articles');
  const indexPath = (): string => join(dir.path, 'cache', OWN_INDEX_FILE);
  const write = (slug: string, title: string, body = 'Some words here.'): void => writeFileSync(join(userDir(), `${slug}.md`), `---\ntitle: ${title}\n---\n\n${body}\n`);
  // A fresh library each time, as each run of news is.
  const titles = async (): Promise<Record<string, string>> => {
    library = new ArticleLibrary(BUNDLED_ARTICLES, userDir(), join(dir.path, 'cache'));
    const { results } = await library.summaries();
    return Object.fromEntries(results.map((result) => [result.entry.slug, 'summary' in result ? result.summary.title : `broken: ${result.problem}`]));
  };

  beforeEach(() => {
    dir = tempDir();
    mkdirSync(userDir());
  });
  afterEach(() => dir.cleanup());

  it('is written on first use and gives the same summaries as reading every file', async () => {
    write('one', 'First');
    write('two', 'Second');
    const first = await titles();
    expect(readFileSync(indexPath(), 'latin1')).toContain('First');
    const written = statSync(indexPath()).mtimeMs;
    const second = await titles();
    expect(second).toEqual(first);
    expect(statSync(indexPath()).mtimeMs).toBe(written); // used as it was, not made again
    expect(second).toEqual({ one: 'First', two: 'Second', 'witkoff-leak': 'Trump defends Witkoff after leak appears to show envoy coaching Russia' });
  });

  it('notices an article edited in place, even at the same size', async () => {
    write('one', 'First');
    await titles();
    write('one', 'Fixed'); // same length as "First"
    const path = join(userDir(), 'one.md');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect((await titles()).one).toBe('Fixed');
  });

  it('notices articles added, removed and broken', async () => {
    write('one', 'First');
    write('three', 'Third');
    await titles();
    write('two', 'Second');
    rmSync(join(userDir(), 'three.md'));
    writeFileSync(join(userDir(), 'one.md'), 'no front matter at all, and longer than before');
    const now = await titles();
    expect(now.two).toBe('Second');
    expect(now.one).toMatch(/^broken: .*no front matter/);
    expect(now.three).toBeUndefined();
  });

  it('is not trusted when another version of the parser wrote it', async () => {
    write('one', 'First');
    await titles();
    const bytes = readFileSync(indexPath(), 'latin1');
    const version = /^news-own-index 5\.(\d+)/.exec(bytes);
    expect(version).not.toBeNull();
    writeFileSync(indexPath(), bytes.replace(`5.${version?.[1]}`, `5.${Number(version?.[1]) - 1}`).replaceAll('First', 'Stale'), 'latin1');
    expect((await titles()).one).toBe('First');
  });

  it('reads the articles themselves when its summaries are damaged past its check, and is made again next', async () => {
    write('one', 'First');
    await titles();
    // Damaged in place, the same length: its first line and its sizes still agree.
    const bytes = readFileSync(indexPath(), 'latin1');
    expect(bytes).toContain('{"title":[');
    writeFileSync(indexPath(), bytes.replace('{"title":[', '{"title"#['), 'latin1');
    expect((await titles()).one).toBe('First');
  });

  it('says at every run that a folder cannot be read, and stops saying it once it can', () => {
    const warningsOf = (): string[] => {
      const ordered = new ArticleLibrary(BUNDLED_ARTICLES, userDir(), join(dir.path, 'cache')).newestFirst();
      ordered.close();
      return ordered.warnings;
    };
    rmSync(userDir(), { recursive: true });
    expect(warningsOf()).toEqual([]);
    writeFileSync(userDir(), 'a file where the folder should be');
    for (let run = 0; run < 2; run++) expect(warningsOf().join('\n')).toContain('cannot read the article folder');
    rmSync(userDir());
    expect(warningsOf()).toEqual([]);
  });

  it('sorts the articles as the time zone reads their dates, made again in another zone', () => {
    const zone = process.env.TZ;
    const newest = (): string[] => {
      const ordered = new ArticleLibrary(BUNDLED_ARTICLES, userDir(), join(dir.path, 'cache')).newestFirst();
      const slugs = [...ordered.rows].map(({ entry }) => entry.slug);
      ordered.close();
      return slugs;
    };
    // Noon with no zone, and 14:00 in UTC: which is newer depends on where noon is.
    writeFileSync(join(userDir(), 'local.md'), '---\ntitle: Local noon\ndate: 2026-12-01T12:00:00\n---\n\nText.\n');
    writeFileSync(join(userDir(), 'utc.md'), '---\ntitle: UTC two\ndate: 2026-12-01T14:00:00Z\n---\n\nText.\n');
    try {
      process.env.TZ = 'UTC';
      expect(newest().slice(0, 2)).toEqual(['utc', 'local']);
      process.env.TZ = 'America/New_York';
      expect(newest().slice(0, 2)).toEqual(['local', 'utc']);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('is made again when it cannot be read, never trusted', async () => {
    write('one', 'First');
    await titles();
    for (const damaged of ['{"version": 2, "path": ["oops"', readFileSync(indexPath(), 'latin1').slice(0, -7)]) {
      writeFileSync(indexPath(), damaged, 'latin1');
      expect((await titles()).one).toBe('First');
      expect(readFileSync(indexPath(), 'latin1')).toMatch(/^news-own-index 5\./);
    }
  });
});

describe('plain paragraphs render the same without marked', () => {
  const plainWord = fc.stringMatching(/^[A-Za-z0-9’'“”"().,;:?!%$€—–-]{1,12}$/);
  const paragraph = fc.array(plainWord, { minLength: 1, maxLength: 40 }).chain((words) =>
    fc.array(fc.constantFrom(' ', ' ', ' ', '\n'), { minLength: words.length, maxLength: words.length }).map((gaps) => words.map((word, index) => word + (gaps[index] ?? ' ')).join('').trim()),
  );
  const markdown = fc.array(paragraph, { minLength: 1, maxLength: 5 }).map((paragraphs) => paragraphs.join('\n\n'));

  it('for any plain paragraphs, at any width and colour', () => {
    let plainCount = 0;
    fc.assert(
      fc.property(markdown, fc.integer({ min: 20, max: 120 }), fc.constantFrom<ColorLevel>(0, 3), (text, width, level) => {
        if (!isPlainMarkdown(text)) return;
        plainCount++;
        expect(renderPlainMarkdown(text, width)).toEqual(renderWithMarked(text, width, STYLES[level]));
      }),
      { numRuns: 1000 },
    );
    expect(plainCount).toBeGreaterThan(200);
  });

  it('for any text that passes as plain, character by character', () => {
    const character = fc.constantFrom(...'abcXYZ019 ’\'“”"().,;:?!%$€—–-=+#\n\n\n\t'.split(''));
    fc.assert(
      fc.property(fc.array(character, { maxLength: 80 }).map((characters) => characters.join('')), fc.integer({ min: 20, max: 60 }), (text, width) => {
        if (!isPlainMarkdown(text) || text.trim() === '') return;
        expect(renderPlainMarkdown(text, width)).toEqual(renderWithMarked(text, width, STYLES[0]));
      }),
      { numRuns: 3000 },
    );
  });

  it('for the bundled article', () => {
    const article = readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'), 'utf8').split(/^---$/m)[2] ?? '';
    for (const section of article.split(/^## .*$/m)) {
      expect(isPlainMarkdown(section)).toBe(true);
      expect(renderPlainMarkdown(section, 80)).toEqual(renderWithMarked(section, 80, STYLES[0]));
    }
  });

  it('sends anything with Markdown syntax to marked', () => {
    for (const text of ['*em*', 'a _b_', '[l](x)', '<b>', 'a &amp; b', '`c`', '~~s~~', 'a | b', '- item', '1. item', '> quote', '# h', 'line  \nbreak', '    code', 'see https://x.org', 'www.x.org', 'me@x.org', 'Title\n===', 'a\n---', 'a\\b', 'a\n:-\nb', 'x\n-:|:-']) {
      expect(isPlainMarkdown(text), text).toBe(false);
    }
  });
});

describe('wrapping text whose every character is one column', () => {
  it('gives what the general wrapper gives', () => {
    // Every kind of character the quick wrapper takes: ASCII, Latin-1 (no-break space too),
    // Latin Extended and modifier letters, general punctuation, per mille to currency, and box drawing.
    const word = fc.stringMatching(/^[a-zA-Z0-9.,;:'’“”—–…\-éß\u00A0\u00AE-\u00FF\u0100-\u02FF\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u2500-\u257F]{0,25}$/);
    const text = fc.array(fc.oneof(word, fc.constant(''), fc.constant(' ')), { maxLength: 40 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 90 }), (line, width) => {
        expect(wrapSingleColumnText(line, width)).toEqual(wrapAnyText(line, width));
      }),
      { numRuns: 3000 },
    );
  });
});
