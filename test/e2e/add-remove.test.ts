/*
 * End-to-end tests of `news add` and `news remove`: the real binary (bin/news.cjs over the dist/
 * bundle, so run `npm run build` first), each test with its own NEWS_HOME. The confirmation
 * question is answered under a pseudo-terminal made by util-linux `script`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANY_ESCAPE, BIN, BUNDLED_ARTICLES, FIXTURES, cleanEnv, runNews, requireBuild, tempHomes, type RunResult } from '../helpers.js';

const SEED_PATH = join(FIXTURES, 'witkoff-leak.txt');
const BUNDLED_BYTES = readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'));
const SEED_TITLE = 'Trump defends Witkoff after leak appears to show envoy coaching Russia';
const STORY_MD = '---\ntitle: The Harbour Light\ndek: A lighthouse keeper retires.\n---\n\nAfter forty years, the lamp goes dark.\n\n## The last night\n\nShe climbed the stairs one more time.\n';
const STORY_TXT = 'Snow in the Valley\nThe first snow came early this year.\nWhat fell\nThe snow fell for three days without a break.\nWhat comes next\nThe roads will open on Monday.\n';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const newHome = tempHomes('news-add-e2e-');
requireBuild();

function ok(result: RunResult): RunResult {
  expect(result.stderr, 'stderr of a run expected to succeed').toBe('');
  expect(result.status).toBe(0);
  return result;
}

/** A failing run: the exit code, nothing on stdout, one `news:` line on stderr. */
function fails(result: RunResult, status: number, message: RegExp): void {
  expect(result.status).toBe(status);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^news: [^\n]+\n$/);
  expect(result.stderr).toMatch(message);
}

function writeInput(home: string, name: string, content: string | Buffer): string {
  const path = join(home, name);
  writeFileSync(path, content);
  return path;
}

const userArticles = (home: string): string[] => (existsSync(join(home, 'articles')) ? readdirSync(join(home, 'articles')).sort() : []);

interface ListEntry {
  slug: string;
  title: string;
  origin: string;
  overridesBundled: boolean;
}
const listJson = (home: string): ListEntry[] => JSON.parse(ok(runNews(['list', '--json'], { home })).stdout) as ListEntry[];

/**
 * Runs bin/news.cjs with a pseudo-terminal for stdin and stdout, typing `typed` into it. The
 * terminal echoes what is typed, so the output holds it too.
 */
function inTerminal(args: string[], home: string, typed: string): RunResult {
  const quoted = [BIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qefc', quoted, '/dev/null'], {
    cwd: home,
    env: cleanEnv(home, { TERM: 'xterm-256color' }),
    encoding: 'utf8',
    input: typed,
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout.replace(/\r\n/g, '\n'), stderr: result.stderr };
}

describe('news add', () => {
  it('adds a Markdown file, which news read and news list then show as yours', () => {
    const home = newHome();
    const file = writeInput(home, 'story.md', STORY_MD);
    expect(ok(runNews(['add', file], { home })).stdout).toBe('Added “The Harbour Light” as the-harbour-light. Read it with: news read the-harbour-light\n');
    expect(readFileSync(join(home, 'articles', 'the-harbour-light.md'), 'utf8')).toBe(STORY_MD);

    const read = ok(runNews(['read', 'the-harbour-light'], { home }));
    expect(read.stdout.startsWith('The Harbour Light\n')).toBe(true);
    expect(read.stdout).toContain('After forty years, the lamp goes dark.');
    expect(read.stdout).toContain('\nThe last night\n');

    expect(listJson(home).find((entry) => entry.slug === 'the-harbour-light')).toMatchObject({ title: 'The Harbour Light', origin: 'user', overridesBundled: false });
    expect(ok(runNews(['list'], { home })).stdout).toMatch(/^the-harbour-light +The Harbour Light +1 min · yours$/m);
  });

  it('adds plain text from standard input with -', () => {
    const home = newHome();
    const added = ok(runNews(['add', '-'], { home, input: STORY_TXT }));
    expect(added.stdout).toBe('Added “Snow in the Valley” as snow-in-the-valley. Read it with: news read snow-in-the-valley\n');
    const sections = JSON.parse(ok(runNews(['sections', 'snow-in-the-valley', '--json'], { home })).stdout) as { sections: { heading: string }[] };
    expect(sections.sections.map((section) => section.heading)).toEqual(['What fell', 'What comes next']);
    const read = ok(runNews(['read', 'snow'], { home }));
    expect(read.stdout).toContain('The first snow came early this year.');
    expect(read.stdout).toContain('The roads will open on Monday.');
  });

  it('takes a relative path from the folder it runs in', () => {
    const home = newHome();
    mkdirSync(join(home, 'drafts'));
    writeInput(home, join('drafts', 'story.txt'), STORY_TXT);
    ok(runNews(['add', 'story.txt'], { home, cwd: join(home, 'drafts') }));
    expect(userArticles(home)).toEqual(['snow-in-the-valley.md']);
  });

  it('does not overwrite without --force; --force replaces, --slug adds beside', () => {
    const home = newHome();
    const file = writeInput(home, 'story.md', STORY_MD);
    ok(runNews(['add', file], { home }));
    const changed = writeInput(home, 'changed.md', STORY_MD.replace('goes dark', 'stays lit'));

    const again = runNews(['add', changed], { home });
    fails(again, 1, /you already have an article named "the-harbour-light" \(“The Harbour Light”\)\. Use --force .* or --slug/);
    expect(readFileSync(join(home, 'articles', 'the-harbour-light.md'), 'utf8')).toBe(STORY_MD);

    const beside = ok(runNews(['add', changed, '--slug', 'harbour-2'], { home }));
    expect(beside.stdout).toBe('Added “The Harbour Light” as harbour-2. Read it with: news read harbour-2\n');
    expect(readFileSync(join(home, 'articles', 'harbour-2.md'), 'utf8')).toContain('stays lit');

    const forced = ok(runNews(['add', changed, '--force'], { home }));
    expect(forced.stdout).toBe('Added “The Harbour Light” as the-harbour-light, replacing your “The Harbour Light”. Read it with: news read the-harbour-light\n');
    expect(readFileSync(join(home, 'articles', 'the-harbour-light.md'), 'utf8')).toContain('stays lit');
    expect(userArticles(home)).toEqual(['harbour-2.md', 'the-harbour-light.md']);
  });

  it('imports the seed text as exactly the bundled witkoff-leak.md, in its place only with --force', () => {
    const home = newHome();
    const refused = runNews(['add', SEED_PATH, '--slug', 'witkoff-leak'], { home });
    fails(refused, 1, /"witkoff-leak" is the name of an article bundled with news .*Use --force to put yours in its place/);
    expect(userArticles(home)).toEqual([]);

    const added = ok(runNews(['add', SEED_PATH, '--slug', 'witkoff-leak', '--force'], { home }));
    expect(added.stdout).toBe(
      `Added “${SEED_TITLE}” as witkoff-leak, in place of the bundled article (news remove witkoff-leak brings it back). Read it with: news read witkoff-leak\n`,
    );
    expect(readFileSync(join(home, 'articles', 'witkoff-leak.md')).equals(BUNDLED_BYTES)).toBe(true);
    expect(listJson(home).find((entry) => entry.slug === 'witkoff-leak')).toMatchObject({ origin: 'user', overridesBundled: true });

    // Without --slug the name comes from the title, and nothing is in the way.
    const byTitle = ok(runNews(['add', SEED_PATH], { home }));
    expect(byTitle.stdout).toContain(' as trump-defends-witkoff-after-leak-appears.');
    expect(readFileSync(join(home, 'articles', 'trump-defends-witkoff-after-leak-appears.md')).equals(BUNDLED_BYTES)).toBe(true);
  });

  it.each([
    ['a file that does not exist', (home: string) => ['add', join(home, 'missing.txt')], 1, /there is no file .*missing\.txt\. Check the name/],
    ['a folder', (home: string) => ['add', home], 1, /is a folder, not a file/],
    ['binary data', (home: string) => ['add', writeInput(home, 'photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70]))], 1, /photo\.jpg looks like binary data/],
    ['text that is not UTF-8', (home: string) => ['add', writeInput(home, 'latin1.txt', Buffer.from('Caf\xe9\nDek\nBody text.\n', 'latin1'))], 1, /latin1\.txt is not UTF-8 text/],
    ['no title', (home: string) => ['add', writeInput(home, 'untitled.md', '---\ndek: x\n---\n\nBody.\n')], 1, /untitled\.md is not an article: no title in the front matter/],
    ['no body', (home: string) => ['add', writeInput(home, 'hollow.txt', 'A Title\nA dek.\n')], 1, /hollow\.txt is not an article: no body/],
    ['a bad --slug', (home: string) => ['add', writeInput(home, 'ok.txt', STORY_TXT), '--slug', 'Not/A Slug'], 2, /is not an article name/],
  ])('refuses %s, writing nothing', (_, args, status, message) => {
    const home = newHome();
    fails(runNews(args(home), { home }), status, message);
    expect(existsSync(join(home, 'articles'))).toBe(false);
  });

  it('refuses an empty standard input', () => {
    const home = newHome();
    fails(runNews(['add', '-'], { home, input: '' }), 1, /^news: standard input is empty\. Pipe an article in/);
    expect(existsSync(join(home, 'articles'))).toBe(false);
  });

  it('refuses a file over 10 MB, and standard input over 10 MB', () => {
    const home = newHome();
    const big = `Big\nDek\n${'word '.repeat(2 * 1024 * 1024)}\n`; // just over 10 MB
    expect(Buffer.byteLength(big)).toBeGreaterThan(10 * 1024 * 1024);
    fails(runNews(['add', writeInput(home, 'big.txt', big)], { home }), 1, /big\.txt is more than 10 MB, too large for an article/);
    fails(runNews(['add', '-'], { home, input: big }), 1, /standard input is more than 10 MB/);
    expect(existsSync(join(home, 'articles'))).toBe(false);
  });

  it('asks for a pipe, instead of waiting, when standard input is a terminal', () => {
    const home = newHome();
    const result = inTerminal(['add', '-'], home, '');
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/news: standard input is a terminal\. Pipe an article in, like 'news add - < story\.txt'/);
    expect(existsSync(join(home, 'articles'))).toBe(false);
  });

  it('never writes through a symbolic link in the articles folder, even with --force', () => {
    const home = newHome();
    const outside = newHome();
    const target = writeInput(outside, 'target.txt', 'precious\n');
    mkdirSync(join(home, 'articles'));
    const link = join(home, 'articles', 'foo.md');
    symlinkSync(target, link);
    const note = writeInput(home, 'note.md', STORY_MD);
    for (const extra of [['--force'], []]) {
      fails(
        runNews(['add', note, '--slug', 'foo', ...extra], { home }),
        1,
        new RegExp(`^news: ${escapeRegExp(link)} is a symbolic link to ${escapeRegExp(target)}, not an article file, and news does not write through it\\. Move or delete it yourself`),
      );
      expect(readFileSync(target, 'utf8')).toBe('precious\n');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(userArticles(home)).toEqual(['foo.md']);
    }
    // Once the link is gone, the article goes in as a file of its own.
    rmSync(link);
    ok(runNews(['add', note, '--slug', 'foo'], { home }));
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });

  it('adds Markdown without front matter that starts with "# Title"', () => {
    const home = newHome();
    const text = '# The Harbour Light\n\nAfter forty years, the lamp goes *dark*.\n\n## The last night\n\n- She climbed the stairs.\n- She lit it once more.\n';
    const added = ok(runNews(['add', writeInput(home, 'story.md', text)], { home }));
    expect(added.stdout).toBe('Added “The Harbour Light” as the-harbour-light. Read it with: news read the-harbour-light\n');
    expect(readFileSync(join(home, 'articles', 'the-harbour-light.md'), 'utf8')).toBe(`---\ntitle: "The Harbour Light"\n---\n\n${text.slice('# The Harbour Light\n\n'.length)}`);
    const read = ok(runNews(['read', 'the-harbour-light'], { home })).stdout;
    expect(read.startsWith('The Harbour Light\n')).toBe(true);
    expect(read).not.toContain('#');
    expect(read).toContain('After forty years, the lamp goes dark.');
    expect(read).toContain('\nThe last night\n');
    expect(read).toMatch(/She climbed the stairs\./);
  });

  it('refuses a .md file with neither front matter nor a "# Title" line', () => {
    const home = newHome();
    fails(
      runNews(['add', writeInput(home, 'notes.md', 'Some notes\n\nWith *Markdown* in them.\n')], { home }),
      1,
      /notes\.md is not an article: a Markdown file needs a title: add front matter with a title, or a first line '# Title'/,
    );
    expect(existsSync(join(home, 'articles'))).toBe(false);
  });

  it('adds hard-wrapped plain text, one paragraph per block', () => {
    const home = newHome();
    const text = 'Snow in the\nValley\n\nThe first snow came early\nthis year.\n\nWhat fell\n\nThe snow fell for three days\nwithout a break.\n';
    const added = ok(runNews(['add', '-'], { home, input: text }));
    expect(added.stdout).toBe('Added “Snow in the Valley” as snow-in-the-valley. Read it with: news read snow-in-the-valley\n');
    const sections = JSON.parse(ok(runNews(['sections', 'snow-in-the-valley', '--json'], { home })).stdout) as { sections: { heading: string }[] };
    expect(sections.sections.map((section) => section.heading)).toEqual(['What fell']);
    expect(ok(runNews(['read', 'snow-in-the-valley', '--width', '80'], { home })).stdout).toContain('The snow fell for three days without a break.');
  });

  it('makes a short name from a long title, without escape-sequence junk', () => {
    const home = newHome();
    const added = ok(runNews(['add', '-'], { home, input: 'The \u001B]0;pwned\u0007council votes to close the old lighthouse after ninety years\nDek\nBody text.\n' }));
    expect(added.stdout).toContain(' as the-council-votes-to-close-the. ');
    expect(added.stdout).not.toMatch(ANY_ESCAPE);
  });

  it('shows examples in --help', () => {
    const home = newHome();
    const help = ok(runNews(['add', '--help'], { home })).stdout;
    expect(help).toContain('Usage: news add [options] <file>');
    expect(help).toMatch(/--slug <name>/);
    expect(help).toMatch(/-f, --force/);
    expect(help).toContain('$ pbpaste | news add -');
  });
});

describe('news remove', () => {
  function withStory(): string {
    const home = newHome();
    ok(runNews(['add', writeInput(home, 'story.md', STORY_MD)], { home }));
    return home;
  }

  it('removes nothing given only the start of a name, and says the whole name', () => {
    const home = withStory();
    fails(
      runNews(['remove', 'the-harb', '--yes'], { home }),
      1,
      /^news: no article is named exactly "the-harb", and news remove needs the whole name\. Did you mean 'news remove the-harbour-light'\?\n$/,
    );
    expect(userArticles(home)).toEqual(['the-harbour-light.md']);
    // news read still takes the start of a name.
    expect(ok(runNews(['read', 'the-harb'], { home })).stdout.startsWith('The Harbour Light\n')).toBe(true);
    // On a terminal it does not even ask.
    const asked = inTerminal(['remove', 'the-harb'], home, 'y\n');
    expect(asked.status).toBe(1);
    expect(asked.stdout).not.toContain('[y/N]');
    expect(userArticles(home)).toEqual(['the-harbour-light.md']);
  });

  it('removes an article of yours with --yes, by its whole name', () => {
    const home = withStory();
    expect(ok(runNews(['remove', 'the-harbour-light', '--yes'], { home })).stdout).toBe('Removed “The Harbour Light” (the-harbour-light).\n');
    expect(userArticles(home)).toEqual([]);
    fails(runNews(['read', 'the-harbour-light'], { home }), 1, /no article named "the-harbour-light"/);
    expect(listJson(home).map((entry) => entry.slug)).toEqual(['witkoff-leak']);
  });

  it('refuses to remove a bundled article', () => {
    const home = newHome();
    for (const args of [['remove', 'witkoff-leak', '--yes'], ['remove', 'witkoff-leak']]) {
      fails(runNews(args, { home }), 1, new RegExp(`^news: “${SEED_TITLE}” \\(witkoff-leak\\) is bundled with news and cannot be removed\\. Only your own articles`));
    }
    expect(ok(runNews(['read', 'witkoff-leak'], { home })).stdout.startsWith(SEED_TITLE)).toBe(true);
  });

  it('needs --yes when not on a terminal, and removes nothing without it', () => {
    const home = withStory();
    fails(runNews(['remove', 'the-harbour-light'], { home, input: 'y\n' }), 2, /without --yes when not on a terminal\. Run 'news remove the-harbour-light --yes'/);
    expect(userArticles(home)).toEqual(['the-harbour-light.md']);
  });

  it('fails on an unknown article', () => {
    const home = withStory();
    fails(runNews(['remove', 'nothing-here', '--yes'], { home }), 1, /no article named "nothing-here"/);
    expect(userArticles(home)).toEqual(['the-harbour-light.md']);
  });

  it('keeps the reaction to the article removed', () => {
    const home = withStory();
    ok(runNews(['react', 'love', 'the-harbour-light'], { home }));
    const before = readFileSync(join(home, 'reactions.json'));
    ok(runNews(['remove', 'the-harbour-light', '-y'], { home }));
    expect(readFileSync(join(home, 'reactions.json')).equals(before)).toBe(true);
    expect((JSON.parse(before.toString('utf8')) as { reactions: Record<string, { emoji: string }> }).reactions['the-harbour-light']?.emoji).toBe('❤️');
    // Adding it again finds the reaction waiting.
    ok(runNews(['add', join(home, 'story.md')], { home }));
    expect(ok(runNews(['read', 'the-harbour-light'], { home })).stdout).toContain('❤️ love');
  });

  it('brings the bundled article back when yours replaced it', () => {
    const home = newHome();
    ok(runNews(['add', writeInput(home, 'mine.md', '---\ntitle: My Own Witkoff\n---\n\nMine.\n'), '--slug', 'witkoff-leak', '--force'], { home }));
    expect(ok(runNews(['read', 'witkoff-leak'], { home })).stdout.startsWith('My Own Witkoff\n')).toBe(true);
    const removed = ok(runNews(['remove', 'witkoff-leak', '--yes'], { home }));
    expect(removed.stdout).toBe(`Removed “My Own Witkoff” (witkoff-leak). The bundled “${SEED_TITLE}” is back: news read witkoff-leak\n`);
    expect(ok(runNews(['read', 'witkoff-leak'], { home })).stdout.startsWith(`${SEED_TITLE}\n`)).toBe(true);
    expect(userArticles(home)).toEqual([]);
  });

  it('on a terminal, asks and removes on "y"', () => {
    const home = withStory();
    const result = inTerminal(['remove', 'the-harbour-light'], home, 'y\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Remove “The Harbour Light” (the-harbour-light)? [y/N] ');
    expect(result.stdout).toMatch(/Removed “The Harbour Light” \(the-harbour-light\)\.\n$/);
    expect(result.stdout).not.toMatch(/news: /);
    expect(userArticles(home)).toEqual([]);
  });

  it.each([['n\n'], ['\n'], ['maybe\n'], ['']])('on a terminal, keeps the article when the answer is %j', (typed) => {
    const home = withStory();
    const result = inTerminal(['remove', 'the-harbour-light'], home, typed);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Remove “The Harbour Light” (the-harbour-light)? [y/N] ');
    expect(result.stdout).toMatch(/news: nothing removed\n$/);
    expect(result.stdout).not.toContain('Removed');
    expect(result.stdout).not.toMatch(ANY_ESCAPE);
    expect(userArticles(home)).toEqual(['the-harbour-light.md']);
  });

  it('on a terminal, does not ask with --yes', () => {
    const home = withStory();
    const result = inTerminal(['remove', 'the-harbour-light', '--yes'], home, '');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('[y/N]');
    expect(result.stdout).toContain('Removed “The Harbour Light” (the-harbour-light).');
    expect(userArticles(home)).toEqual([]);
  });

  it('shows examples in --help', () => {
    const home = newHome();
    const help = ok(runNews(['remove', '--help'], { home })).stdout;
    expect(help).toContain('Usage: news remove [options] <article>');
    expect(help).toMatch(/-y, --yes/);
    expect(help).toContain('$ news remove my-story --yes');
  });
});
