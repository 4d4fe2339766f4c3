/*
 * End-to-end tests of a data folder that news cannot use: NEWS_HOME set to a file, or a file
 * where news keeps a folder of its own (articles/, fetched/, cache/). Every command that reads
 * the data folder either does its work (with at most a warning) or fails with the one line that
 * says which file is in the way, never "unexpected error". Real processes over dist/ (run
 * `npm run build` first); nothing here touches the network.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANY_ESCAPE, expectOneErrorLine, requireBuild, runNews, runNewsInTerminal, tempHomes, type RunResult } from '../helpers.js';

const newHome = tempHomes('news-data-folder-e2e-');
requireBuild();

const TITLE = 'Trump defends Witkoff after leak appears to show envoy coaching Russia';
const STORY = '---\ntitle: Harbour Story\n---\n\nThe lede.\n\n## A section\n\nA paragraph.\n';
const OPML = '<?xml version="1.0"?>\n<opml version="2.0"><head><title>subs</title></head><body>\n<outline text="Gazette" type="rss" xmlUrl="http://127.0.0.1:9/feed.xml"/>\n</body></opml>\n';

/** A temp folder holding a file named `name`, and that file's path. */
function fileAt(name: string): { home: string; file: string } {
  const home = newHome();
  const file = join(home, name);
  writeFileSync(file, 'not a folder\n');
  return { home, file };
}

function inTheWay(result: RunResult, file: string): void {
  expectOneErrorLine(result, 1);
  expect(result.stderr).toBe(`news: a file is in the way where news needs a folder: ${file}. Move that file, or set NEWS_HOME to another folder\n`);
}

/** Runs with NEWS_HOME set to `newsHome` (a file, here), from the temp folder `home`. */
const run = (args: string[], home: string, newsHome: string, input?: string): RunResult =>
  runNews(args, { home, cwd: home, env: { NEWS_HOME: newsHome }, input });

describe('NEWS_HOME set to a file', () => {
  // Every command that needs the data folder to do its work says which file is in the way.
  const failing: string[][] = [
    ['list'],
    ['ls'],
    ['list', '--json'],
    ['list', '--limit', '3'],
    ['list', '--unread'],
    [], // bare `news` in a pipe lists
    ['search', 'witkoff'],
    ['search', 'x', '--json'],
    ['react', 'wow', 'witkoff-leak'],
    ['react', 'wow'], // the article read last: not a warning that it cannot be read, then the same error
    ['react', '--remove', 'witkoff-leak'],
    ['react', '--remove'],
    ['react', '--repair'],
    ['reactions'],
    ['reactions', '--json'],
    ['feed', 'list'],
    ['feed', 'export'],
    ['feed', 'remove', 'gazette'],
    ['feed', 'import', '-'],
    ['fetch'],
    ['add', '-'],
  ];
  for (const args of failing) {
    it(`news ${args.join(' ') || '(piped)'} fails in one line naming the file`, () => {
      const { home, file } = fileAt('news-home');
      const input = args[0] === 'add' ? STORY : args[0] === 'feed' ? OPML : '';
      inTheWay(run(args, home, file, input), file);
      expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
    });
  }

  it('news read and news sections still show a bundled article, with a warning', () => {
    const { home, file } = fileAt('news-home');
    const read = run(['read', 'witkoff-leak'], home, file);
    expect(read.status).toBe(0);
    expect(read.stdout).toContain(TITLE);
    expect(read.stderr).toMatch(/^news: warning: a file is in the way where news needs a folder: .*news-home; your reactions are not shown\. Move that file/);
    // One cause, said once: not again for the article read last, nor for the unread marks.
    expect(read.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(read.stderr).not.toContain('unexpected');

    const sections = run(['sections', 'witkoff-leak'], home, file);
    expect(sections.status).toBe(0);
    expect(sections.stdout).toContain('What happened');
    expect(sections.stderr).not.toContain('unexpected');
  });

  it('news remove refuses the bundled article as it always does, and completion still lists it', () => {
    const { home, file } = fileAt('news-home');
    expectOneErrorLine(run(['remove', 'witkoff-leak', '--yes'], home, file), 1);
    const slugs = run(['completion', '--list-slugs'], home, file);
    expect(slugs).toMatchObject({ status: 0, stdout: 'witkoff-leak\n', stderr: '' });
  });

  for (const args of [['browse'], []]) {
    it(`news ${args.join(' ') || '(on a terminal)'} fails in one line before taking the screen`, () => {
      const { home, file } = fileAt('news-home');
      const result = runNewsInTerminal(args, { home, env: { NEWS_HOME: file } });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe(`news: a file is in the way where news needs a folder: ${file}. Move that file, or set NEWS_HOME to another folder\n`);
      expect(result.stdout).not.toMatch(ANY_ESCAPE);
    });
  }
});

describe('a file where news keeps a folder', () => {
  it('articles/: listing and reading go on with a warning; adding names the file', () => {
    const { home, file } = fileAt('articles');
    const list = runNews(['list'], { home });
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('witkoff-leak');
    expect(list.stderr).toBe(`news: warning: cannot read the article folder ${file}: a file is in the way where news needs a folder: ${file}\n`);
    expect(runNews(['read', 'witkoff-leak'], { home })).toMatchObject({ status: 0, stderr: '' });
    inTheWay(runNews(['add', '-'], { home, input: STORY }), file);
  });

  it('fetched/: listing, searching and reading go on as if nothing was fetched', () => {
    const { home } = fileAt('fetched');
    for (const args of [['list'], ['list', '--json'], ['search', 'witkoff'], ['read', 'witkoff-leak'], ['sections', 'witkoff-leak']]) {
      const result = runNews(args, { home });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toBe('');
    }
    // Storing fetched articles there is tested with a feed server, in feeds.test.ts.
  });

  it('last-read.txt a folder: react warns that it cannot be read, and reacts to the only article', () => {
    const home = newHome();
    mkdirSync(join(home, 'last-read.txt'));
    for (const args of [['react', 'wow'], ['react', '--remove']]) {
      const result = runNews(args, { home });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toMatch(/^news: warning: could not read the article you read last: .*last-read\.txt/);
    }
  });

  it('cache/: every command works without its caches', () => {
    const { home, file } = fileAt('cache');
    mkdirSync(join(home, 'articles'));
    writeFileSync(join(home, 'articles', 'harbour.md'), STORY);
    for (const args of [['list'], ['list', '--json'], ['search', 'lede'], ['read', 'harbour'], ['sections'], ['react', 'wow'], ['reactions'], ['feed', 'list', '--json']]) {
      const result = runNews(args, { home });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toBe('');
    }
    expect(runNews(['list'], { home }).stdout).toContain('harbour');
    expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
  });
});
