// End-to-end tests of the reading path: the real binary (bin/news.cjs → dist/news.cjs), run as a
// user would, piped and under a pseudo-terminal. Build first: `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { ANY_ESCAPE, BIN, BUNDLED_ARTICLES, FIXTURES, ROOT, cleanEnv, runNews, runNewsInTerminal, type RunResult, expectOneErrorLine, startNews, tempHomes } from '../helpers.js';

const SLUG = 'witkoff-leak';
const FIXTURE_LINES = readFileSync(join(FIXTURES, `${SLUG}.txt`), 'utf8').split('\n').filter((line) => line.trim() !== '');
const TITLE = FIXTURE_LINES[0] ?? '';
const DEK = FIXTURE_LINES[1] ?? '';
const PROMPT = FIXTURE_LINES.at(-1) ?? '';
const HEADINGS = readFileSync(join(BUNDLED_ARTICLES, `${SLUG}.md`), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('## '))
  .map((line) => line.slice(3).trim());
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const SGR_SOURCE = `${String.fromCharCode(0x1b)}\\[[0-9;]*m`;
const SGR = new RegExp(SGR_SOURCE, 'g');
const HAS_SGR = new RegExp(SGR_SOURCE);

/** Styled with SGR codes only, or plain, as the case asks. */
function expectColour(stdout: string, colour: boolean): void {
  if (colour) {
    expect(stdout).toMatch(HAS_SGR);
    expectOnlySgr(stdout);
  } else {
    expectPlain(stdout);
  }
}

/** A fresh data folder (NEWS_HOME), removed after the test. */
const newHome = tempHomes('news-e2e-');

/** A data folder with these files in its articles/ folder. */
function homeWithArticles(files: Record<string, string | Buffer>): string {
  const home = newHome();
  const dir = join(home, 'articles');
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return home;
}

function article(title: string, body = 'A lede.\n\n## First\n\nSome text.\n\n## Second\n\nMore text.\n'): string {
  return `---\ntitle: ${JSON.stringify(title)}\n---\n\n${body}`;
}

function linesOf(text: string): string[] {
  const lines = text.replace(SGR, '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function widest(text: string): number {
  return Math.max(0, ...linesOf(text).map((line) => stringWidth(line)));
}

/** Undoes the wrapping: lines joined with spaces, runs of white space collapsed. */
function unwrapped(text: string): string {
  return linesOf(text).join(' ').replace(/\s+/g, ' ').trim();
}

function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Escape sequences other than SGR styling, or control characters other than newline. */
function expectOnlySgr(text: string): void {
  expect(text.replace(SGR, '')).not.toMatch(ANY_ESCAPE);
}

function expectPlain(text: string): void {
  expect(text).not.toMatch(ANY_ESCAPE);
}


describe('news read, piped', () => {
  it('prints the whole article as plain text from another folder', () => {
    const home = newHome();
    const cwd = newHome(); // any other folder: news must not care where it runs
    const result = runNews(['read', SLUG], { home, cwd });
    expect(result.stderr).toBe('');
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expectPlain(result.stdout);

    const lines = linesOf(result.stdout);
    expect(lines[0]).toBe(TITLE);
    expect(lines[1]).toMatch(/^═+$/);
    expect(unwrapped(result.stdout)).toContain(normalized(DEK));

    expect(HEADINGS).toHaveLength(5);
    let previous = -1;
    for (const heading of HEADINGS) {
      const at = lines.indexOf(heading);
      expect(at, heading).toBeGreaterThan(previous);
      expect(lines[at + 1], `rule under ${heading}`).toMatch(/^─+$/);
      expect(stringWidth(lines[at + 1] ?? '')).toBe(stringWidth(heading));
      previous = at;
    }

    const text = unwrapped(result.stdout);
    for (const paragraph of FIXTURE_LINES.slice(0, -1)) expect(text).toContain(normalized(paragraph));
    // The closing question is the footer's prompt, under a full-width rule.
    const prompt = lines.indexOf(PROMPT);
    expect(prompt).toBeGreaterThan(previous);
    expect(lines[prompt - 1]).toBe('─'.repeat(80));

    expect(widest(result.stdout)).toBeLessThanOrEqual(80);
  });

  it('wraps to --width', () => {
    const home = newHome();
    const result = runNews(['read', SLUG, '--width', '40'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(result.stderr).toBe('');
    expect(widest(result.stdout)).toBeLessThanOrEqual(40);
    // Wrapped, not cut: every paragraph is still all there.
    const text = unwrapped(result.stdout);
    for (const paragraph of FIXTURE_LINES.slice(2, -1)) expect(text).toContain(normalized(paragraph));
  });

  it.each([['5'], ['abc'], ['-3'], ['1001']])('refuses --width %s with one line', (width) => {
    const home = newHome();
    expectOneErrorLine(runNews(['read', SLUG, '--width', width], { home }), 2);
  });

  it('finds an article by a unique prefix', () => {
    const home = newHome();
    const result = runNews(['read', 'witkoff'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(linesOf(result.stdout)[0]).toBe(TITLE);
  });

  it('asks which one when a prefix matches several', () => {
    const home = homeWithArticles({ 'abc-one.md': article('One'), 'abc-two.md': article('Two') });
    const result = runNews(['read', 'abc'], { home });
    expectOneErrorLine(result, 2);
    expect(result.stderr).toContain('abc-one');
    expect(result.stderr).toContain('abc-two');
  });

  it('suggests the nearest name for a misspelt one', () => {
    const home = newHome();
    const result = runNews(['read', 'witkof-leek'], { home });
    expectOneErrorLine(result, 1);
    expect(result.stderr.toLowerCase()).toContain('did you mean witkoff-leak');
  });

  it.each([['../etc/passwd'], ['/etc/passwd'], ['a/b'], [''], ['a'.repeat(101)], ['Witkoff-Leak'], ['witkoff-leak.md']])(
    'refuses the name %j as a usage error',
    (name) => {
      const home = newHome();
      const result = runNews(['read', name], { home });
      expectOneErrorLine(result, 2);
      expect(result.stderr).not.toContain('root:');
    },
  );

  it('stops quietly when the reader closes the pipe early', () => {
    const home = newHome();
    const result = spawnSync(
      'bash',
      ['-c', 'set +o pipefail; "$0" read witkoff-leak 2>"$HOME_ERR" | head -3; echo "${PIPESTATUS[0]}" >"$HOME_STATUS"', BIN],
      { cwd: home, env: { ...cleanEnv(home), HOME_ERR: join(home, 'err'), HOME_STATUS: join(home, 'status') }, encoding: 'utf8' },
    );
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([TITLE, expect.stringMatching(/^═+$/), expect.stringContaining('The US president')]);
    expect(readFileSync(join(home, 'err'), 'utf8')).toBe('');
    expect(readFileSync(join(home, 'status'), 'utf8').trim()).toBe('0');
  });

  it('stops quietly when the pipe closes with far more output than the pipe buffer holds', () => {
    const paragraphs = Array.from({ length: 1500 }, (_, i) => `Paragraph ${i} has words enough to fill a line and wrap around once more.`);
    const home = homeWithArticles({ 'long-read.md': article('A long read', paragraphs.join('\n\n')) });
    const result = spawnSync(
      'bash',
      ['-c', 'set +o pipefail; "$0" read long-read 2>"$HOME_ERR" | head -1; echo "${PIPESTATUS[0]}" >"$HOME_STATUS"', BIN],
      { cwd: home, env: { ...cleanEnv(home), HOME_ERR: join(home, 'err'), HOME_STATUS: join(home, 'status') }, encoding: 'utf8' },
    );
    expect(result.stdout).toBe('A long read\n');
    expect(readFileSync(join(home, 'err'), 'utf8')).toBe('');
    expect(readFileSync(join(home, 'status'), 'utf8').trim()).toBe('0');
  });
});

describe('colour', () => {
  const cases: [string, string[], Record<string, string>, boolean][] = [
    ['plain pipe', [], {}, false],
    ['pipe with TERM=xterm-256color', [], { TERM: 'xterm-256color' }, false],
    ['NO_COLOR=1', [], { NO_COLOR: '1' }, false],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0' }, false],
    ['--no-color', ['--no-color'], {}, false],
    ['FORCE_COLOR=1', [], { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=1 and --no-color', ['--no-color'], { FORCE_COLOR: '1' }, false],
  ];
  it.each(cases)('piped, %s', (_name, flags, env, colour) => {
    const home = newHome();
    const result = runNews(['read', SLUG, ...flags], { home, env });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(result.stderr).toBe('');
    expectColour(result.stdout, colour);
    expect(linesOf(result.stdout)[0]).toBe(TITLE);
  });

  const terminalCases: [string, string[], Record<string, string>, boolean][] = [
    ['TERM=xterm-256color', [], {}, true],
    ['NO_COLOR=1', [], { NO_COLOR: '1' }, false],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0' }, false],
    ['TERM=dumb', [], { TERM: 'dumb' }, false],
    ['--no-color after the command', ['read', SLUG, '--no-color'], {}, false],
    ['--no-color before the command', ['--no-color', 'read', SLUG], {}, false],
    ['NO_COLOR=1 and FORCE_COLOR=1', [], { NO_COLOR: '1', FORCE_COLOR: '1' }, true],
  ];
  it.each(terminalCases)('on a terminal, %s', (_name, args, env, colour) => {
    const home = newHome();
    const result = runNewsInTerminal(args.length > 0 ? args : ['read', SLUG], { home, columns: 100, env });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expectColour(result.stdout, colour);
    expect(linesOf(result.stdout)[0]).toBe(TITLE);
  });

  it('styles lists of articles and sections only with SGR, and not at all when piped', () => {
    const home = newHome();
    for (const args of [['list'], ['sections', SLUG], []]) {
      const piped = runNews(args, { home });
      expect(piped.status, piped.stderr || piped.stdout).toBe(0);
      expectPlain(piped.stdout);
      // 'news' alone on a terminal browses full-screen (test/e2e/browse.test.ts).
      if (args.length === 0) continue;
      const terminal = runNewsInTerminal(args, { home, columns: 100 });
      expect(terminal.status, terminal.stderr || terminal.stdout).toBe(0);
      expect(terminal.stdout).toMatch(HAS_SGR);
      expectOnlySgr(terminal.stdout);
    }
  });

  it('sets lists to the whole width of a wide terminal, and to 80 columns in a pipe', () => {
    const home = newHome();
    expect(runNews(['react', '😮', SLUG], { home }).status).toBe(0);
    for (const args of [['list'], ['reactions']]) {
      const wide = runNewsInTerminal([...args, '--no-color'], { home, columns: 120 });
      expect(wide.status, wide.stderr || wide.stdout).toBe(0);
      const row = wide.stdout.split(/\r?\n/).find((line) => line.includes('Trump')) ?? '';
      expect(row, args.join(' ')).toContain(TITLE);
      expect(stringWidth(row)).toBeLessThanOrEqual(120);
      const piped = runNews(args, { home }).stdout.split('\n').find((line) => line.includes('Trump')) ?? '';
      expect(piped, args.join(' ')).not.toContain(TITLE);
      expect(stringWidth(piped)).toBeLessThanOrEqual(80);
    }
  });

  it('keeps tables free of colour without colour', () => {
    const home = homeWithArticles({ 'table.md': article('Tables', '| Party | Seats |\n|---|---|\n| One | 12 |\n| Two | 7 |\n') });
    const piped = runNews(['read', 'table'], { home });
    expect(piped.status, piped.stderr || piped.stdout).toBe(0);
    expect(piped.stdout).toContain('Party');
    expectPlain(piped.stdout);
    const terminal = runNewsInTerminal(['read', 'table', '--no-color'], { home, columns: 100 });
    expect(terminal.stdout).toContain('Seats');
    expectPlain(terminal.stdout);
  });
});

describe('code and tables', () => {
  const wide = `| Name | Description |\n|---|---|\n| alpha | The first letter of the Greek alphabet, used here to make the cell long enough to wrap |\n| beta | two |\n`;
  const code = '```\ndef f(x):\n    return  x   *  2   # doubled, with a comment long enough to pass forty columns\n```\n';

  it('keep code\'s spaces and fit a wide table to the width, piped and on a terminal', () => {
    const home = homeWithArticles({ 'layout.md': article('Layout', `${wide}\n${code}`) });
    const piped = runNews(['read', 'layout', '--width', '40'], { home });
    expect(piped.status, piped.stderr).toBe(0);
    const terminal = runNewsInTerminal(['read', 'layout'], { home, columns: 40 });
    expect(terminal.status, terminal.stderr).toBe(0);
    for (const output of [piped.stdout, terminal.stdout.replace(SGR, '').replaceAll('\r', '')]) {
      expect(widest(output)).toBeLessThanOrEqual(40);
      expect(output).toContain('      return  x   *  2   # doubled, with');
      const table = output.split('\n').filter((line) => /^[┌│├└]/.test(line));
      // Every line of the table as wide as the first: the columns line up.
      expect(new Set(table.map((line) => stringWidth(line))).size).toBe(1);
      expect(table.join(' ')).toContain('│ beta  │ two');
    }
  });
});

describe('soft hyphens', () => {
  it('are left out of what list, read and search show, and search finds the word they split', () => {
    const home = homeWithArticles({ 'shy.md': article('Vladi\u00ADmir in the har\u00ADbour', 'Vladi\u00ADmir Pu\u00ADtin met the har\u00ADbour council.\n') });
    for (const args of [['list'], ['read', 'shy'], ['search', 'vladimir'], ['search', 'harbour']]) {
      const result = runNews(args, { home });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout).not.toContain('\u00AD');
      expect(result.stdout).toContain('Vladimir');
    }
  });
});

describe('the measure on a terminal', () => {
  it('is 80 columns on a 100-column terminal', () => {
    const home = newHome();
    const result = runNewsInTerminal(['read', SLUG], { home, columns: 100 });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    // The footer rule spans the measure, so the widest line is exactly the measure.
    expect(widest(result.stdout)).toBe(80);
  });

  it('is the terminal width on a 50-column terminal', () => {
    const home = newHome();
    const result = runNewsInTerminal(['read', SLUG], { home, columns: 50 });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(widest(result.stdout)).toBe(50);
    const text = unwrapped(result.stdout);
    for (const paragraph of FIXTURE_LINES.slice(2, -1)) expect(text).toContain(normalized(paragraph));
  });

  it('--width wins over the terminal', () => {
    const home = newHome();
    const result = runNewsInTerminal(['read', SLUG, '--width', '30'], { home, columns: 100 });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(widest(result.stdout)).toBe(30);
  });
});

describe('sections', () => {
  it('--section 2 shows only the second section', () => {
    const home = newHome();
    const result = runNews(['read', SLUG, '--section', '2'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    const lines = linesOf(result.stdout);
    expect(lines[0]).toBe(TITLE);
    HEADINGS.forEach((heading, index) => {
      if (index === 1) expect(lines).toContain(heading);
      else expect(lines).not.toContain(heading);
    });
    expect(unwrapped(result.stdout)).toContain('President Trump responded quickly.');
    expect(unwrapped(result.stdout)).not.toContain('In November 2025');
    expect(result.stdout).toContain('Section 2 of 5');
  });

  it.each([["what's next"], ['WHATS NEXT'], ['uncertainty'], ['4']])('--section %j finds section 4', (selector) => {
    const home = newHome();
    const result = runNews(['read', SLUG, '--section', selector], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    const lines = linesOf(result.stdout);
    expect(lines).toContain(HEADINGS[3]);
    for (const other of HEADINGS.filter((_, index) => index !== 3)) expect(lines).not.toContain(other);
  });

  it.each([['0'], ['6'], ['no such words'], ['what']])('refuses --section %j', (selector) => {
    const home = newHome();
    expectOneErrorLine(runNews(['read', SLUG, '--section', selector], { home }), 2);
  });

  function expectSectionList(stdout: string): void {
    const lines = linesOf(stdout);
    expect(lines[0]).toBe(TITLE);
    expect(lines).toHaveLength(6);
    HEADINGS.forEach((heading, index) => {
      expect(lines[index + 1]).toMatch(new RegExp(`^${index + 1}  `));
      expect(lines[index + 1]).toContain(heading);
      expect(lines[index + 1]).toMatch(/\d+ words · \d+ min$/);
    });
  }

  it('news sections lists the sections of the article read last', () => {
    const home = homeWithArticles({ 'other-story.md': article('Another story') });
    expect(runNews(['read', SLUG], { home }).status).toBe(0);
    const result = runNews(['sections'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(result.stderr).toBe('');
    expectSectionList(result.stdout);

    expect(runNews(['read', 'other-story'], { home }).status).toBe(0);
    const other = runNews(['sections'], { home });
    expect(linesOf(other.stdout)[0]).toBe('Another story');
  });

  it('remembers one of the articles read at once, whole, with no temp file left, even with some readers killed', { timeout: 60_000 }, async () => {
    const names = Array.from({ length: 8 }, (_, i) => `story-${i}`);
    const home = homeWithArticles(Object.fromEntries(names.map((name) => [`${name}.md`, article(`Story ${name}`)])));
    let kills = 0;
    for (let round = 0; round < 5; round++) {
      const runs = names.map((name, i) => {
        const run = startNews(['read', name], { home });
        // Some are killed on the way, about when they write.
        if ((i + round) % 3 === 0) setTimeout(() => run.child.kill('SIGKILL'), 20 + i * 5);
        return run.done;
      });
      const results = await Promise.all(runs);
      kills += results.filter((result) => result.signal === 'SIGKILL').length;
      for (const result of results.filter((result) => result.signal === null)) expect(result.stderr).toBe('');
      expect(names.map((name) => `${name}\n`)).toContain(readFileSync(join(home, 'last-read.txt'), 'utf8'));
      const sections = runNews(['sections'], { home });
      expect(sections.status, sections.stderr).toBe(0);
    }
    expect(kills).toBeGreaterThan(0);
    // A reader killed between its temp file and the rename leaves it; the next that writes
    // removes it (it is known by its name, and its writer is dead).
    const last = readFileSync(join(home, 'last-read.txt'), 'utf8');
    expect(runNews(['read', last === 'story-0\n' ? 'story-1' : 'story-0'], { home }).stderr).toBe('');
    expect(readdirSync(home).filter((name) => name.startsWith('last-read.txt'))).toEqual(['last-read.txt']);
  });

  it('news sections works with nothing read when there is only one article', () => {
    const home = newHome();
    const result = runNews(['sections'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expectSectionList(result.stdout);
  });

  it('news sections asks which article when nothing was read and there are several', () => {
    const home = homeWithArticles({ 'other-story.md': article('Another story') });
    expectOneErrorLine(runNews(['sections'], { home }), 2);
  });

  it('shows a heading written in Markdown as its text, everywhere but the Markdown source', () => {
    // Web pages hold headings in bold: the converter writes them as `## **Consent**`.
    const body = 'A lede.\n\n## **Consent**\n\nThe quarry text.\n\n## A *b* `c` [d](https://example.org/e) AT&amp;T \\*\n\nMore text.\n\n## 5 * 3 * 2 and snake_case\n\nLast.\n';
    const home = homeWithArticles({ 'marked-up.md': article('Marked up', body) });
    const headings = ['Consent', 'A b c d AT&T *', '5 * 3 * 2 and snake_case'];
    const sections = runNews(['sections', 'marked-up'], { home });
    expect(sections.status, sections.stderr).toBe(0);
    expect(linesOf(sections.stdout).slice(1).map((line) => line.replace(/^\s*\d+\s+/, '').replace(/\s{2,}.*$/, ''))).toEqual(headings);
    const read = runNews(['read', 'marked-up'], { home });
    for (const heading of headings) expect(linesOf(read.stdout)).toContain(heading);
    expect(read.stdout).not.toContain('**');
    const json = JSON.parse(runNews(['read', 'marked-up', '--json'], { home }).stdout) as { sections: { heading: string }[] };
    expect(json.sections.map((section) => section.heading)).toEqual(headings);
    expect(runNews(['read', 'marked-up', '--section', '1'], { home }).stdout).toContain('Consent');
    const found = JSON.parse(runNews(['search', 'quarry', '--json'], { home }).stdout) as { section: { heading: string } }[];
    expect(found[0]?.section.heading).toBe('Consent');
    expect(runNews(['read', 'marked-up', '--format', 'markdown'], { home }).stdout).toContain('## **Consent**');
    expect(runNews(['read', 'marked-up', '--format', 'markdown', '--section', '1'], { home }).stdout).toContain('## **Consent**');
  });
});

describe('list', () => {
  it.each([[['list']], [[]], [['ls']]])('news %j lists the bundled article', (args) => {
    const home = newHome();
    const result = runNews(args, { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(result.stderr).toBe('');
    const lines = linesOf(result.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^witkoff-leak {2}Trump defends Witkoff after leak/);
    expect(lines[0]).toMatch(/\b\d+ min\b/);
    expect(widest(result.stdout)).toBeLessThanOrEqual(80);
  });
});

describe('--json', () => {
  const SUMMARY_KEYS = ['slug', 'title', 'dek', 'date', 'author', 'source', 'url', 'feed', 'unread', 'tags', 'words', 'minutes', 'sections', 'origin', 'overridesBundled', 'reaction'];

  it('news read --json has the documented fields', () => {
    const home = newHome();
    const result = runNews(['read', SLUG, '--json'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([...SUMMARY_KEYS, 'prompt', 'lede'].sort());
    expect(json).toMatchObject({ slug: SLUG, title: TITLE, dek: DEK, date: null, author: null, source: null, tags: [], origin: 'bundled', overridesBundled: false, reaction: null, prompt: PROMPT });
    expect(json.words).toBeGreaterThan(500);
    expect(json.minutes).toBeGreaterThanOrEqual(1);
    const sections = json.sections as Record<string, unknown>[];
    expect(sections.map((section) => section.heading)).toEqual(HEADINGS);
    expect(sections.map((section) => section.number)).toEqual([1, 2, 3, 4, 5]);
    for (const section of sections) {
      expect(Object.keys(section).sort()).toEqual(['heading', 'markdown', 'number', 'words']);
      expect(section.words).toBeGreaterThan(0);
    }
    expect(sections[0]?.markdown).toContain('In November 2025');
  });

  it('news read --json --section gives only that section', () => {
    const home = newHome();
    const result = runNews(['read', SLUG, '--json', '--section', '3'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    const json = JSON.parse(result.stdout) as { sections: { number: number; heading: string }[]; lede: string };
    expect(json.sections).toEqual([expect.objectContaining({ number: 3, heading: HEADINGS[2] })]);
  });

  it('news sections --json has the documented fields', () => {
    const home = newHome();
    const result = runNews(['sections', SLUG, '--json'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    const json = JSON.parse(result.stdout) as { slug: string; title: string; sections: Record<string, unknown>[] };
    expect(Object.keys(json).sort()).toEqual(['sections', 'slug', 'title']);
    expect(json.slug).toBe(SLUG);
    expect(json.title).toBe(TITLE);
    expect(json.sections).toHaveLength(5);
    json.sections.forEach((section, index) => {
      expect(Object.keys(section).sort()).toEqual(['heading', 'minutes', 'number', 'words']);
      expect(section).toMatchObject({ number: index + 1, heading: HEADINGS[index] });
    });
  });

  it('news list --json has the documented fields', () => {
    const home = homeWithArticles({ 'my-piece.md': `---\ntitle: Mine\ndek: A dek\ndate: 2025-11-27\nauthor: A. Writer\nsource: Here\ntags: [a, b]\n---\n\nText.\n` });
    const result = runNews(['list', '--json'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(json.map((entry) => entry.slug)).toEqual(['my-piece', SLUG]);
    for (const entry of json) expect(Object.keys(entry).sort()).toEqual([...SUMMARY_KEYS].sort());
    expect(json[0]).toMatchObject({ title: 'Mine', dek: 'A dek', date: '2025-11-27', author: 'A. Writer', source: 'Here', tags: ['a', 'b'], sections: 0, origin: 'user', overridesBundled: false, reaction: null });
    expect(json[1]).toMatchObject({ title: TITLE, sections: 5, origin: 'bundled', overridesBundled: false, reaction: null });
  });
});

describe('help, version, unknown commands', () => {
  it.each([[['--help']], [['read', '--help']], [['sections', '--help']], [['react', '--help']], [['list', '--help']]])(
    'news %j prints help with examples',
    (args) => {
      const home = newHome();
      const result = runNews(args, { home });
      expect(result.status, result.stderr || result.stdout).toBe(0);
      expect(result.stdout).toContain('Usage: news');
      expect(result.stdout).toContain('Examples:');
      expect(result.stderr).toBe('');
    },
  );

  it('news --help names the data folder in use', () => {
    const home = newHome();
    expect(runNews(['--help'], { home }).stdout).toContain(home);
  });

  it.each([['--version'], ['-V']])('news %s prints the package version', (flag) => {
    const home = newHome();
    const result = runNews([flag], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  it('news read without a name reads the only article in a fresh library', () => {
    const result = runNews(['read'], { home: newHome() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(TITLE);
  });

  it.each([[['bogus']], [['read', SLUG, '--bogus']], [['--bogus']]])('news %j is a usage error', (args) => {
    const home = newHome();
    expectOneErrorLine(runNews(args, { home }), 2);
  });
});

describe('your own articles', () => {
  it('lists and reads an article in $NEWS_HOME/articles', () => {
    const home = homeWithArticles({ 'local-news.md': article('Council approves the new bridge', 'The vote was close.\n\n## Money\n\nIt costs a lot.\n') });
    const list = runNews(['list'], { home });
    expect(list.status, list.stderr || list.stdout).toBe(0);
    expect(list.stdout).toMatch(/^local-news +Council approves the new bridge .*yours$/m);
    expect(list.stdout).toContain(SLUG);
    const read = runNews(['read', 'local-news'], { home });
    expect(read.status, read.stderr || read.stdout).toBe(0);
    expect(linesOf(read.stdout)[0]).toBe('Council approves the new bridge');
    expect(read.stdout).toContain('The vote was close.');
    expect(linesOf(read.stdout)).toContain('Money');
  });

  it('reads front matter YAML only warns about (an unknown tag) without printing the warning', () => {
    const home = homeWithArticles({ 'tagged.md': '---\ntitle: !unknown A tagged title\n---\n\nBody.\n' });
    for (const command of [['read', 'tagged'], ['list']]) {
      const result = runNews(command, { home });
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('A tagged title');
    }
  });

  it('one with the bundled slug replaces the bundled article', () => {
    const home = homeWithArticles({ [`${SLUG}.md`]: article('My own take') });
    const list = runNews(['list'], { home });
    expect(list.status, list.stderr || list.stdout).toBe(0);
    expect(linesOf(list.stdout)).toHaveLength(1);
    expect(list.stdout).toMatch(/^witkoff-leak {2}My own take /);
    expect(list.stdout).toContain('over the bundled one');
    expect(list.stdout).not.toContain('Trump defends');
    const read = runNews(['read', SLUG], { home });
    expect(linesOf(read.stdout)[0]).toBe('My own take');
    const json = JSON.parse(runNews(['list', '--json'], { home }).stdout) as { origin: string; overridesBundled: boolean }[];
    expect(json).toEqual([expect.objectContaining({ origin: 'user', overridesBundled: true })]);
  });

  const broken: [string, string | Buffer][] = [
    ['no front matter', 'Just some text, no front matter.\n'],
    ['bad YAML', '---\ntitle: [unclosed\n---\n\nText.\n'],
    ['no title', '---\ndek: Only a dek\n---\n\nText.\n'],
    ['invalid UTF-8', Buffer.concat([Buffer.from('---\ntitle: Bytes\n---\n\nText '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' more.\n')])],
  ];
  it.each(broken)('a file with %s is skipped with a warning naming it', (_problem, content) => {
    const home = homeWithArticles({ 'broken-one.md': content, 'good-one.md': article('A good one') });
    const list = runNews(['list'], { home });
    expect(list.status, list.stderr || list.stdout).toBe(0);
    expect(list.stderr).toMatch(/^news: warning: .*broken-one\.md/);
    expect(linesOf(list.stderr)).toHaveLength(1);
    expect(list.stdout).toContain('good-one');
    expect(list.stdout).toContain(SLUG);
    expect(list.stdout).not.toContain('broken-one');

    const json = runNews(['list', '--json'], { home });
    expect(json.status, json.stderr || json.stdout).toBe(0);
    expect((JSON.parse(json.stdout) as { slug: string }[]).map((entry) => entry.slug)).toEqual(['good-one', SLUG]);

    const read = runNews(['read', 'broken-one'], { home });
    expectOneErrorLine(read, 1);
    expect(read.stderr).toContain(join(home, 'articles', 'broken-one.md'));
  });

  it('never reads a symbolic link in the article folder', () => {
    const outside = { path: newHome() };
    const secret = 'Xyzzy Secret Outside Title';
    const target = join(outside.path, 'target.md');
    writeFileSync(target, article(secret, 'Secret body text.\n\n## Secret heading\n\nMore secrets.\n'));
    const home = homeWithArticles({});
    symlinkSync(target, join(home, 'articles', 'linked.md'));
    symlinkSync(target, join(home, 'articles', `${SLUG}.md`));

    const runs: RunResult[] = [
      runNews([], { home }),
      runNews(['list'], { home }),
      runNews(['list', '--json'], { home }),
      runNews(['read', 'linked'], { home }),
      runNews(['read', 'link'], { home }),
      runNews(['read', 'linked', '--json'], { home }),
      runNews(['sections', 'linked'], { home }),
      runNews(['sections', 'linked', '--json'], { home }),
      runNews(['read', SLUG], { home }),
      runNews(['sections'], { home }),
      runNewsInTerminal(['read', 'linked'], { home }),
    ];
    for (const result of runs) {
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(result.stdout + result.stderr).not.toContain('Secret');
      expect(result.stdout + result.stderr).not.toContain('    at ');
    }
    const read = runs[3] as RunResult;
    expectOneErrorLine(read, 1);
    expect(read.stderr).toContain('linked.md');
    expect(read.stderr).toContain('symbolic link');
  });
});

describe('hostile article text', () => {
  // Control sequences an article might carry: clear screen, window title, clipboard write,
  // a terminal hyperlink, an 8-bit CSI, a bell, and DEL.
  const ESC = '\u001B';
  const evilTitle = 'Evil \\e[2J title \\e]0;pwned\\a \\e]52;c;SGVsbG8=\\a \\x9b31m \\e]8;;http://evil.example\\e\\\\link\\e]8;;\\e\\\\ end';
  const evilBody = [
    `Lede ${ESC}[2J clear ${ESC}]0;owned\u0007 and ${ESC}]52;c;SGVsbG8=\u0007 clip \u009b2J csi \u0007 bell \u007f del.`,
    '',
    `## Heading ${ESC}]8;;http://evil.example${ESC}\\link${ESC}]8;;${ESC}\\ \u009b31m red \u0007`,
    '',
    `Body ${ESC}]8;;http://evil.example\u0007click${ESC}]8;;\u0007 and ${ESC}[31m red ${ESC}[0m and &#27;[2J entity &#155;1m and &#7; bell.`,
    '',
    `- item ${ESC}[2J`,
    `> quote ${ESC}]0;t\u0007`,
    '',
    `[link ${ESC}[2J](http://x.example/${ESC}[2J) \`code ${ESC}]52;c;eA==\u0007\``,
    '',
    '```',
    `fenced ${ESC}[2J ${ESC}]0;x\u0007`,
    '```',
    '',
    `| a ${ESC}[2J | b |`,
    '|---|---|',
    `| c \u009b2J | d |`,
    '',
  ].join('\n');
  const content = `---\ntitle: "${evilTitle}"\ndek: "dek \\e[2J \\a"\nprompt: "React \\e]0;t\\a now"\n---\n\n${evilBody}`;

  function expectNoHostileBytes(text: string, colour: boolean): void {
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\u009b');
    expect(text).not.toContain('\u007f');
    expect(text).not.toContain(`${ESC}]`);
    expect(text).not.toContain(`${ESC}[2J`);
    expect(text).not.toContain(`${ESC}\\`);
    if (colour) expectOnlySgr(text);
    else expectPlain(text);
  }

  it('is read without any of its control bytes reaching the output', () => {
    const home = homeWithArticles({ 'evil.md': content });
    const piped = runNews(['read', 'evil'], { home });
    expect(piped.status, piped.stderr || piped.stdout).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toContain('Evil');
    expect(piped.stdout).toContain('Heading');
    expect(piped.stdout).toContain('red');
    expectNoHostileBytes(piped.stdout, false);

    const forced = runNews(['read', 'evil'], { home, env: { FORCE_COLOR: '3' } });
    expect(forced.status, forced.stderr || forced.stdout).toBe(0);
    expect(forced.stdout).toMatch(HAS_SGR);
    expectNoHostileBytes(forced.stdout, true);

    for (const args of [['read', 'evil'], ['read', 'evil', '--section', '1'], ['list'], ['sections', 'evil'], ['read', 'evil', '--no-color']]) {
      const terminal = runNewsInTerminal(args, { home, columns: 80 });
      expect(terminal.status, terminal.stdout).toBe(0);
      expect(terminal.stdout).toContain('Evil');
      expectNoHostileBytes(terminal.stdout, true);
    }
    for (const args of [['list'], ['sections', 'evil'], []]) {
      const result = runNews(args, { home });
      expect(result.status, result.stderr || result.stdout).toBe(0);
      expectNoHostileBytes(result.stdout + result.stderr, false);
    }
  });

  it('--json escapes every control character', () => {
    const home = homeWithArticles({ 'evil.md': content });
    for (const args of [['read', 'evil', '--json'], ['list', '--json'], ['sections', 'evil', '--json']]) {
      const result = runNews(args, { home });
      expect(result.status, result.stderr || result.stdout).toBe(0);
      expectNoHostileBytes(result.stdout, false);
      expect(JSON.stringify(JSON.parse(result.stdout))).toContain('\\u001b');
    }
    const json = JSON.parse(runNews(['read', 'evil', '--json'], { home }).stdout) as { title: string };
    // The data is the article's own, intact; only the encoding is safe.
    expect(json.title).toContain('\u009b31m');
  });
});

describe('wide characters', () => {
  const THUMB = '👍🏽';
  const FLAG = '🇺🇦';
  const FAMILY = '👨‍👩‍👧‍👦';
  const wide = [
    '---',
    'title: 東京の記者会見で首相が新しい経済対策を発表しました、詳細は以下の通りです',
    'dek: 😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘😗',
    '---',
    '',
    '日本語の段落です。これは非常に長い文章で、折り返しが正しく行われるかどうかを確認するためのものです。',
    '',
    '## 絵文字のセクション 👨‍👩‍👧‍👦 家族',
    '',
    `${THUMB.repeat(18)} ${FLAG.repeat(20)} ${FAMILY.repeat(8)}`,
    '',
    '中文段落：这是一个很长的中文句子，用来测试换行是否按照终端列宽正确处理，而不是按照字符数。한국어 문장도 포함되어 있습니다.',
    '',
    '- 列表项目，包含很多很多很多很多很多很多很多很多的中文字符',
    '> 引用：很多很多很多很多很多很多很多很多很多很多很多的中文字符',
    '',
  ].join('\n');

  it('wraps CJK and emoji to the measure in columns', () => {
    const home = homeWithArticles({ 'wide.md': wide });
    for (const width of [30, 21]) {
      const result = runNews(['read', 'wide', '--width', String(width)], { home });
      expect(result.status, result.stderr || result.stdout).toBe(0);
      expect(result.stderr).toBe('');
      expect(widest(result.stdout)).toBeLessThanOrEqual(width);
      expect(result.stdout).toContain('東京');
      // Nothing lost: the CJK paragraph is all there once the wrapping is undone.
      expect(result.stdout.replace(/\n/g, '')).toContain('これは非常に長い文章で、折り返しが正しく行われるかどうかを確認するためのものです。');
    }
    const terminal = runNewsInTerminal(['read', 'wide'], { home, columns: 30 });
    expect(terminal.status, terminal.stderr || terminal.stdout).toBe(0);
    expect(widest(terminal.stdout)).toBeLessThanOrEqual(30);
  });

  it('never breaks a line inside an emoji', () => {
    const home = homeWithArticles({ 'wide.md': wide });
    const result = runNews(['read', 'wide', '--width', '30'], { home });
    expect(result.status, result.stderr || result.stdout).toBe(0);
    const count = (text: string, what: string): number => text.split(what).length - 1;
    expect(count(result.stdout, THUMB)).toBe(18);
    expect(count(result.stdout, FLAG)).toBe(20);
    expect(count(result.stdout, FAMILY)).toBe(9); // eight in the paragraph, one in the heading
    for (const line of linesOf(result.stdout)) expect(line).not.toMatch(/^(?:[\u{1F3FB}-\u{1F3FF}]|\u200D|\uFE0F)/u);
  });
});
