import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/parse.js';
import { renderArticle } from '../../src/render/article.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { columns, stripStyling } from '../../src/render/text.js';
import { BUNDLED_ARTICLES, tempDir, testContext, STYLES } from '../helpers.js';

const WITKOFF = parseArticle(readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'), 'utf8'), 'witkoff-leak');
const lines = (text: string): string[] => stripStyling(text).replace(/\n$/, '').split('\n');

describe('the "Section N of M" line under one section', () => {
  const section = (width: number, level: 0 | 3 = 0) => renderArticle(WITKOFF, { width, styles: STYLES[level], markdown: renderMarkdown, section: 1 });

  it('stays one line when it fits', () => {
    expect(lines(section(80)).at(-1)).toBe('Section 2 of 5 · news sections witkoff-leak');
  });

  it('puts the command on its own line, whole, when the line is too narrow', () => {
    expect(lines(section(40)).slice(-2)).toEqual(['Section 2 of 5', 'news sections witkoff-leak']);
    expect(lines(section(40, 3)).slice(-2)).toEqual(['Section 2 of 5', 'news sections witkoff-leak']);
  });

  it('never overflows, and keeps the command usable, from 20 to 60 columns', () => {
    for (let width = 20; width <= 60; width++) {
      const out = lines(section(width));
      for (const line of out) expect(columns(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      const tail = out.slice(out.findIndex((line) => line.startsWith('Section 2 of 5'))).join(' ');
      expect(tail.replace(' · ', ' ')).toBe('Section 2 of 5 news sections witkoff-leak');
    }
  });
});

describe('the hint after news sections', () => {
  let home: ReturnType<typeof tempDir>;
  beforeEach(() => {
    home = tempDir();
  });
  afterEach(() => home.cleanup());

  it.each([20, 30, 40, 80])('is wrapped to the width, %i', async (width) => {
    const t = testContext({ home: home.path, io: { stdoutIsTTY: true, columns: width } });
    expect(await t.run('sections', 'witkoff-leak')).toBe(0);
    const hint = lines(t.io.stderr);
    for (const line of hint) expect(columns(line), line).toBeLessThanOrEqual(width);
    expect(hint.join(' ')).toBe('Read one: news read witkoff-leak --section <number>');
  });
});

describe('news sections on a narrow screen', () => {
  let home: ReturnType<typeof tempDir>;
  beforeEach(() => {
    home = tempDir();
  });
  afterEach(() => home.cleanup());
  const sections = async (width: number): Promise<string[]> => {
    const t = testContext({ home: home.path });
    expect(await t.run('sections', 'witkoff-leak', '--width', String(width))).toBe(0);
    return lines(t.io.stdout).slice(1);
  };

  it('gives up the word counts before the headings, then the times', async () => {
    expect((await sections(80))[0]).toMatch(/^1 {2}What happened, the leak and the fallout +165 words · 1 min$/);
    const at44 = await sections(44);
    expect(at44[0]).toMatch(/^1 {2}What happened, the leak and the f… +1 min$/);
    for (const line of at44) expect(columns(line)).toBeLessThanOrEqual(44);
    const at24 = await sections(24);
    expect(at24[0]).toBe('1  What happened, the l…');
  });
});

describe('lists on the narrowest screens', () => {
  let home: ReturnType<typeof tempDir>;
  beforeEach(() => {
    home = tempDir();
  });
  afterEach(() => home.cleanup());
  const run = async (...args: string[]): Promise<string[]> => {
    const t = testContext({ home: home.path });
    expect(await t.run(...args)).toBe(0);
    return lines(t.io.stdout);
  };

  it('news reactions drops the dates before a line passes the width', async () => {
    await run('react', '😡', 'witkoff-leak');
    for (let width = 20; width <= 60; width++) {
      const out = await run('reactions', '--width', String(width));
      for (const line of out) expect(columns(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      expect(out[0], String(width)).toMatch(width >= 32 ? /^😡 angry {2}Trump.* {2}\d{4}-\d{2}-\d{2}$/ : /^😡 angry {2}Trump[^\d]*$/);
    }
  });

  it('news sections of an article without sections, and a section of one word', async () => {
    mkdirSync(join(home.path, 'articles'), { recursive: true });
    writeFileSync(join(home.path, 'articles', 'no-sections.md'), '---\ntitle: Brief\n---\n\nJust a lede.\n');
    writeFileSync(join(home.path, 'articles', 'one-word.md'), '---\ntitle: Short\n---\n\n## Heading\n\nWord\n');
    for (let width = 20; width <= 30; width++) for (const line of await run('sections', 'no-sections', '--width', String(width))) expect(columns(line)).toBeLessThanOrEqual(width);
    expect((await run('sections', 'one-word'))[1]).toMatch(/ 1 word · 1 min$/);
  });
});
