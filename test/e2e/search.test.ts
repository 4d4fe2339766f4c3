// End-to-end tests of `news search`: the real binary (bin/news.cjs → dist/news.cjs), piped, with
// its own NEWS_HOME. Build first: `npm run build`.
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { ANY_ESCAPE, runNews, type RunResult, expectOneErrorLine, tempHomes } from '../helpers.js';

const SLUG = 'witkoff-leak';
const INDEX = join('cache', 'search-index-v3.txt');

/** A fresh data folder (NEWS_HOME), removed after the test. */
const newHome = tempHomes('news-e2e-search-');

function writeArticle(home: string, slug: string, title: string, body: string): string {
  const dir = join(home, 'articles');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${slug}.md`);
  writeFileSync(path, `---\ntitle: ${JSON.stringify(title)}\n---\n\n${body}\n`);
  return path;
}

function slugs(result: RunResult): string[] {
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { slug: string }[]).map((hit) => hit.slug);
}


describe('news search', () => {
  it.each([['Ushakov'], ['ushakóv'], ['KREMLIN'], ['Ushakov’s'], ['kreml']])('finds the bundled article by %s', (word) => {
    const home = newHome();
    const result = runNews(['search', word], { home });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')[0]).toMatch(new RegExp(`^${SLUG}  Trump defends Witkoff`));
    expect(result.stdout).toMatch(/\[\[(Ushakov|Kremlin)\]\]/);
  });

  it('writes plain text to a pipe, every line within the width', () => {
    const home = newHome();
    for (const width of ['80', '30']) {
      const result = runNews(['search', 'witkoff', 'trump', '--width', width], { home, env: { FORCE_COLOR: '0' } });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(ANY_ESCAPE);
      for (const line of result.stdout.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(Number(width));
    }
  });

  it('prints the documented JSON fields', () => {
    const home = newHome();
    const result = runNews(['search', 'Kremlin', 'Ushakov', '--json'], { home });
    expect(result.status, result.stderr).toBe(0);
    const hits = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(Object.keys(hit ?? {}).sort()).toEqual(['part', 'score', 'section', 'slug', 'snippet', 'title']);
    expect(hit).toMatchObject({ slug: SLUG, part: 'section', section: { number: 1, heading: 'What happened, the leak and the fallout' } });
    expect(hit?.snippet).toMatch(/Kremlin.*Ushakov/);
    expect(hit?.snippet).not.toContain('[[');
    expect(hit?.score).toBeGreaterThan(0);
  });

  it('exits 1 with one line when no article mentions the words, 2 for an empty query', () => {
    const home = newHome();
    const none = runNews(['search', 'kremlin', 'zebra'], { home });
    expectOneErrorLine(none, 1);
    expect(none.stderr).toContain('no article mentions "kremlin zebra"');
    expectOneErrorLine(runNews(['search', '  '], { home }), 2);
    expectOneErrorLine(runNews(['search', 'kremlin', '--limit', 'x'], { home }), 2);
  });

  it("searches the reader's own articles, and names a broken one", () => {
    const home = newHome();
    writeArticle(home, 'harbour-news', 'Harbour news', 'The harbour council met on Tuesday.\n\n## The vote\n\nThe Kremlin was not mentioned.');
    mkdirSync(join(home, 'articles'), { recursive: true });
    writeFileSync(join(home, 'articles', 'broken.md'), 'no front matter: harbour');
    const result = runNews(['search', 'harbour', 'council', '--json'], { home });
    expect(slugs(result)).toEqual(['harbour-news']);
    expect(result.stderr).toContain(join(home, 'articles', 'broken.md'));
    expect(slugs(runNews(['search', 'kremlin', '--json'], { home })).sort()).toEqual(['harbour-news', SLUG]);
  });

  it('finds an article edited after the index was built by its new words, not its old ones', () => {
    const home = newHome();
    const path = writeArticle(home, 'changing', 'A changing story', 'The ferry left the marina.');
    expect(slugs(runNews(['search', 'marina', '--json'], { home }))).toEqual(['changing']);
    expect(existsSync(join(home, INDEX))).toBe(true);

    writeArticle(home, 'changing', 'A changing story', 'The lifeboat left the quay.');
    // Same second or not, the index must see the change.
    const { mtime } = statSync(path);
    utimesSync(path, mtime, new Date(mtime.getTime() + 5000));
    expect(slugs(runNews(['search', 'lifeboat', 'quay', '--json'], { home }))).toEqual(['changing']);
    expectOneErrorLine(runNews(['search', 'marina'], { home }), 1);
    expect(readFileSync(join(home, INDEX), 'utf8')).toContain('lifeboat');
  });

  it('says on stderr, once, when it must read a thousand articles to index them', () => {
    const home = newHome();
    for (let n = 1; n <= 1000; n++) writeArticle(home, `note-${n}`, `Note ${n}`, n === 500 ? 'The lighthouse keeper.' : 'The harbour.');
    const NOTE = 'news: indexing the articles for search (once: later searches read the index)\u2026\n';
    const first = runNews(['search', 'lighthouse', '--json'], { home });
    expect(slugs(first)).toEqual(['note-500']);
    expect(first.stderr).toBe(NOTE);

    const again = runNews(['search', 'lighthouse', '--json'], { home });
    expect(slugs(again)).toEqual(['note-500']);
    expect(again.stderr).toBe('');
    // One changed article is read again without a word.
    writeArticle(home, 'note-1', 'Note 1', 'A lighthouse too.');
    utimesSync(join(home, 'articles', 'note-1.md'), new Date(), new Date(Date.now() + 5000));
    const edited = runNews(['search', 'lighthouse', '--json'], { home });
    expect(slugs(edited).sort()).toEqual(['note-1', 'note-500']);
    expect(edited.stderr).toBe('');
  });

  it('searches and lists the same where Node has no WebAssembly (node --jitless)', () => {
    const home = newHome();
    // Enough postings for the WebAssembly loops (src/search/query.ts NATIVE_FROM_BYTES) when a
    // search has "council" too: three thousand articles, "harb" finding three words in each. Many alike, some with the words
    // together: ties and the bonus both decide.
    const dir = join(home, 'articles');
    mkdirSync(dir, { recursive: true });
    const vocabulary = ['harbour', 'council', 'harbours', 'harbourside', 'river'];
    for (let n = 0; n < 3000; n++) {
      const words = vocabulary.filter((_, bit) => (n >> bit) % 2 === 1 || n % 7 === bit || bit > 1);
      const together = n % 3 === 0 ? 'harbour council' : '';
      writeFileSync(join(dir, `note-${n}.md`), `---\ntitle: Note ${n % 9}\n---\n\n${words.join(' ')} tide.\n\n## Part\n\n${words.reverse().join(' ')} ${together}\n`);
    }
    expect(runNews(['search', 'tide', '--limit', '1'], { home }).stderr).toMatch(/^news: indexing the articles/);
    // And a list of as many (src/render/list-lines.wat), with titles and without.
    const commands = [
      ['search', 'harb', 'council'],
      ['search', 'harb', 'council', '--json'],
      ['search', 'harbour', 'council', 'river', '--limit', '4', '--json'],
      ['search', 'harb', 'council', '--limit', '150', '--json'],
      ['list'],
      ['list', '--width', '120'],
      ['list', '--width', '29'],
    ];
    for (const args of commands) {
      const wasm = runNews(args, { home });
      const jitless = runNews(args, { home, env: { NODE_OPTIONS: '--jitless' } });
      expect(wasm.status, wasm.stderr).toBe(0);
      expect(wasm.stdout.split('\n').length).toBeGreaterThan(8);
      expect(jitless).toEqual({ ...wasm, stderr: jitless.stderr });
      // Node itself may say that it turned WebAssembly off; news says nothing.
      expect(wasm.stderr).toBe('');
      expect(jitless.stderr.replace(/^Warning: disabling flag --expose_wasm.*\n/gm, '')).toBe('');
    }
  });

  it('rebuilds a corrupt index', () => {
    const home = newHome();
    writeArticle(home, 'mine', 'My harbour', 'Text.');
    expect(slugs(runNews(['search', 'harbour', '--json'], { home }))).toEqual(['mine']);
    const indexPath = join(home, INDEX);
    const good = readFileSync(indexPath, 'utf8');

    for (const damaged of ['{"not": "an index"', good.slice(0, good.length - 5), good.replace(/\n([^\n]*)$/, (_, blob: string) => `\n${'~'.repeat(blob.length)}`)]) {
      writeFileSync(indexPath, damaged);
      const result = runNews(['search', 'harbour', '--json'], { home });
      expect(slugs(result)).toEqual(['mine']);
      expect(result.stderr).toBe('');
      expect(readFileSync(indexPath, 'utf8')).toBe(good);
    }
  });
});
