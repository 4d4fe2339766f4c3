/*
 * End-to-end tests of the fetched articles' folder and its index (issue 13): the real binary,
 * each test with its own NEWS_HOME, feeds served on 127.0.0.1. The reader's own files are seen
 * as they change; the index of what news fetched is a cache that a kill, a deleted file or
 * damage leaves wrong only until the next command, which rebuilds it with nothing lost.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, requireBuild, runNewsAsync, startNews, tempHomes } from '../helpers.js';

const newHome = tempHomes('news-library-e2e-');
requireBuild();

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A feed of `count` items on 127.0.0.1, `/feed.xml`, each with headings, links and emphasis. */
async function serveFeed(count: number, emptyFirst = false): Promise<string> {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><title>Harbour story ${i}</title><link>https://gazette.example/${i}</link><guid>story-${i}</guid><pubDate>Tue, 01 Dec 2026 ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 GMT</pubDate><content:encoded><![CDATA[<p>Tide ${i} with <em>emphasis</em> and <a href="/x">a link</a>.</p><h2>Then</h2><p>More ledger text ${i}.</p>]]></content:encoded></item>`,
  ).join('');
  const feed = (all: string): string => `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title><link>https://gazette.example/</link>${all}</channel></rss>`;
  // With emptyFirst, `feed add` (which fetches at once) finds no items, and `fetch` finds them all.
  let served = !emptyFirst;
  const server = createServer((request, response) => {
    if (request.url !== '/feed.xml') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(served ? items : ''));
    served = true;
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
}

const news = (args: string[], home: string) => runNewsAsync(args, { home });

/** The slugs a search for "ledger" (in every served item) finds, sorted. */
async function searched(home: string): Promise<string[]> {
  const result = await news(['search', 'ledger', '--json', '--limit', '100000'], home);
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { slug: string }[]).map((row) => row.slug).sort();
}

async function slugs(home: string, ...args: string[]): Promise<string[]> {
  const result = await news(['list', '--json', ...args], home);
  expect(result.status, result.stderr).toBe(0);
  // The bundled articles are there too: only the reader's and the fetched ones are counted.
  return (JSON.parse(result.stdout) as { slug: string; origin: string }[])
    .filter((row) => row.origin !== 'bundled')
    .map((row) => row.slug)
    .sort();
}

const fetchedFiles = (home: string): string[] => (existsSync(join(home, 'fetched')) ? readdirSync(join(home, 'fetched')).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort() : []);

async function subscribed(home: string, count: number): Promise<void> {
  const url = await serveFeed(count);
  const result = await news(['feed', 'add', url, '--name', 'gazette'], home);
  expect(result.status, result.stderr).toBe(0);
}

describe('fetched articles and their index', () => {
  it('are in their own folder, and read, search, list --feed, unread and remove work on them', async () => {
    const home = newHome();
    await subscribed(home, 5);
    expect(fetchedFiles(home)).toHaveLength(5);
    expect(existsSync(join(home, 'fetched-index.jsonl'))).toBe(true);
    expect(await slugs(home, '--feed', 'gazette')).toEqual(fetchedFiles(home));
    expect(await slugs(home, '--unread')).toHaveLength(5);
    const read = await news(['read', 'harbour-story-3'], home);
    expect(read.status, read.stderr).toBe(0);
    expect(read.stdout).toContain('Tide 3');
    expect(await slugs(home, '--unread')).toHaveLength(4);
    const found = await news(['search', 'ledger', '--json', '--limit', '100'], home);
    expect(found.status, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout)).toHaveLength(5);
    const removed = await news(['remove', 'harbour-story-3', '--yes'], home);
    expect(removed.status, removed.stderr).toBe(0);
    expect(fetchedFiles(home)).not.toContain('harbour-story-3');
    const after = await news(['list', '--json'], home);
    expect(after.stderr).toBe('');
    expect((JSON.parse(after.stdout) as { slug: string }[]).map((row) => row.slug)).not.toContain('harbour-story-3');
  });

  it('sees a hand edit, a new file and a deleted one of the reader\'s at once, in list and search', async () => {
    const home = newHome();
    await subscribed(home, 3);
    const own = join(home, 'articles');
    mkdirSync(own);
    await news(['list'], home);
    writeFileSync(join(own, 'mine.md'), '---\ntitle: My quayside note\n---\n\nAbout the quayside.\n');
    expect(await slugs(home)).toContain('mine');
    expect((await news(['search', 'quayside'], home)).stdout).toContain('mine');
    // Same size, another word: the mtime tells.
    writeFileSync(join(own, 'mine.md'), '---\ntitle: My boathouse note\n---\n\nAbout the boathouse.\n');
    utimesSync(join(own, 'mine.md'), new Date(), new Date(Date.now() + 5000));
    const list = await news(['list'], home);
    expect(list.stdout).toContain('My boathouse note');
    expect((await news(['search', 'quayside'], home)).status).toBe(1);
    expect((await news(['search', 'boathouse'], home)).stdout).toContain('mine');
    unlinkSync(join(own, 'mine.md'));
    expect(await slugs(home)).not.toContain('mine');
    expect((await news(['search', 'boathouse'], home)).status).toBe(1);
  });

  it('checks the own files through Node\'s fs binding without a deprecation warning, even when Node is asked for them', async () => {
    const home = newHome();
    mkdirSync(join(home, 'articles'));
    writeFileSync(join(home, 'articles', 'mine.md'), '---\ntitle: My quayside note\n---\n\nAbout the quayside.\n');
    const env = { NODE_OPTIONS: '--pending-deprecation --throw-deprecation' };
    for (const args of [['list'], ['list'], ['search', 'quayside']]) {
      const result = await runNewsAsync(args, { home, env });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('mine');
    }
    // A hand edit of the same size, a fraction of a millisecond later, is seen.
    writeFileSync(join(home, 'articles', 'mine.md'), '---\ntitle: My boathouse note\n---\n\nAbout the boathouse.\n');
    const { mtimeMs } = statSync(join(home, 'articles', 'mine.md'));
    utimesSync(join(home, 'articles', 'mine.md'), new Date(), (mtimeMs + 0.3) / 1000);
    expect((await runNewsAsync(['list'], { home, env })).stdout).toContain('My boathouse note');
  });

  it('rebuilds a corrupt index from the files, and loses nothing', async () => {
    const home = newHome();
    await subscribed(home, 6);
    const before = await slugs(home);
    writeFileSync(join(home, 'fetched-index.jsonl'), '{"news-fetched-index":1,"parser":3}\n{"dir":1,"add":[["nope"');
    expect(await slugs(home)).toEqual(before);
    // Rebuilt and saved: the next run trusts it again.
    expect(readFileSync(join(home, 'fetched-index.jsonl'), 'utf8')).toContain('harbour-story-5');
    writeFileSync(join(home, 'fetched-index.jsonl'), 'not json at all\n');
    expect(await slugs(home)).toEqual(before);
    unlinkSync(join(home, 'fetched-index.jsonl'));
    expect(await slugs(home)).toEqual(before);
    expect((await news(['read', 'harbour-story-2'], home)).status).toBe(0);
  });

  it('is read as it stands while another news is writing, and not rebuilt for it', async () => {
    const home = newHome();
    await subscribed(home, 4);
    const before = await slugs(home);
    // A writer at work: its lock is fresh, it has marked the journal and written a file.
    mkdirSync(join(home, 'fetched-index.jsonl.lock'));
    appendFileSync(join(home, 'fetched-index.jsonl'), '{"pending":true}\n');
    writeFileSync(join(home, 'fetched', 'harbour-story-99.md'), '---\ntitle: Being written\n---\n\nText.\n');
    const journal = readFileSync(join(home, 'fetched-index.jsonl'), 'utf8');
    expect(await slugs(home)).toEqual(before);
    expect(readFileSync(join(home, 'fetched-index.jsonl'), 'utf8')).toBe(journal);
    // The writer died: once its lock is stale, the file it wrote is found.
    utimesSync(join(home, 'fetched-index.jsonl.lock'), new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
    expect(await slugs(home)).toEqual([...before, 'harbour-story-99'].sort());
  });

  it('notices an index gone stale when a file vanished behind its back', async () => {
    const home = newHome();
    await subscribed(home, 4);
    unlinkSync(join(home, 'fetched', 'harbour-story-1.md'));
    const listed = await slugs(home);
    expect(listed).not.toContain('harbour-story-1');
    expect(listed).toHaveLength(3);
    expect((await news(['search', 'ledger', '--json', '--limit', '100'], home)).stdout).not.toContain('harbour-story-1');
  });

  it('two fetches at once leave the folder and the index agreeing', async () => {
    const home = newHome();
    const url = await serveFeed(40, true);
    const other = await serveFeed(40, true);
    for (const [name, address] of [['one', url], ['two', other]] as const) {
      const added = await runNewsAsync(['feed', 'add', address, '--name', name], { home });
      // The second serves the same items: another feed, so they get names of their own.
      expect(added.status, added.stderr).toBe(0);
    }
    const results = await Promise.all([news(['fetch'], home), news(['fetch'], home), news(['fetch', 'two'], home)]);
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    const files = fetchedFiles(home);
    expect(files).toHaveLength(80);
    expect(await slugs(home)).toEqual(files);
    // And the index itself names every one.
    const index = readFileSync(join(home, 'fetched-index.jsonl'), 'utf8');
    for (const slug of files) expect(index).toContain(`"${slug}"`);
    // And search finds each of them once.
    expect(await searched(home)).toEqual([...files].sort());
  });

  it('takes the marks of new articles read at once, some readers killed, and leaves the marks whole', { timeout: 60_000 }, async () => {
    const home = newHome();
    await subscribed(home, 40);
    const all = await slugs(home, '--unread');
    expect(all).toHaveLength(40);
    const read = new Set<string>();
    let kills = 0;
    for (let round = 0; round < 3; round++) {
      // Ten new articles at once; some readers killed on the way, about when they write.
      const runs = all.slice(10 * round, 10 * round + 10).map((slug, i) => {
        const run = startNews(['read', slug], { home });
        if ((i + round) % 3 === 0) setTimeout(() => run.child.kill('SIGKILL'), 15 + i * 4);
        return run.done.then((result) => ({ slug, result }));
      });
      for (const { slug, result } of await Promise.all(runs)) {
        if (result.signal === 'SIGKILL') kills++;
        else {
          expect(result.status, result.stderr).toBe(0);
          read.add(slug);
        }
      }
      // Whole, in the layout news writes, without a mark of any article whose reading ended.
      const text = readFileSync(join(home, 'unread.json'), 'utf8');
      const { unread } = JSON.parse(text) as { unread: string[] };
      expect(text).toBe(`${JSON.stringify({ version: 1, unread: [...unread].sort() }, null, 2)}\n`);
      expect(unread.filter((slug) => read.has(slug))).toEqual([]);
    }
    expect(kills).toBeGreaterThan(0);
    // A killed reader's article may have kept its mark; the ten not read have theirs.
    const left = await slugs(home, '--unread');
    expect(left.filter((slug) => read.has(slug))).toEqual([]);
    expect(all.slice(30).every((slug) => left.includes(slug))).toBe(true);
    // A reader killed between its temp file and the rename leaves it: the next that writes removes it.
    expect((await news(['read', all[35] as string], home)).status).toBe(0);
    expect(readdirSync(home).filter((name) => name.startsWith('unread.json'))).toEqual(['unread.json']);
  });

  it('after a fetch killed in the middle, the next command repairs the index', async () => {
    const home = newHome();
    await subscribed(home, 3);
    // Then a feed of many items, killed while it stores them.
    const big = await serveFeed(3000, true);
    expect((await news(['feed', 'add', big, '--name', 'big'], home)).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'fetch', 'big'], { env: cleanEnv(home), stdio: 'ignore' });
    // Killed as soon as it has written some of the folder.
    await new Promise<void>((resolve) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (fetchedFiles(home).length > 3 + 50 || Date.now() - started > 20_000) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 2);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    // Until its lock goes stale (two seconds), the killed fetch looks like one at work, whose
    // journal is taken as it stands; then the next command sees the mark it left, and rebuilds.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await slugs(home)).toEqual(fetchedFiles(home));
    expect(await searched(home)).toEqual([...fetchedFiles(home)].sort());
    // A fetch afterwards stores every item once, the ones written before the kill taken back.
    const again = await news(['fetch'], home);
    expect(again.status, again.stderr).toBe(0);
    expect(fetchedFiles(home)).toHaveLength(3003);
    expect(await slugs(home)).toEqual(fetchedFiles(home));
    // The search index made before the fetch is brought up to date, not trusted as it was.
    expect(await searched(home)).toEqual([...fetchedFiles(home)].sort());
  }, 60_000);
});
