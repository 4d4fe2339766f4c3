/* eslint-disable no-control-regex -- these tests read escape sequences on purpose */
// The full-screen reader, as a person meets it: news runs in a real terminal (tmux), the test
// types keys and reads the screen, colours included (capture-pane -e). tmux is installed by
// .ci/run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runNews, tempDir } from '../helpers.js';
import { columns } from '../../src/render/text.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const REVERSE = /\u001B\[(?:0;)?7m/;

/** An article with sections, long enough to page, in the reader's own folder. */
function article(slug: string, title: string, date: string, sections: number, extra = ''): string {
  let body = `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\nsource: Harbour Gazette\n---\n\nThe lede of ${slug}.\n`;
  for (let s = 1; s <= sections; s++) {
    body += `\n## Part ${s} of ${slug}\n\n`;
    for (let p = 1; p <= 6; p++) body += `Paragraph ${s}.${p} of ${slug}: the harbour master said the boats would return when the weather allowed, and not before.${extra}\n\n`;
  }
  return body;
}

describe.skipIf(!hasTmux)('news browse in a real terminal', () => {
  let home: ReturnType<typeof tempDir>;
  let session: string;
  let socket: string;

  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  const screen = (withStyles = false): string => tmux('capture-pane', '-p', ...(withStyles ? ['-e'] : []), '-t', session);
  const keys = (...typed: string[]): void => void tmux('send-keys', '-t', session, ...typed);
  const literal = (text: string): void => void tmux('send-keys', '-t', session, '-l', text);
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const waitFor = async (check: (text: string) => boolean, withStyles = false): Promise<string> => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const text = screen(withStyles);
      if (check(text)) return text;
      await sleep(80);
    }
    return screen(withStyles);
  };
  /** A shell in a terminal of the given size, with a line on its screen that browsing must give back. */
  const start = async (width: number, height: number, env: Record<string, string> = {}): Promise<void> => {
    const vars = Object.entries({ PATH: process.env.PATH ?? '', HOME: home.path, LANG: 'C.UTF-8', TERM: 'xterm-256color', NEWS_HOME: home.path, PS1: '$ ', HISTFILE: '/dev/null', ...env })
      .map(([key, value]) => `${key}='${value}'`)
      .join(' ');
    tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', String(height), `env -i ${vars} bash --norc --noprofile`);
    keys(`stty -g > ${home.path}/stty-before; echo "BEFORE""-BROWSING"`, 'Enter');
    await waitFor((text) => text.includes('BEFORE-BROWSING'));
  };
  const browse = (args = ''): void => keys(`${BIN} ${args}; echo "EX""IT=$?"; stty -g > ${home.path}/stty-after`, 'Enter');
  const exited = async (): Promise<string> => {
    const text = await waitFor((shown) => /EXIT=\d+/.test(shown));
    await sleep(150);
    return text;
  };
  const sttyUnchanged = (): void => {
    expect(readFileSync(join(home.path, 'stty-after'), 'utf8')).toBe(readFileSync(join(home.path, 'stty-before'), 'utf8'));
  };
  const widest = (text: string): number => Math.max(...text.split('\n').map((line) => columns(line)));

  beforeEach(() => {
    home = tempDir('news-browse-');
    session = `browse-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    socket = join(home.path, 'tmux.sock');
    const articles = join(home.path, 'articles');
    mkdirSync(articles, { recursive: true });
    writeFileSync(join(articles, 'storm-harbour.md'), article('storm-harbour', 'Storm closes the harbour', '2026-11-03', 4));
    writeFileSync(join(articles, 'cafe-reopens.md'), article('cafe-reopens', 'Caf\u00E9 reopens on the quay', '2026-11-02', 2));
  });
  afterEach(() => {
    spawnSync('tmux', ['-S', socket, 'kill-server']);
    rmSync(home.path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('lists newest first, filters, opens, pages, jumps, searches, reacts, goes back and quits, at 80\u00D724', async () => {
    await start(80, 24);
    browse();
    let shown = await waitFor((text) => text.includes('3 articles'));
    const rows = shown.split('\n');
    expect(rows[1]).toMatch(/Storm closes the harbour\s+Harbour Gazette \u00B7 2026-11-03 \u00B7 \d+ min/);
    expect(rows[2]).toContain('Caf\u00E9 reopens on the quay');
    expect(rows[3]).toContain('Trump defends Witkoff');
    expect(shown).not.toContain('BEFORE-BROWSING'); // the alternate screen
    // The selection is in reverse video.
    expect((await waitFor(() => true, true)).split('\n')[1]).toMatch(REVERSE);

    // Filtering: accents and case do not matter; Esc clears.
    keys('/');
    literal('CAFE');
    shown = await waitFor((text) => text.includes('1 of 3 match'));
    expect(shown).toContain('Caf\u00E9 reopens');
    expect(shown).not.toContain('Storm closes');
    keys('Escape');
    shown = await waitFor((text) => text.includes('3 articles'));

    // Open the newest, page down, jump to the next section, then the outline.
    keys('Enter');
    shown = await waitFor((text) => text.includes('The lede of storm-harbour'));
    expect(shown.split('\n')[23]).toMatch(/Storm closes the harbour\s+4 sections \u00B7 \d+%/);
    // The mouse wheel, as the terminal reports it (SGR): three lines down, and back.
    const wheel = (button: number): void => void tmux('send-keys', '-t', session, '-H', ...[...`\u001B[<${button};10;5M`].map((c) => c.charCodeAt(0).toString(16)));
    wheel(65);
    const scrolled = await waitFor((text) => text !== shown);
    expect(scrolled.split('\n').slice(0, 20)).toEqual(shown.split('\n').slice(3, 23));
    wheel(64);
    expect(await waitFor((text) => text === shown)).toBe(shown);
    keys('Space');
    shown = await waitFor((text) => !text.includes('The lede of storm-harbour'));
    keys(']');
    shown = await waitFor((text) => /Section \d of 4/.test(text.split('\n')[23] ?? ''));
    const section = Number(/Section (\d) of 4/.exec(shown.split('\n')[23] ?? '')?.[1]);
    expect(shown.split('\n')[0]).toBe(`Part ${section} of storm-harbour`);
    keys('t');
    shown = await waitFor((text) => text.includes('Sections \u00B7 Storm closes the harbour'));
    expect(shown).toContain(' 4  Part 4 of storm-harbour');
    keys('G', 'Enter');
    shown = await waitFor((text) => text.split('\n')[0] === 'Part 4 of storm-harbour');
    expect(shown.split('\n')[23]).toMatch(/Section 4 of 4/);
    keys('[');
    shown = await waitFor((text) => text.split('\n')[0] === 'Part 3 of storm-harbour');

    // Search: the match in reverse video, n to the next one.
    keys('/');
    literal('weather');
    keys('Enter');
    shown = await waitFor((text) => /match \d+ of 24/.test(text), true);
    expect(shown).toMatch(new RegExp(`${REVERSE.source}weather`));
    const first = Number(/match (\d+) of 24/.exec(shown)?.[1]);
    keys('n');
    await waitFor((text) => text.includes(`match ${first + 1} of 24`));

    // React: the row, 5, saved where news reactions sees it at once.
    keys('r');
    shown = await waitFor((text) => text.includes('1 \u{1F44D} like'));
    keys('5');
    shown = await waitFor((text) => text.includes('Your reaction: \u{1F62E} wow'));
    const reactions = runNews(['reactions', '--json'], { home: home.path });
    expect((JSON.parse(reactions.stdout) as { reactions: unknown[] }).reactions).toMatchObject([{ slug: 'storm-harbour', emoji: '\u{1F62E}' }]);

    // The keys, then back to the list, where the reaction shows, and quit.
    keys('?');
    shown = await waitFor((text) => text.includes('The article') && text.includes('the outline'));
    keys('x');
    keys('q');
    shown = await waitFor((text) => text.includes('3 articles'));
    expect(shown.split('\n')[1]).toContain('\u{1F62E}');
    keys('q');
    shown = await exited();
    expect(shown).toContain('EXIT=0');
    expect(shown).toContain('BEFORE-BROWSING'); // the screen as it was
    sttyUnchanged();
  });

  it('resumes where the reader stopped, in the next run, and marks an article read at its end', async () => {
    await start(80, 24);
    browse('browse');
    await waitFor((text) => text.includes('3 articles'));
    keys('Enter', 'Space', 'Space', 'j');
    const reading = await waitFor((text) => !text.includes('The lede') && /\d+%/.test(text));
    const topLine = reading.split('\n')[0] ?? '';
    keys('q', 'q');
    await exited();
    const state = JSON.parse(readFileSync(join(home.path, 'state.json'), 'utf8')) as { positions: Record<string, { block: number }> };
    expect(state.positions['storm-harbour']?.block).toBeGreaterThan(0);

    keys('clear', 'Enter');
    browse('browse');
    await waitFor((text) => text.includes('3 articles'));
    keys('Enter');
    const resumed = await waitFor((text) => /\d+%/.test(text) && !text.includes('3 articles'));
    // Resumed at the paragraph that was at the top (its first line, if the top was inside it).
    expect(resumed.split('\n').slice(0, 3).join('\n')).toContain(topLine.trim() === '' ? reading.split('\n')[1] ?? '' : topLine.slice(0, 20));
    keys('G');
    await waitFor((text) => text.includes('100%'));
    keys('q', 'q');
    await exited();
    // Reading to the end took it off the unread list (it was never on one: an own article), and
    // the position is kept at the end.
    expect(JSON.parse(readFileSync(join(home.path, 'state.json'), 'utf8')).positions['storm-harbour'].block).toBeGreaterThan(state.positions['storm-harbour']?.block ?? 0);
  });

  it('re-sets the text at a new width and keeps the same paragraph at the top', async () => {
    await start(100, 30);
    browse();
    await waitFor((text) => text.includes('3 articles'));
    // Two sections down, then two lines: the top is inside a paragraph of the second section.
    keys('Enter', ']', ']', 'j', 'j', 'j');
    const before = await waitFor((text) => /Section 2 of 4/.test(text));
    const top = (before.split('\n')[0] ?? '').trim(); // centred at 100 columns
    expect(top).toMatch(/^Paragraph 2\.1 of storm-harbour/);
    tmux('resize-window', '-t', session, '-x', '44', '-y', '20');
    const after = await waitFor((text) => text.split('\n').length <= 21 && widest(text) <= 44 && /\d+%/.test(text));
    expect(widest(after)).toBeLessThanOrEqual(44);
    // The same paragraph, from its first line, now set narrower.
    expect(after.split('\n')[0]).toMatch(/^Paragraph 2\.1 of/);
    expect(after.split('\n')[1]).not.toBe('');
    keys('q', 'q');
    expect(await exited()).toContain('EXIT=0');
  });

  it('gives the terminal back as it was on Ctrl-C (130) and on SIGTERM (143)', async () => {
    await start(80, 24);
    browse();
    await waitFor((text) => text.includes('3 articles'));
    keys('Enter');
    await waitFor((text) => text.includes('The lede'));
    keys('C-c');
    let shown = await exited();
    expect(shown).toContain('EXIT=130');
    expect(shown).toContain('BEFORE-BROWSING');
    sttyUnchanged();

    keys('clear', 'Enter');
    keys(`stty -g > ${home.path}/stty-before; echo "BEFORE""-BROWSING"`, 'Enter');
    browse();
    await waitFor((text) => text.includes('3 articles'));
    const pid = tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim();
    // The news process under the pane's shell.
    const child = execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
    process.kill(Number(child), 'SIGTERM');
    shown = await exited();
    expect(shown).toContain('EXIT=143');
    expect(shown).toContain('BEFORE-BROWSING');
    sttyUnchanged();
  });

  it('hands the terminal back on Ctrl-Z, and takes it again on fg', async () => {
    await start(80, 24);
    keys(`${BIN}`, 'Enter');
    await waitFor((text) => text.includes('3 articles'));
    keys('Enter');
    await waitFor((text) => text.includes('The lede of storm-harbour'));
    keys('C-z');
    const stopped = await waitFor((text) => text.includes('Stopped'));
    expect(stopped).toContain('BEFORE-BROWSING');
    keys(`stty -g > ${home.path}/stty-after`, 'Enter');
    await sleep(300);
    sttyUnchanged();
    keys('fg', 'Enter');
    const back = await waitFor((text) => text.includes('The lede of storm-harbour'));
    expect(back).not.toContain('BEFORE-BROWSING');
    keys('q', 'q');
    keys('echo "DO""NE=$?"', 'Enter');
    expect(await waitFor((text) => text.includes('DONE='))).toContain('DONE=0');
  });

  it('carries on after Ctrl-Z where no shell has job control, and keeps the position when the terminal goes away', async () => {
    // news is the terminal's own program: no shell to stop it for, so Ctrl-Z cannot suspend.
    const vars = Object.entries({ PATH: process.env.PATH ?? '', HOME: home.path, LANG: 'C.UTF-8', TERM: 'xterm-256color', NEWS_HOME: home.path })
      .map(([key, value]) => `${key}='${value}'`)
      .join(' ');
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `env -i ${vars} sh -c '${BIN} browse 2> ${home.path}/stderr.txt'`);
    await waitFor((text) => text.includes('3 articles'));
    keys('C-z');
    await sleep(500);
    keys('Enter');
    await waitFor((text) => text.includes('The lede of storm-harbour'));
    keys(']', ']');
    await waitFor((text) => /Section 2 of 4/.test(text));
    // The window closes: a hangup, and the end of input.
    spawnSync('tmux', ['-S', socket, 'kill-server']);
    let positions: Record<string, { block: number }> = {};
    for (let attempt = 0; attempt < 50 && positions['storm-harbour'] === undefined; attempt++) {
      await sleep(100);
      try {
        positions = (JSON.parse(readFileSync(join(home.path, 'state.json'), 'utf8')) as { positions?: typeof positions }).positions ?? {};
      } catch {
        // not written yet
      }
    }
    expect(positions['storm-harbour']?.block).toBeGreaterThan(0);
    expect(readFileSync(join(home.path, 'stderr.txt'), 'utf8')).not.toMatch(/Assertion|Abort|at /);
  });

  it('fills a 200\u00D760 terminal, the article set at the reading measure in the middle', async () => {
    await start(200, 60);
    browse();
    let shown = await waitFor((text) => text.includes('3 articles'));
    expect(widest(shown)).toBeLessThanOrEqual(200);
    expect(shown.split('\n')[1]).toMatch(/Storm closes the harbour {20,}Harbour Gazette/);
    keys('Enter');
    shown = await waitFor((text) => text.includes('The lede of storm-harbour'));
    const lede = shown.split('\n').find((line) => line.includes('The lede of')) ?? '';
    expect(lede.indexOf('The lede')).toBe(60);
    expect(widest(shown)).toBeLessThanOrEqual(200);
    keys('q', 'q');
    expect(await exited()).toContain('EXIT=0');
  });

  it('under NO_COLOR keeps only reverse video, and lets no escape sequence from an article through', async () => {
    writeFileSync(join(home.path, 'articles', 'hostile.md'), `---\ntitle: "Evil \\e]2;pwned\\a\\e[2J title"\ndate: 2026-11-04\n---\n\nText \u001B[31mred\u001B[0m and \u001B]0;pwned\u0007 more.\n`);
    await start(80, 24, { NO_COLOR: '1' });
    browse();
    let shown = await waitFor((text) => text.includes('4 articles'), true);
    const escapes = new Set(shown.match(/\u001B\[[0-9;]*m/g) ?? []);
    // tmux writes what is on screen in its own words: reverse video, and the resets around it.
    for (const escape of escapes) expect(escape).toMatch(/^\u001B\[(?:(?:0;)?7|27|0|39|49|)m$/);
    expect(shown).toMatch(REVERSE);
    keys('Enter');
    shown = await waitFor((text) => text.includes('Text red and'));
    expect(tmux('display-message', '-p', '-t', session, '#{pane_title}')).not.toContain('pwned');
    keys('q', 'q');
    expect(await exited()).toContain('EXIT=0');
  });

  it('refuses plainly where there is no terminal, and news alone still lists in a pipe', () => {
    // setsid: a session of its own, so that no /dev/tty can be opened either.
    const piped = spawnSync('setsid', ['-w', BIN, 'browse'], { env: { PATH: process.env.PATH, NEWS_HOME: home.path, LANG: 'C.UTF-8' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toBe("news: news browse needs a terminal. To list the articles in a script, use 'news list'\n");
    const list = runNews([], { home: home.path });
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('storm-harbour');
  });
});
