/*
 * End-to-end tests of a dumb terminal (TERM=dumb: an Emacs shell buffer, some IDE consoles),
 * which shows text and nothing else: under a pseudo-terminal (util-linux `script`), news must
 * write no escape code there unless FORCE_COLOR asks for colour. Real processes over dist/ (run
 * `npm run build` first); the feed server is a child process on 127.0.0.1, as the runs under
 * `script` block this one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ANY_ESCAPE, requireBuild, runNews, runNewsInTerminal, tempHomes } from '../helpers.js';

const newHome = tempHomes('news-dumb-e2e-');
requireBuild();

const DUMB = { TERM: 'dumb' };
// eslint-disable-next-line no-control-regex -- colour is what is looked for
const SGR = /\u001B\[[0-9;]*m/;

describe('TERM=dumb on a terminal', () => {
  it('news alone prints the list, as in a pipe, without escape codes', () => {
    const home = newHome();
    const result = runNewsInTerminal([], { home, columns: 100, env: DUMB });
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^witkoff-leak {2}Trump defends Witkoff after leak appears to show envoy coaching Russia/);
    expect(result.stdout).not.toMatch(ANY_ESCAPE);
    // The same list a pipe gets, set to the terminal's width.
    expect(result.stdout).toBe(runNews(['list', '--width', '100'], { home }).stdout);
  });

  it('news browse refuses in one line, saying what to use instead, and draws nothing', () => {
    const home = newHome();
    const result = runNewsInTerminal(['browse'], { home, env: DUMB });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("news: news browse cannot draw on a dumb terminal (TERM=dumb). Use 'news list' to see the articles and 'news read <article>' to read one\n");
  });

  it('colours nothing unless FORCE_COLOR says so', () => {
    const home = newHome();
    for (const args of [['list'], ['read', 'witkoff-leak'], ['sections', 'witkoff-leak'], ['search', 'witkoff']]) {
      const plain = runNewsInTerminal(args, { home, env: DUMB });
      expect(plain.status, plain.stdout).toBe(0);
      expect(plain.stdout).not.toMatch(ANY_ESCAPE);
      const forced = runNewsInTerminal(args, { home, env: { ...DUMB, FORCE_COLOR: '1' } });
      expect(forced.status, forced.stdout).toBe(0);
      expect(forced.stdout).toMatch(SGR);
    }
    // FORCE_COLOR does not make a dumb terminal a full-screen one.
    expect(runNewsInTerminal(['browse'], { home, env: { ...DUMB, FORCE_COLOR: '1' } }).status).toBe(2);
  });

  describe('news fetch', () => {
    let server: ChildProcess | undefined;
    afterEach(() => {
      server?.kill();
      server = undefined;
    });

    /** A feed server in a child process; its feed's address. */
    async function serveFeed(): Promise<string> {
      const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><link>https://gazette.example/</link><item><title>Boats return</title><link>https://gazette.example/boats</link><guid>boats</guid><pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate><description>The boats came back.</description></item></channel></rss>';
      const code = `require('node:http').createServer((q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(${JSON.stringify(rss)})).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
      const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      server = child;
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout?.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
        child.once('error', reject);
      });
      return `http://127.0.0.1:${port}/feed.xml`;
    }

    it('shows no passing status line, which a dumb terminal would print as escape codes', async () => {
      const home = newHome();
      const address = await serveFeed();
      expect(runNewsInTerminal(['feed', 'add', address], { home, env: DUMB }).status).toBe(0);
      const dumb = runNewsInTerminal(['fetch'], { home, env: DUMB });
      expect(dumb.status, dumb.stdout).toBe(0);
      expect(dumb.stdout).toBe('news: fetched 1 feed: 0 new articles\n');
      // On any other terminal the status line is drawn, and erased.
      const xterm = runNewsInTerminal(['fetch'], { home, env: { TERM: 'xterm' } });
      expect(xterm.stdout).toContain('\u001B[2KFetching feeds: 1 of 1 done');
    });
  });
});
