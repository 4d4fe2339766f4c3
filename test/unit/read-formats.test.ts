// news read --format …, the pager decision, and how links show where they go.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/parse.js';
import type { IO } from '../../src/io.js';
import { ANY_ESCAPE, BUNDLED_ARTICLES, FIXTURES, tempDir, runCommand } from '../helpers.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.cleanup());

type IOOptions = Partial<Omit<IO, 'out' | 'err' | 'page'>>;
const news = (args: string[], io?: IOOptions): ReturnType<typeof runCommand> => runCommand(home.path, args, io);
function userArticle(slug: string, text: string): void {
  mkdirSync(join(home.path, 'articles'), { recursive: true });
  writeFileSync(join(home.path, 'articles', `${slug}.md`), text);
}
const terminal = (rows: number, env: Record<string, string> = {}): IOOptions => ({ stdoutIsTTY: true, columns: 100, rows, env: { TERM: 'xterm', ...env } });
const SEED_SENTENCES = readFileSync(join(FIXTURES, 'witkoff-leak.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && line !== "What's Your Reaction?");

describe('--format', () => {
  it('text is plain even when colour is forced', async () => {
    const { code, stdout } = await news(['read', 'witkoff-leak', '--format', 'text'], { env: { FORCE_COLOR: '3' } });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANY_ESCAPE);
    expect(stdout).toContain('Trump defends Witkoff');
  });

  it('terminal is styled when colour is on, and is the default then', async () => {
    const styled = await news(['read', 'witkoff-leak', '--format', 'terminal'], { env: { FORCE_COLOR: '1' } });
    const plainDefault = await news(['read', 'witkoff-leak']);
    // eslint-disable-next-line no-control-regex
    expect(styled.stdout).toMatch(/\u001B\[[0-9;]*m/);
    expect(plainDefault.stdout).not.toMatch(ANY_ESCAPE);
  });

  it('markdown is the article file as written', async () => {
    const { code, stdout } = await news(['read', 'witkoff', '--format', 'markdown']);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'), 'utf8'));
  });

  it('markdown of one section is that section with the front matter, and reads back', async () => {
    const { stdout } = await news(['read', 'witkoff-leak', '--format', 'markdown', '--section', '2']);
    const back = parseArticle(stdout, 'back');
    expect(back.title).toBe('Trump defends Witkoff after leak appears to show envoy coaching Russia');
    expect(back.dek).toContain('"standard"');
    expect(back.prompt).toBe("What's Your Reaction?");
    expect(back.sections.map((section) => section.heading)).toEqual(['Trump’s reaction, “deal-maker” defence']);
  });

  it('markdown shown on a terminal loses control characters, piped it is byte for byte', async () => {
    const hostile = '---\ntitle: "Bad \\e[2J title"\n---\n\nBody \u001b]0;owned\u0007 text.\n';
    userArticle('hostile', hostile);
    expect((await news(['read', 'hostile', '--format', 'markdown'])).stdout).toBe(hostile);
    const shown = await news(['read', 'hostile', '--format', 'markdown', '--no-pager'], terminal(200));
    expect(shown.stdout).not.toMatch(ANY_ESCAPE);
    expect(shown.stdout).toContain('Body  text.');
  });

  it('html is one standalone page with every sentence, sections and a table of contents', async () => {
    const { code, stdout } = await news(['read', 'witkoff-leak', '--format', 'html']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(stdout).toContain('<meta charset="utf-8">');
    expect(stdout).toContain('<title>Trump defends Witkoff after leak appears to show envoy coaching Russia</title>');
    expect(stdout.match(/<li><a href="#section-\d">/g)).toHaveLength(5);
    expect(stdout.match(/<section id="section-\d">/g)).toHaveLength(5);
    const text = stdout.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    for (const sentence of SEED_SENTENCES) expect(text).toContain(sentence);
    expect(stdout).not.toMatch(/<script/i);
  });

  it('html escapes the article: no raw HTML, no script links, no escape sequences', async () => {
    userArticle(
      'hostile',
      '---\ntitle: "<script>alert(1)</script> & co"\ndek: "It\'s \\"quoted\\""\n---\n\n<img src=x onerror=alert(1)>\n\n## <b>Head</b>\n\n[click](javascript:alert(1)) [ok](https://example.org/?a=1&b=2) ![pic](data:text/html,x) \u001b[2J done\n',
    );
    const { stdout } = await news(['read', 'hostile', '--format', 'html']);
    expect(stdout).not.toMatch(/<script|<img src=x|<b>Head|javascript:|data:text/i);
    expect(stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(stdout).toContain('<a href="https://example.org/?a=1&amp;b=2">ok</a>');
    expect(stdout).not.toMatch(ANY_ESCAPE);
  });

  it('html of one section has just that section', async () => {
    const { stdout } = await news(['read', 'witkoff-leak', '--format', 'html', '--section', '4']);
    expect(stdout.match(/<section id="section-\d">/g)).toEqual(['<section id="section-4">']);
    expect(stdout).not.toContain('<nav');
  });

  it('json is the same as --json', async () => {
    const a = await news(['read', 'witkoff-leak', '--format', 'json']);
    const b = await news(['read', 'witkoff-leak', '--json']);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout)).toMatchObject({ slug: 'witkoff-leak' });
  });

  it('an unknown format is a usage error naming the choices', async () => {
    const { code, stderr } = await news(['read', 'witkoff-leak', '--format', 'pdf']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^news: .*terminal, text, markdown, html, json/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the pager', () => {
  it('pages an article taller than the screen, with less by default', async () => {
    const { code, pagers, stdout } = await news(['read', 'witkoff-leak'], terminal(20));
    expect(code).toBe(0);
    expect(pagers).toEqual(['less']);
    expect(stdout).toContain('Trump defends Witkoff');
  });

  it('does not page what fits on the screen', async () => {
    expect((await news(['read', 'witkoff-leak'], terminal(500))).pagers).toEqual([]);
    expect((await news(['read', 'witkoff-leak', '--section', '2'], terminal(60))).pagers).toEqual([]);
  });

  it('pages a screenful exactly, which the prompt after it would push off the top', async () => {
    const lines = (await news(['read', 'witkoff-leak', '--section', '2'], terminal(500))).stdout.split('\n').length - 1;
    expect((await news(['read', 'witkoff-leak', '--section', '2'], terminal(lines))).pagers).toEqual(['less']);
    expect((await news(['read', 'witkoff-leak', '--section', '2'], terminal(lines + 1))).pagers).toEqual([]);
  });

  it('--pager pages even a short one; --no-pager never pages', async () => {
    expect((await news(['read', 'witkoff-leak', '--pager'], terminal(500))).pagers).toEqual(['less']);
    expect((await news(['read', 'witkoff-leak', '--no-pager'], terminal(20))).pagers).toEqual([]);
  });

  it('NEWS_PAGER comes before PAGER; an empty one or cat means none', async () => {
    expect((await news(['read', 'witkoff-leak'], terminal(20, { PAGER: 'more', NEWS_PAGER: 'less -S' }))).pagers).toEqual(['less -S']);
    expect((await news(['read', 'witkoff-leak'], terminal(20, { PAGER: 'most' }))).pagers).toEqual(['most']);
    expect((await news(['read', 'witkoff-leak'], terminal(20, { PAGER: '' }))).pagers).toEqual([]);
    expect((await news(['read', 'witkoff-leak'], terminal(20, { PAGER: 'cat' }))).pagers).toEqual([]);
  });

  it('never pages when not on a terminal, whatever is asked', async () => {
    expect((await news(['read', 'witkoff-leak', '--pager'], { rows: 5 })).pagers).toEqual([]);
  });

  it('does not page html, markdown or json', async () => {
    for (const format of ['html', 'markdown', 'json']) {
      expect((await news(['read', 'witkoff-leak', '--format', format], terminal(5))).pagers).toEqual([]);
    }
  });
});

describe('links show where they go', () => {
  it('as "text (address)", and an address that is its own text once', async () => {
    userArticle('links', '---\ntitle: Links\n---\n\nSee [the report](https://example.org/report), www.example.org, https://example.org/x and mail@example.org.\n');
    const { stdout } = await news(['read', 'links']);
    expect(stdout).toContain('the report (https://example.org/report)');
    expect(stdout).toContain('www.example.org,');
    expect(stdout).not.toContain('(http://www.example.org)');
    expect(stdout).not.toContain('(https://example.org/x)');
    expect(stdout).not.toContain('(mailto:');
  });
});
