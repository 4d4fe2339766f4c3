// The shortcuts taken for start-up speed must give exactly what the slow, general code gives.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseSimpleFrontMatter } from '../../src/articles/front-matter.js';
import { ArticleLibrary } from '../../src/articles/library.js';
import { columns } from '../../src/render/text.js';
import { BUNDLED_ARTICLES, tempDir } from '../helpers.js';

describe('columns() counts as string-width does', () => {
  it('on the cases that take the quick path and those next to them', () => {
    const cases = ['👍 like', '❤️ love', '❤ love', '漢字のテスト', '👍🏽', '🇺🇦', '👩‍👩‍👧', 'e\u0301', '1️⃣', '☺', '☺️', 'ｱｲｳ', '가나다', '〪', 'カ\u3099', '🌡️', '“curly” — dash…'];
    for (const text of cases) expect(columns(text), JSON.stringify(text)).toBe(stringWidth(text));
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

describe('the simple front matter reader agrees with YAML', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9 .,'’“”&()\-:#!?]{1,20}$/);
  const value = fc.oneof(
    word,
    word.map((text) => `"${text.replace(/["\\]/g, '')}"`),
    word.map((text) => `'${text.replace(/'/g, "''")}'`),
    fc.array(word.filter((text) => !/[,[\]]/.test(text)), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc.constantFrom('', '1984', '2025-11-27', 'true', 'null', '~', '-1.5', 'yes'),
  );
  const line = fc.tuple(fc.constantFrom('title', 'dek', 'date', 'author', 'tags', 'prompt'), value).map(([key, text]) => `${key}: ${text}`.trimEnd());

  it('whenever it reads a text, it reads what YAML reads', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.join('\n');
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

  it('reads block lists and comments', () => {
    const text = '# a comment\ntitle: A\ntags:\n  - one\n  - "two"\nempty:\n';
    expect(parseSimpleFrontMatter(text)).toEqual(parseYaml(text));
  });
});

describe('the article index', () => {
  let dir: ReturnType<typeof tempDir>;
  let library: ArticleLibrary;
  const userDir = (): string => join(dir.path, 'articles');
  const indexPath = (): string => join(dir.path, 'cache', 'index.json');
  const write = (slug: string, title: string, body = 'Some words here.'): void => writeFileSync(join(userDir(), `${slug}.md`), `---\ntitle: ${title}\n---\n\n${body}\n`);
  const titles = async (): Promise<Record<string, string>> => {
    const { results } = await library.summaries();
    return Object.fromEntries(results.map((result) => [result.entry.slug, 'summary' in result ? result.summary.title : `broken: ${result.problem}`]));
  };

  beforeEach(() => {
    dir = tempDir();
    mkdirSync(userDir());
    library = new ArticleLibrary(BUNDLED_ARTICLES, userDir(), indexPath());
  });
  afterEach(() => dir.cleanup());

  it('is written on first use and gives the same summaries as reading every file', async () => {
    write('one', 'First');
    write('two', 'Second');
    const first = await titles();
    expect(readFileSync(indexPath(), 'utf8')).toContain('First');
    const second = await titles();
    expect(second).toEqual(first);
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
    await titles();
    write('two', 'Second');
    writeFileSync(join(userDir(), 'one.md'), 'no front matter at all, and longer than before');
    const now = await titles();
    expect(now.two).toBe('Second');
    expect(now.one).toMatch(/^broken: .*no front matter/);
  });

  it('is rebuilt when it cannot be read, never trusted', async () => {
    write('one', 'First');
    await titles();
    writeFileSync(indexPath(), '{"version": 2, "path": ["oops"');
    expect((await titles()).one).toBe('First');
    expect(() => JSON.parse(readFileSync(indexPath(), 'utf8')) as unknown).not.toThrow();
  });
});
