import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchReport, importReport } from '../../src/commands/feed.js';
import { formatError } from '../../src/errors.js';
import type { IO } from '../../src/io.js';
import { ANY_ESCAPE, tempDir, runCommand, whileAnotherProcessRuns } from '../helpers.js';
import { columns } from '../../src/render/text.js';

// eslint-disable-next-line no-control-regex
const SGR = /\u001B\[[0-9;]*m/;
// eslint-disable-next-line no-control-regex
const NON_SGR_ESCAPE = /\u001B(?!\[[0-9;]*m)/;

const TITLE = 'Trump defends Witkoff after leak appears to show envoy coaching Russia';
const HEADINGS = [
  'What happened, the leak and the fallout',
  'Trump’s reaction, “deal-maker” defence',
  'The controversy, why critics are alarmed',
  'What’s next: diplomacy, distrust, and uncertainty',
  'Why this matters, more than politics',
];

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.cleanup());

type IOOptions = Partial<Omit<IO, 'out' | 'err'>>;

/** Runs one command line in a fresh context over the same NEWS_HOME. */
const news = (args: string[], io?: IOOptions): ReturnType<typeof runCommand> => runCommand(home.path, args, io);

function userArticle(slug: string, text: string): string {
  const dir = join(home.path, 'articles');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${slug}.md`);
  writeFileSync(path, text);
  return path;
}

/** Every failing run: one line on stderr, starting `news:`, no stack trace. */
function expectOneLineError(stderr: string): void {
  expect(stderr).toMatch(/^news: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(stderr).not.toMatch(/Error:/);
}

const maxWidth = (text: string): number => Math.max(...text.split('\n').map((line) => [...line.replace(new RegExp(SGR, 'g'), '')].length));

describe('news read', () => {
  it('prints the article, plain when not on a terminal', async () => {
    const { code, stdout, stderr } = await news(['read', 'witkoff-leak']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.startsWith(`${TITLE}\n`)).toBe(true);
    for (const heading of HEADINGS) expect(stdout).toContain(`\n${heading}\n`);
    expect(stdout).toContain("What's Your Reaction?");
    expect(stdout).toContain('React with: news react 😮 witkoff-leak');
    expect(stdout).not.toMatch(ANY_ESCAPE);
  });

  it('accepts a unique prefix', async () => {
    const whole = await news(['read', 'witkoff-leak']);
    const prefix = await news(['read', 'wit']);
    expect(prefix.code).toBe(0);
    expect(prefix.stdout).toBe(whole.stdout);
  });

  it('--section 2 shows only the second section', async () => {
    const { code, stdout } = await news(['read', 'witkoff-leak', '--section', '2']);
    expect(code).toBe(0);
    expect(stdout).toContain(HEADINGS[1]);
    for (const other of [0, 2, 3, 4]) expect(stdout).not.toContain(HEADINGS[other]);
    expect(stdout).toContain('Section 2 of 5 · news sections witkoff-leak');
    expect(stdout).toContain('President Trump responded quickly.');
    expect((await news(['read', 'witkoff-leak', '-s', ' 2 '])).stdout).toBe(stdout);
  });

  it.each(['whats next', "what's next", 'What’s Next', 'WHATS NEXT:', 'next', 'distrust diplomacy'])('--section %j finds section 4 by words', async (words) => {
    const { code, stdout } = await news(['read', 'witkoff-leak', '--section', words]);
    expect(code).toBe(0);
    expect(stdout).toContain(HEADINGS[3]);
    expect(stdout).not.toContain(HEADINGS[0]);
    expect(stdout).toContain('Section 4 of 5');
  });

  it('--section matches ignoring accents', async () => {
    userArticle('cafe', '---\ntitle: Café\n---\n\n## Le café société\n\nUn.\n\n## Après\n\nDeux.\n');
    const { code, stdout } = await news(['read', 'cafe', '--section', 'cafe societe']);
    expect(code).toBe(0);
    expect(stdout).toContain('Le café société');
    expect(stdout).not.toContain('Après');
    expect((await news(['read', 'cafe', '--section', 'APRES'])).stdout).toContain('Section 2 of 2');
  });

  it.each([
    ['0', /there is no section 0: "witkoff-leak" has 5/],
    ['6', /there is no section 6/],
    ['99999999999999999999', /there is no section/],
    ['   ', /--section needs a number or words/],
    ['?!', /--section needs a number or words/],
    ['zebra', /no section heading in "witkoff-leak" has "zebra"/],
    ['the', /"the" is in 2 section headings \(1, 3\)/],
  ])('--section %j is a usage error', async (selector, message) => {
    const { code, stdout, stderr } = await news(['read', 'witkoff-leak', '--section', selector]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr);
    expect(stderr).toMatch(message);
  });

  it('--section on an article without sections is a usage error', async () => {
    userArticle('flat', '---\ntitle: Flat\n---\n\nNo sections.\n');
    const { code, stderr } = await news(['read', 'flat', '--section', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"flat" has no sections/);
  });

  it.each(['19', '0', '1001', 'abc', '80.5', '=-5', ''])('--width %j is refused with exit 2 and a message', async (width) => {
    const args = width.startsWith('=') ? ['read', 'witkoff-leak', `--width${width}`] : ['read', 'witkoff-leak', '--width', width];
    const { code, stdout, stderr } = await news(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr);
    expect(stderr).toContain("from 20 to 1000 (see 'news read --help')");
  });

  it("never puts a full stop before commander's \"(see … --help)\"", async () => {
    const choice = await news(['read', 'witkoff-leak', '--format', 'bogus']);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(/Allowed choices are terminal, text, markdown, html, json \(see 'news read --help'\)\n$/);
    const extra = await news(['read', 'a', 'b']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/Expected 1 argument but got 2 \(see 'news read --help'\)\n$/);
  });

  it.each([20, 45, 1000])('--width %i is honoured', async (width) => {
    const { code, stdout } = await news(['read', 'witkoff-leak', '--width', String(width)]);
    expect(code).toBe(0);
    expect(maxWidth(stdout)).toBeLessThanOrEqual(width);
    if (width < 100) expect(maxWidth(stdout)).toBeGreaterThan(width - 10);
  });

  it('fails with "did you mean" for an unknown article (exit 1)', async () => {
    const { code, stdout, stderr } = await news(['read', 'witkof-lek']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expectOneLineError(stderr);
    expect(stderr).toContain('no article named "witkof-lek"');
    expect(stderr).toContain('Did you mean witkoff-leak?');
  });

  it.each(['../x', '/etc/passwd', 'a/b', 'x'.repeat(101)])('refuses the name %j with exit 2', async (name) => {
    const { code, stderr } = await news(['read', name]);
    expect(code).toBe(2);
    expectOneLineError(stderr);
  });

  it('fails with exit 1 and the problem for a broken article', async () => {
    const path = userArticle('broken', '---\ndek: no title\n---\n\nBody.\n');
    const { code, stdout, stderr } = await news(['read', 'broken']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expectOneLineError(stderr);
    expect(stderr).toContain(`${path}: no title in the front matter`);
    expect(stderr).toContain('Fix the file, or remove it from the article folder');
  });

  it('without a name reads the only article, then the one read last, as sections and react do', async () => {
    const only = await news(['read']);
    expect(only.code).toBe(0);
    expect(only.stdout).toContain(TITLE);
    userArticle('second-story', '---\ntitle: The Second Story\n---\n\nText.\n');
    expect((await news(['read'])).stdout).toContain(TITLE);
    expect((await news(['read', 'second-story'])).code).toBe(0);
    expect((await news(['read'])).stdout).toContain('The Second Story');
  });

  it('without a name, and several articles of which none was read, asks which', async () => {
    userArticle('second-story', '---\ntitle: The Second Story\n---\n\nText.\n');
    const { code, stdout, stderr } = await news(['read']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("news: which article? None has been read yet. Name one, like 'news read witkoff-leak'; 'news list' shows them all\n");
  });
});

describe('--json', () => {
  const SUMMARY_KEYS = ['author', 'date', 'dek', 'feed', 'minutes', 'origin', 'overridesBundled', 'reaction', 'sections', 'slug', 'source', 'tags', 'title', 'unread', 'url', 'words'];

  it('list: an array of summaries with exactly the documented keys', async () => {
    const { code, stdout } = await news(['list', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0] ?? {}).sort()).toEqual(SUMMARY_KEYS);
    expect(list[0]).toMatchObject({ slug: 'witkoff-leak', title: TITLE, date: null, author: null, source: null, tags: [], sections: 5, origin: 'bundled', overridesBundled: false, reaction: null });
    expect(stdout.endsWith('}\n]\n')).toBe(true);
  });

  it('read: the summary keys plus prompt, lede and sections', async () => {
    const { code, stdout } = await news(['read', 'witkoff-leak', '--json']);
    expect(code).toBe(0);
    const article = JSON.parse(stdout) as { sections: Record<string, unknown>[] } & Record<string, unknown>;
    expect(Object.keys(article).sort()).toEqual([...SUMMARY_KEYS, 'lede', 'prompt'].sort());
    expect(article.prompt).toBe("What's Your Reaction?");
    expect(article.sections).toHaveLength(5);
    for (const section of article.sections) expect(Object.keys(section).sort()).toEqual(['heading', 'markdown', 'number', 'words']);
    expect(article.sections.map((s) => s.heading)).toEqual(HEADINGS);
    expect(stdout).not.toMatch(ANY_ESCAPE);
  });

  it('read --section: only the chosen section and no lede', async () => {
    const { stdout } = await news(['read', 'witkoff-leak', '--json', '--section', 'whats next']);
    const article = JSON.parse(stdout) as { sections: { number: number }[]; lede: string };
    expect(article.sections.map((s) => s.number)).toEqual([4]);
    expect(article.lede).toBe('');
  });

  it('sections: slug, title and numbered sections with exactly the documented keys', async () => {
    const { code, stdout } = await news(['sections', 'witkoff-leak', '--json']);
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as { sections: Record<string, unknown>[] };
    expect(Object.keys(data).sort()).toEqual(['sections', 'slug', 'title']);
    expect(data.sections.map((s) => Object.keys(s).sort())).toEqual(HEADINGS.map(() => ['heading', 'minutes', 'number', 'words']));
    expect(data.sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stays plain JSON even when colour is forced', async () => {
    const { stdout } = await news(['read', 'witkoff-leak', '--json'], { stdoutIsTTY: true, colorLevel: 3 });
    expect(stdout).not.toMatch(ANY_ESCAPE);
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
  });
});

describe('news sections', () => {
  it('lists the numbered headings of a named article', async () => {
    const { code, stdout } = await news(['sections', 'witkoff-leak']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(TITLE);
    HEADINGS.forEach((heading, index) => expect(lines[index + 1]).toMatch(new RegExp(`^${index + 1}  ${heading}\\s+\\d+ words · \\d+ min$`)));
  });

  it('uses the article read last', async () => {
    userArticle('other-story', '---\ntitle: Other story\n---\n\n## Alpha\n\nA.\n');
    expect((await news(['read', 'other'])).code).toBe(0);
    const { code, stdout } = await news(['sections']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Other story\n1 {2}Alpha/);
  });

  it('uses the only article when nothing has been read', async () => {
    const { code, stdout } = await news(['sections']);
    expect(code).toBe(0);
    expect(stdout.startsWith(`${TITLE}\n`)).toBe(true);
  });

  it('asks which article when there are several and none was read', async () => {
    userArticle('other-story', '---\ntitle: Other story\n---\n\nText.\n');
    const { code, stdout, stderr } = await news(['sections']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr);
    expect(stderr).toContain('which article?');
    expect(stderr).toContain("Name one, like 'news sections witkoff-leak'");
  });

  it('says so when the article read last has gone, rather than showing another', async () => {
    const path = userArticle('gone-soon', '---\ntitle: Gone soon\n---\n\nText.\n');
    expect((await news(['read', 'gone-soon'])).code).toBe(0);
    rmSync(path);
    const { code, stdout, stderr } = await news(['sections']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^news: the article you read last, "gone-soon", is no longer in the library\. Name one, like 'news sections witkoff-leak'/);
  });
});

describe('what news add and news react say', () => {
  it('is wrapped on a narrow terminal, never inside the command to type next, and one line in a pipe', async () => {
    const file = join(home.path, 'story.md');
    writeFileSync(file, '# Ferry fares to rise in *autumn*\n\nThe council agreed.\n');
    const terminal = { stdoutIsTTY: true, columns: 40 };
    const added = await news(['add', file], terminal);
    expect(added.code).toBe(0);
    const lines = added.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines).toContain('news read ferry-fares-to-rise-in-autumn');
    const reacted = await news(['react', 'wow', 'ferry-fares-to-rise-in-autumn'], terminal);
    const reactedLines = reacted.stdout.trimEnd().split('\n');
    expect(reactedLines.length).toBeGreaterThan(1);
    for (const line of reactedLines) expect(columns(line)).toBeLessThanOrEqual(40);
    expect(reactedLines.join(' ')).toBe('Reacted 😮 wow to “Ferry fares to rise in autumn”.');
    expect((await news(['react', 'sad', 'ferry-fares-to-rise-in-autumn'])).stdout).toBe('Changed your reaction to “Ferry fares to rise in autumn” from 😮 wow to 😢 sad.\n');
  });
});

describe('news list', () => {
  it('shows bundled and user articles, and says which replace a bundled one', async () => {
    userArticle('my-notes', '---\ntitle: My notes\n---\n\nText.\n');
    userArticle('witkoff-leak', '---\ntitle: My Witkoff\n---\n\nText.\n');
    const { code, stdout, stderr } = await news(['list']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^my-notes\s+My notes\s+1 min · yours$/);
    expect(lines[1]).toMatch(/^witkoff-leak\s+My Witkoff\s+1 min · yours, over the bundled one$/);
    const json = JSON.parse((await news(['list', '--json'])).stdout) as { slug: string; origin: string; overridesBundled: boolean }[];
    expect(json.map(({ slug, origin, overridesBundled }) => [slug, origin, overridesBundled])).toEqual([
      ['my-notes', 'user', false],
      ['witkoff-leak', 'user', true],
    ]);
  });

  it('is what `news` with no command does', async () => {
    const bare = await news([]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toBe((await news(['list'])).stdout);
    expect(bare.stdout).toContain('witkoff-leak');
  });

  it('warns about a broken article on stderr, naming the file, and still succeeds', async () => {
    const path = userArticle('broken', 'no front matter at all\n');
    const misnamed = userArticle('Bad_Name', '---\ntitle: x\n---\n');
    for (const args of [['list'], ['list', '--json']]) {
      const { code, stdout, stderr } = await news(args);
      expect(code).toBe(0);
      expect(stdout).toContain('witkoff-leak');
      expect(stdout).not.toContain('broken');
      expect(stderr).toContain(`news: warning: ${path}: no front matter`);
      expect(stderr).toContain(`news: warning: ${misnamed}: "Bad_Name" is not an article name`);
    }
  });

  it('warns about a file that is not UTF-8', async () => {
    const path = userArticle('latin', '');
    writeFileSync(path, Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]));
    const { code, stderr } = await news(['list']);
    expect(code).toBe(0);
    expect(stderr).toContain(`${path}: is not UTF-8 text`);
  });
});

describe('the command line', () => {
  it.each([['--help'], ['-h'], ['read', '--help']])('%j shows help with examples and exits 0', async (...args) => {
    const { code, stdout } = await news(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toMatch(/Usage: news/);
  });

  it('main help names the data folder', async () => {
    expect((await news(['--help'])).stdout).toContain(home.path);
  });

  it.each([['--version'], ['-V']])('%j prints the version and exits 0', async (...args) => {
    const { code, stdout, stderr } = await news(args);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    expect(stderr).toBe('');
  });

  it.each([['bogus'], ['Read'], ['--bogus'], ['read', 'witkoff-leak', '--bogus']])('%j is a usage error with exit 2', async (...args) => {
    const { code, stdout, stderr } = await news(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr);
  });

  it('suggests `news read` for an unknown command that is an article, or the start of one', async () => {
    for (const name of ['witkoff-leak', 'witkoff']) {
      const { stderr } = await news([name]);
      expect(stderr).toBe(`news: unknown command '${name}'. To read it: news read ${name}. See 'news --help'\n`);
    }
  });

  it('suggests no article for an unknown command that names none', async () => {
    const { code, stderr } = await news(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toBe("news: unknown command 'frobnicate'. See 'news --help'\n");
    expect((await news(['help', 'frobnicate'])).stderr).toBe("news: unknown command 'frobnicate'. See 'news --help'\n");
  });

  // Each command that fetches, with the address (or none) that gets it past its options
  // without the network: fetch follows no feeds, add reads an empty standard input, and feed
  // add is refused an address that is not http.
  const fetching: [string, string[]][] = [
    ['add', ['add', '-']],
    ['feed add', ['feed', 'add', 'ftp://harbour.example/feed.xml']],
    ['fetch', ['fetch']],
  ];
  it.each(fetching)('%s takes --timeout from 1 to 3600 seconds, as its message says', async (name, args) => {
    for (const value of ['0.001', '0.5', '0.999', '0', '3600.5', '3601', '-1', '1e3', 'ten', '']) {
      const { code, stderr } = await news([...args, '--timeout', value]);
      expect(code, value).toBe(2);
      expect(stderr).toBe(`news: option '--timeout <seconds>' argument '${value}' is invalid. Give a number of seconds from 1 to 3600 (see 'news ${name} --help')\n`);
    }
    for (const value of ['1', '1.5', '30', '3600']) {
      const { stderr } = await news([...args, '--timeout', value]);
      expect(stderr, value).not.toContain('--timeout');
    }
  });
});

describe('colour', () => {
  const read = (io: IOOptions, ...extra: string[]) => news(['read', 'witkoff-leak', ...extra], io);

  it('is off when not on a terminal', async () => {
    expect((await read({})).stdout).not.toMatch(ANY_ESCAPE);
  });

  it('is on for a colour terminal, and only ever SGR', async () => {
    const { stdout } = await read({ stdoutIsTTY: true, columns: 100, env: { TERM: 'xterm-256color' } });
    expect(stdout).toMatch(SGR);
    expect(stdout).not.toMatch(NON_SGR_ESCAPE);
    expect(stdout.replace(new RegExp(SGR, 'g'), '')).not.toMatch(ANY_ESCAPE);
  });

  it.each([
    ['NO_COLOR=1 on a terminal', { stdoutIsTTY: true, env: { TERM: 'xterm-256color', NO_COLOR: '1' } }, false],
    ['NO_COLOR empty is ignored', { stdoutIsTTY: true, env: { TERM: 'xterm-256color', NO_COLOR: '' } }, true],
    ['FORCE_COLOR=1 in a pipe', { env: { FORCE_COLOR: '1' } }, true],
    ['FORCE_COLOR=3 beats NO_COLOR', { env: { FORCE_COLOR: '3', NO_COLOR: '1' } }, true],
    ['FORCE_COLOR=0 on a terminal', { stdoutIsTTY: true, env: { TERM: 'xterm-256color', FORCE_COLOR: '0' } }, false],
    ['TERM=dumb', { stdoutIsTTY: true, env: { TERM: 'dumb' } }, false],
  ] as [string, IOOptions, boolean][])('%s', async (_name, io, coloured) => {
    const { code, stdout } = await read(io);
    expect(code).toBe(0);
    expect(SGR.test(stdout)).toBe(coloured);
    expect(stdout).not.toMatch(NON_SGR_ESCAPE);
  });

  it('--no-color turns it off, before or after the command', async () => {
    const forced: IOOptions = { stdoutIsTTY: true, colorLevel: 3 };
    expect((await news(['read', 'witkoff-leak'], forced)).stdout).toMatch(SGR);
    for (const args of [['--no-color', 'read', 'witkoff-leak'], ['read', 'witkoff-leak', '--no-color'], ['--no-color', 'sections', 'witkoff-leak'], ['--no-color', 'list']]) {
      const { code, stdout } = await news(args, forced);
      expect(code).toBe(0);
      expect(stdout).not.toMatch(ANY_ESCAPE);
    }
  });
});

describe('width', () => {
  const read = async (io: IOOptions, ...extra: string[]) => (await news(['read', 'witkoff-leak', ...extra], io)).stdout;

  it('is 80 when not on a terminal, whatever the columns say', async () => {
    const byDefault = await read({ columns: 40 });
    expect(byDefault).toBe(await read({}, '--width', '80'));
    expect(maxWidth(byDefault)).toBe(80); // the footer rule spans the width
  });

  it('is the terminal width on a narrow terminal', async () => {
    expect(await read({ stdoutIsTTY: true, columns: 50 })).toBe(await read({ stdoutIsTTY: true }, '--width', '50'));
  });

  it('is at most 80 on a wide terminal', async () => {
    expect(await read({ stdoutIsTTY: true, columns: 200 })).toBe(await read({ stdoutIsTTY: true }, '--width', '80'));
  });

  it('is 80 on a terminal of unknown size, and never below 20', async () => {
    expect(await read({ stdoutIsTTY: true })).toBe(await read({ stdoutIsTTY: true }, '--width', '80'));
    expect(await read({ stdoutIsTTY: true, columns: 5 })).toBe(await read({ stdoutIsTTY: true }, '--width', '20'));
  });

  it('--width wins over the terminal', async () => {
    const wide = await read({ stdoutIsTTY: true, columns: 50 }, '--width', '70');
    expect(wide).toBe(await read({ stdoutIsTTY: true, columns: 200 }, '--width', '70'));
    expect(maxWidth(wide)).toBe(70);
  });
});

describe('last read', () => {
  const lastReadPath = (): string => join(home.path, 'last-read.txt');
  const statePath = (): string => join(home.path, 'state.json');

  it('is written to NEWS_HOME/last-read.txt, the article\'s name on a line, leaving no temp files', async () => {
    expect((await news(['read', 'wit'])).code).toBe(0);
    expect(readFileSync(lastReadPath(), 'utf8')).toBe('witkoff-leak\n');
    expect(readdirSync(home.path).sort()).toEqual(['last-read.txt']);
  });

  it('is updated by each read, including --json and --section', async () => {
    userArticle('other-story', '---\ntitle: Other\n---\n\n## A\n\nText.\n');
    await news(['read', 'other-story', '--json']);
    expect(readFileSync(lastReadPath(), 'utf8')).toBe('other-story\n');
    await news(['read', 'witkoff-leak', '--section', '1']);
    expect(readFileSync(lastReadPath(), 'utf8')).toBe('witkoff-leak\n');
    expect(readdirSync(home.path).sort()).toEqual(['articles', 'last-read.txt']);
  });

  it('removes the temp files of readers that were killed on the way, and only those', async () => {
    await whileAnotherProcessRuns(async (pid) => {
      const live = `last-read.txt.${pid}000000007`;
      writeFileSync(join(home.path, live), 'other-story\n');
      writeFileSync(join(home.path, 'last-read.txt.1234567'), 'witk');
      writeFileSync(join(home.path, 'last-read.txt.bak'), 'kept');
      await news(['read', 'witkoff-leak']);
      expect(readdirSync(home.path).sort()).toEqual(['last-read.txt', live, 'last-read.txt.bak'].sort());
    });
  });

  it('is not written by a failed read', async () => {
    await news(['read', 'nope']);
    await news(['read', 'witkoff-leak', '--section', '9']);
    expect(readdirSync(home.path)).toEqual([]);
  });

  it('is what state.json says where there is no last-read.txt yet (as an older news kept it), which the first read then drops', async () => {
    userArticle('other-story', '---\ntitle: Other\n---\n\n## Only\n\nText.\n');
    writeFileSync(statePath(), '{"version": 1, "lastRead": "other-story", "positions": {}}\n');
    const { code, stdout } = await news(['sections']);
    expect(code).toBe(0);
    expect(stdout).toContain('Only');
    await news(['read', 'witkoff-leak']);
    expect(JSON.parse(readFileSync(statePath(), 'utf8'))).toEqual({ version: 1, positions: {} });
    expect((await news(['sections'])).stdout).not.toContain('Only');
    // Deleted, as its warning suggests when it cannot be understood, it brings no old one back.
    rmSync(lastReadPath());
    const sections = await news(['sections']);
    expect(sections.code).toBe(2);
    expect(sections.stderr).toContain('which article?');
  });

  it.each(['', '\0'.repeat(12), 'witk\0\0\0\0'])('remembers nothing when the file holds %j, as a power cut may leave it, and is written again by the next read', async (left) => {
    userArticle('other-story', '---\ntitle: Other\n---\n\n## Only\n\nText.\n');
    writeFileSync(lastReadPath(), left);
    writeFileSync(statePath(), '{"version": 1, "lastRead": "other-story"}\n');
    const sections = await news(['sections']);
    expect(sections.code).toBe(2);
    expect(sections.stderr).toContain('which article?');
    expect((await news(['read', 'other-story'])).stderr).toBe('');
    expect(readFileSync(lastReadPath(), 'utf8')).toBe('other-story\n');
  });

  it('reads a name ended by CRLF, as an editor on Windows may save it', async () => {
    userArticle('other-story', '---\ntitle: Other\n---\n\n## Only\n\nText.\n');
    writeFileSync(lastReadPath(), 'other-story\r\n');
    const { stdout, stderr } = await news(['sections']);
    expect(stderr).toBe('');
    expect(stdout).toContain('Only');
  });

  it.each(['witkoff-leak\nother\n', 'Witkoff-Leak\n', '\u001b[31mred\n', 'x'.repeat(101), '\n'])(
    'a last-read.txt that holds no article\'s name (%j) is left byte for byte and warned about',
    async (odd) => {
      writeFileSync(lastReadPath(), odd);
      const { code, stdout, stderr } = await news(['read', 'witkoff-leak']);
      expect(code).toBe(0);
      expect(stdout).toContain(TITLE);
      expect(stderr).toBe(`news: warning: ${lastReadPath()} does not hold the name of an article, so it was left as it is; delete it to start afresh\n`);
      expect(readFileSync(lastReadPath(), 'utf8')).toBe(odd);
      const sections = await news(['sections']);
      expect(sections.code).toBe(0); // the only article, as with none remembered
      expect(sections.stderr).toContain('does not hold the name of an article');
      expect(readdirSync(home.path)).toEqual(['last-read.txt']);
    },
  );

  it.each(['{not json', '[1,2]', '{"version": 2, "lastRead": "x"}', '{"version": 1, "lastRead": 5}', '', 'null'])(
    'a corrupt state.json (%j) is left byte for byte, warned about where it is asked, and no read depends on it',
    async (corrupt) => {
      writeFileSync(statePath(), corrupt);
      const before = readFileSync(statePath());
      const sections = await news(['sections']);
      expect(sections.code).toBe(0);
      expect(sections.stderr).toContain(`news: warning: ${statePath()} is not a state file news understands`);
      expect(sections.stderr.match(/not a state file/g)).toHaveLength(1);
      const { code, stdout, stderr } = await news(['read', 'witkoff-leak']);
      expect(code).toBe(0);
      expect(stdout).toContain(TITLE);
      expect(stderr).toBe('');
      expect((await news(['sections'])).stderr).toBe('');
      expect(readFileSync(statePath()).equals(before)).toBe(true);
      expect(readdirSync(home.path).sort()).toEqual(['last-read.txt', 'state.json']);
    },
  );
});

describe('what news fetch says', () => {
  it.each([
    // total, failed: the line on what was fetched, then the error (undefined: none)
    [1, 0, 'fetched 1 feed: 2 new articles. See them with: news list --unread', undefined],
    [3, 0, 'fetched 3 feeds: 2 new articles. See them with: news list --unread', undefined],
    [1, 1, undefined, "the feed could not be fetched. See 'news feed list' for its last error"],
    [3, 3, undefined, "none of the 3 feeds could be fetched. See 'news feed list' for each one's last error"],
    [2, 1, 'fetched 1 of 2 feeds: 2 new articles. See them with: news list --unread', "1 of 2 feeds could not be fetched (the other one was). See 'news feed list' for its last error"],
    [3, 1, 'fetched 2 of 3 feeds: 2 new articles. See them with: news list --unread', "1 of 3 feeds could not be fetched (the other 2 were). See 'news feed list' for its last error"],
    [3, 2, 'fetched 1 of 3 feeds: 2 new articles. See them with: news list --unread', "2 of 3 feeds could not be fetched (the other one was). See 'news feed list' for each one's last error"],
  ])('%i feeds, %i failing', (total, failed, fetched, failure) => {
    const report = fetchReport(total, failed, 2, 0);
    expect(report.fetched).toBe(fetched);
    expect(report.failure && formatError(report.failure)).toBe(failure && `news: ${failure}`);
    expect(report.failure?.exitCode).toBe(failure === undefined ? undefined : 1);
  });

  it('counts updated articles, and sends no one to an empty list', () => {
    expect(fetchReport(1, 0, 1, 3).fetched).toBe('fetched 1 feed: 1 new article, 3 updated. See them with: news list --unread');
    expect(fetchReport(2, 0, 0, 0).fetched).toBe('fetched 2 feeds: 0 new articles');
  });
});

describe('what news feed import says', () => {
  it.each([
    // added, followed already, left out (not http): what it says
    [2, 0, 0, 'Now following 2 more feeds. Fetch them with: news fetch'],
    [1, 2, 1, 'Now following 1 more feed (2 feeds you follow already). Fetch them with: news fetch'],
    [0, 0, 0, 'There are no feeds in subs.opml; nothing was imported.'],
    [0, 0, 2, 'There are no feeds news can fetch in subs.opml; nothing was imported.'],
    [0, 1, 0, 'You already follow the feed in subs.opml; nothing was imported.'],
    [0, 3, 1, 'You already follow the 3 feeds in subs.opml that news can fetch; nothing was imported.'],
  ])('%i added, %i followed already, %i left out', (added, followed, leftOut, said) => {
    expect(importReport('subs.opml', added, followed, leftOut)).toBe(said);
  });

  it('keeps escape codes in the file name off the terminal', () => {
    expect(importReport('subs\u001B[2J.opml', 0, 0, 0)).not.toMatch(ANY_ESCAPE);
  });
});
