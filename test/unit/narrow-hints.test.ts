import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/parse.js';
import { renderArticle } from '../../src/render/article.js';
import { renderMarkdown, stylesFor } from '../../src/render/markdown.js';
import { columns, stripStyling } from '../../src/render/text.js';
import { BUNDLED_ARTICLES, tempDir, testContext } from '../helpers.js';

const WITKOFF = parseArticle(readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'), 'utf8'), 'witkoff-leak');
const lines = (text: string): string[] => stripStyling(text).replace(/\n$/, '').split('\n');

describe('the "Section N of M" line under one section', () => {
  const section = (width: number, level: 0 | 3 = 0) => renderArticle(WITKOFF, { width, styles: stylesFor(level), markdown: renderMarkdown, section: 1 });

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
