/*
 * End-to-end tests of the web and feeds: the real binary (run `npm run build` first), each test
 * with its own NEWS_HOME, against HTTP servers the tests start on 127.0.0.1. Nothing here
 * touches the outside network. Runs are spawned asynchronously: the servers live in this
 * process, and a synchronous spawn would stop them answering.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ANY_ESCAPE, requireBuild, runNewsAsync, tempHomes, type RunResult } from '../helpers.js';

const newHome = tempHomes('news-feeds-e2e-');
requireBuild();

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server on 127.0.0.1 answering each path with its handler (404 for others); its base address. */
async function serve(routes: Record<string, Handler>): Promise<{ base: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    const handler = routes[new URL(request.url ?? '/', 'http://x').pathname];
    if (handler) handler(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const send =
  (type: string, body: string | (() => string), headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': type, ...headers }).end(typeof body === 'function' ? body() : body);
  };

/** A run from another folder than the project, as a reader runs it, without blocking the servers. */
const news = (args: string[], home: string, env: Record<string, string> = {}): Promise<RunResult> => runNewsAsync(args, { home, env });

function expectOneLine(result: RunResult, status: number, message: RegExp): void {
  expect(result.status, result.stderr).toBe(status);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^news: [^\n]+\n$/);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toContain('    at ');
}

interface Listed {
  slug: string;
  title: string;
  date: string | null;
  author: string | null;
  source: string | null;
  url: string | null;
  feed: string | null;
  unread: boolean;
  sections: number;
}

async function listed(home: string, ...args: string[]): Promise<Listed[]> {
  const result = await news(['list', '--json', ...args], home);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Listed[];
}

/** Article files in the reader's folder and in the one news fetches into. */
const articleFiles = (home: string): string[] =>
  ['articles', 'fetched'].flatMap((folder) => (existsSync(join(home, folder)) ? readdirSync(join(home, folder)).filter((name) => name.endsWith('.md')) : [])).sort();

function rss(items: { title: string; link: string; guid?: string; date: string; content?: string; description?: string; author?: string }[], title = 'Harbour Gazette'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>${title}</title><link>https://gazette.example/</link><description>News from the harbour</description>
${items
  .map(
    (item) => `<item><title>${item.title}</title><link>${item.link}</link>${item.guid ? `<guid>${item.guid}</guid>` : ''}<pubDate>${item.date}</pubDate>
${item.author ? `<dc:creator>${item.author}</dc:creator>` : ''}${item.description ? `<description><![CDATA[${item.description}]]></description>` : ''}${item.content ? `<content:encoded><![CDATA[${item.content}]]></content:encoded>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

const THREE_ITEMS = [
  {
    title: 'The lamp goes dark',
    link: 'https://gazette.example/lamp',
    guid: 'lamp-1',
    date: 'Tue, 01 Dec 2026 09:00:00 GMT',
    author: 'Ada Keeper',
    content: '<p>After forty years, the keeper’s “last night” came.</p><h2>The stairs</h2><p>She climbed them <em>one more time</em>, with a <a href="/stairs">map</a>.</p><h2>The morning</h2><p>The town woke to a dark tower.</p>',
  },
  { title: 'Boats return early', link: 'https://gazette.example/boats', guid: 'boats-1', date: 'Wed, 02 Dec 2026 09:00:00 GMT', description: '<p>The fleet came back before the storm.</p>' },
  { title: 'Council meets \u001B[31mtonight\u001B[0m', link: 'https://gazette.example/council', guid: 'council-1', date: 'Mon, 30 Nov 2026 18:30:00 +0100', content: '<p>The harbour council meets at seven.</p><script>alert(1)</script>' },
];

describe('news feed add and news fetch', () => {
  it('subscribes, stores each item as an unread article, newest first, and reading marks it read', async () => {
    const home = newHome();
    const { base } = await serve({ '/feed.xml': send('application/rss+xml', rss(THREE_ITEMS)) });
    const added = await news(['feed', 'add', `${base}/feed.xml`], home);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Following “Harbour Gazette” as harbour-gazette: 3 new articles/);
    const articles = await listed(home, '--feed', 'harbour-gazette');
    expect(articles.map((article) => article.title.replace(/\s+/g, ' '))).toEqual(['Boats return early', 'The lamp goes dark', 'Council meets tonight']);
    expect(articles.every((article) => article.unread && article.feed === 'harbour-gazette' && article.source === 'Harbour Gazette')).toBe(true);
    const lamp = articles.find((article) => article.title === 'The lamp goes dark') as Listed;
    expect(lamp).toMatchObject({ author: 'Ada Keeper', date: '2026-12-01T09:00:00.000Z', url: 'https://gazette.example/lamp', sections: 2 });

    const read = await news(['read', lamp.slug], home);
    expect(read.status, read.stderr).toBe(0);
    expect(read.stdout).toContain('After forty years, the keeper’s “last night” came.');
    expect(read.stdout).toContain('The stairs');
    expect(read.stdout).toContain('https://gazette.example/stairs');
    expect(read.stdout).not.toMatch(ANY_ESCAPE);
    expect((await listed(home, '--unread')).map((article) => article.slug)).not.toContain(lamp.slug);
    expect(await listed(home, '--unread')).toHaveLength(2);
    // The reader's own and bundled articles are never unread.
    expect((await listed(home)).find((article) => article.slug === 'witkoff-leak')?.unread).toBe(false);

    // Text from the feed never reaches the terminal raw, and scripts are not kept.
    const council = articles.find((article) => article.title.startsWith('Council')) as Listed;
    const councilText = await news(['read', council.slug, '--format', 'markdown'], home);
    expect(councilText.stdout).not.toContain('alert(1)');
    expect(councilText.stdout).not.toContain('\u001B');
    const plain = await news(['list'], home);
    expect(plain.stdout).not.toMatch(ANY_ESCAPE);
    // 80 columns in a pipe: the titles, the notes left out for them; wider, the notes too.
    expect(plain.stdout).toContain('council-meets-tonight  Council meets tonight\n');
    expect(plain.stdout).not.toContain('unread');
    expect((await news(['list', '--width', '120'], home)).stdout).toMatch(/^boats-return-early +Boats return early +2026-12-02 · Harbour Gazette · 1 min · unread$/m);
    // All read: said as what was asked.
    for (const other of (await listed(home, '--unread')).map((article) => article.slug)) expect((await news(['read', other], home)).status).toBe(0);
    const none = await news(['list', '--unread', '--feed', 'harbour-gazette'], home);
    expect(none).toMatchObject({ status: 0, stdout: '', stderr: 'news: no unread articles from harbour-gazette. Run news list to see them all\n' });
  });

  it('sends conditional requests, stores nothing twice, and updates a changed item in place', async () => {
    const home = newHome();
    let body = rss(THREE_ITEMS);
    let honour304 = true;
    const { base, seen } = await serve({
      '/feed.xml': (request, response) => {
        if (honour304 && request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
        else response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(body);
      },
    });
    expect((await news(['feed', 'add', `${base}/feed.xml`, '--name', 'gazette'], home)).status).toBe(0);
    const before = articleFiles(home);
    const again = await news(['fetch'], home);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toBe('news: fetched 1 feed: 0 new articles\n');
    expect(seen.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(seen.at(-1)?.headers['user-agent']).toMatch(/^news\//);
    expect(articleFiles(home)).toEqual(before);

    // A server that ignores conditional requests: the same items are still stored once.
    honour304 = false;
    expect((await news(['fetch', 'gazette'], home)).stderr).toMatch(/0 new articles/);
    expect(articleFiles(home)).toEqual(before);

    body = rss([{ ...(THREE_ITEMS[1] as (typeof THREE_ITEMS)[number]), description: '<p>The fleet came back hours before the storm broke.</p>' }, ...THREE_ITEMS.filter((_, index) => index !== 1)]);
    const updated = await news(['fetch'], home);
    expect(updated.stderr).toMatch(/0 new articles, 1 updated/);
    expect(articleFiles(home)).toEqual(before);
    const boats = (await listed(home)).find((article) => article.title === 'Boats return early') as Listed;
    expect((await news(['read', boats.slug], home)).stdout).toContain('hours before the storm broke');
  });

  it('finds the feed a web page names, and refuses an address that is no feed', async () => {
    const home = newHome();
    const { base } = await serve({
      '/': send('text/html; charset=utf-8', '<!doctype html><html><head><title>Gazette</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><p>Home</p></body></html>'),
      '/feed.xml': send('application/rss+xml', rss(THREE_ITEMS)),
      '/plain': send('text/html', '<!doctype html><html><body><p>No feed here</p></body></html>'),
      '/image': send('image/png', '\u0089PNG\r\n\u001A\n'),
    });
    const found = await news(['feed', 'add', `${base}/`], home);
    expect(found.status, found.stderr).toBe(0);
    const feeds = JSON.parse((await news(['feed', 'list', '--json'], home)).stdout) as { url: string; articles: number }[];
    expect(feeds).toEqual([expect.objectContaining({ url: `${base}/feed.xml`, articles: 3 })]);

    expectOneLine(await news(['feed', 'add', `${base}/plain`], home), 1, /names no feed/);
    expectOneLine(await news(['feed', 'add', `${base}/image`], home), 1, /image/);
    expectOneLine(await news(['feed', 'add', `${base}/missing.xml`], home), 1, /404/);
    expectOneLine(await news(['feed', 'add', 'ftp://example.org/feed'], home), 2, /http/);
    expect(JSON.parse((await news(['feed', 'list', '--json'], home)).stdout)).toHaveLength(1);
  });

  it('refuses a billion-laughs feed quickly, with one line, writing nothing', async () => {
    const home = newHome();
    const laughs = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&j;</title><item><title>&j;</title></item></channel></rss>`;
    const { base } = await serve({ '/bomb.xml': send('application/rss+xml', laughs) });
    const result = await news(['feed', 'add', `${base}/bomb.xml`], home);
    expectOneLine(result, 1, /entit/i);
    expect(existsSync(join(home, 'feeds.json'))).toBe(false);
    expect(articleFiles(home)).toEqual([]);
  });

  it('lands the feeds that work when one fails, names the one that failed, and exits 1', async () => {
    const home = newHome();
    let broken = false;
    const { base } = await serve({
      '/a.xml': send('application/rss+xml', rss(THREE_ITEMS.slice(0, 1), 'First Feed')),
      '/b.xml': (_request, response) => {
        if (broken) response.writeHead(500, { 'content-type': 'text/plain' }).end('oops');
        else response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(THREE_ITEMS.slice(1, 2), 'Second Feed'));
      },
    });
    expect((await news(['feed', 'add', `${base}/a.xml`], home)).status).toBe(0);
    expect((await news(['feed', 'add', `${base}/b.xml`], home)).status).toBe(0);
    broken = true;
    const result = await news(['fetch'], home);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/second-feed: .*500/);
    expect(result.stderr).toMatch(/^news: fetched 1 of 2 feeds: 0 new articles\n/);
    expect(result.stderr).toMatch(/\nnews: 1 of 2 feeds could not be fetched \(the other one was\)\. See 'news feed list' for its last error\n$/);
    const feeds = JSON.parse((await news(['feed', 'list', '--json'], home)).stdout) as { name: string; lastError: string | null }[];
    expect(feeds.find((feed) => feed.name === 'second-feed')?.lastError).toMatch(/500/);
    expect(feeds.find((feed) => feed.name === 'first-feed')?.lastError).toBeNull();
    // As text: names, titles and notes in columns; the error said whole, wrapped to the width.
    const error = feeds.find((feed) => feed.name === 'second-feed')?.lastError ?? '';
    for (const width of [40, 80]) {
      const text = await news(['feed', 'list', '--width', String(width)], home);
      expect(text.status).toBe(0);
      const lines = text.stdout.trimEnd().split('\n');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      const rows = lines.filter((line) => !line.startsWith(' '));
      expect(rows.map((row) => row.indexOf('article'))).toEqual([rows[0]?.indexOf('article'), rows[0]?.indexOf('article')]);
      // Wrapped at spaces, and a long address cut where it must: every character there, in order.
      expect(lines.filter((line) => line.startsWith(' ')).map((line) => line.replace(/^ {2}(?:last error: )?/, '')).join('').replace(/\s+/g, '')).toBe(error.replace(/\s+/g, ''));
      // Continuation lines use the room their own margin leaves: no more lines than that takes, and one to spare for a break at a space.
      expect(lines.filter((line) => line.startsWith(' ')).length).toBeLessThanOrEqual(Math.ceil(`last error: ${error}`.length / (width - 4)) + 1);
    }
  });

  it('with its one feed failing, says that feed could not be fetched, and no more', async () => {
    const home = newHome();
    let broken = false;
    const { base } = await serve({ '/feed.xml': (_request, response) => (broken ? response.writeHead(503).end('down') : send('application/rss+xml', rss([]))(_request, response)) });
    expect((await news(['feed', 'add', `${base}/feed.xml`, '--name', 'gazette'], home)).status).toBe(0);
    broken = true;
    const result = await news(['fetch'], home);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^news: gazette: .*503/);
    expect(lines[1]).toBe("news: the feed could not be fetched. See 'news feed list' for its last error");
  });

  it('says which file is in the way when one stands where the fetched articles go', async () => {
    const home = newHome();
    let items: typeof THREE_ITEMS = [];
    const { base } = await serve({ '/feed.xml': send('application/rss+xml', () => rss(items)) });
    expect((await news(['feed', 'add', `${base}/feed.xml`, '--name', 'gazette'], home)).status).toBe(0);
    writeFileSync(join(home, 'fetched'), 'in the way\n');
    items = THREE_ITEMS;
    const result = await news(['fetch'], home);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`news: gazette: a file is in the way where news needs a folder: ${join(home, 'fetched')}\nnews: the feed could not be fetched. See 'news feed list' for its last error\n`);
    expect(readFileSync(join(home, 'fetched'), 'utf8')).toBe('in the way\n');
    // Listing still works, with nothing fetched.
    expect((await listed(home)).map((article) => article.slug)).toEqual(['witkoff-leak']);
  });

  it('names each new article apart from the reader\'s files, the bundled ones and other feeds\' items of the same title', async () => {
    const home = newHome();
    const items = [
      { title: 'Witkoff leak', link: 'https://gazette.example/leak', guid: 'leak', date: 'Tue, 01 Dec 2026 09:00:00 GMT', content: '<p>A feed item named like the bundled article.</p>' },
      { title: 'The lamp goes dark', link: 'https://gazette.example/lamp', guid: 'lamp', date: 'Wed, 02 Dec 2026 09:00:00 GMT', content: '<p>The feed’s lamp.</p>' },
    ];
    // Followed while empty, so that the items arrive with news fetch, which names them.
    let served: typeof items = [];
    const { base } = await serve({
      '/a.xml': send('application/rss+xml', () => rss(served, 'Gazette A')),
      '/b.xml': send('application/rss+xml', () => rss(served.map((item) => ({ ...item, link: `${item.link}-b`, guid: `${item.guid}-b` })), 'Gazette B')),
    });
    expect((await news(['feed', 'add', `${base}/a.xml`], home)).status).toBe(0);
    expect((await news(['feed', 'add', `${base}/b.xml`], home)).status).toBe(0);
    // The reader's own file, written by hand after the feeds were followed.
    mkdirSync(join(home, 'articles'), { recursive: true });
    writeFileSync(join(home, 'articles', 'the-lamp-goes-dark.md'), '---\ntitle: The lamp goes dark\n---\n\nMy own notes on the lamp.\n');
    served = items;
    const fetched = await news(['fetch'], home);
    expect(fetched.status, fetched.stderr).toBe(0);
    const articles = await listed(home);
    const fromFeeds = articles.filter((article) => article.feed !== null);
    expect(fromFeeds).toHaveLength(4);
    const slugs = fromFeeds.map((article) => article.slug);
    expect(new Set(slugs).size).toBe(4);
    expect(slugs).not.toContain('witkoff-leak');
    expect(slugs).not.toContain('the-lamp-goes-dark');
    // The reader's file and the bundled article are untouched, and still listed as they were.
    expect(readFileSync(join(home, 'articles', 'the-lamp-goes-dark.md'), 'utf8')).toContain('My own notes on the lamp.');
    expect(articles.find((article) => article.slug === 'witkoff-leak')?.feed).toBeNull();
    expect(articles.find((article) => article.slug === 'the-lamp-goes-dark')?.feed).toBeNull();
    // Each feed's items read back as their own.
    for (const article of fromFeeds) {
      const text = await news(['read', article.slug, '--format', 'markdown'], home);
      expect(text.stdout).toContain(article.title.startsWith('The lamp') ? 'The feed’s lamp.' : 'A feed item named like the bundled article.');
    }
    // Fetched again, nothing is stored twice or renamed.
    expect((await news(['fetch'], home)).status).toBe(0);
    expect((await listed(home)).filter((article) => article.feed !== null).map((article) => article.slug).sort()).toEqual([...slugs].sort());
  });

  it('two fetches at once store every item once', async () => {
    const home = newHome();
    const items = Array.from({ length: 30 }, (_, i) => ({ title: `Story number ${i}`, link: `https://gazette.example/${i}`, date: `Tue, 01 Dec 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT`, description: `<p>Story ${i}.</p>` }));
    let served = false;
    const { base } = await serve({ '/feed.xml': send('application/rss+xml', () => (served ? rss(items) : ((served = true), rss([])))) });
    expect((await news(['feed', 'add', `${base}/feed.xml`, '--name', 'many'], home)).status).toBe(0);
    const results = await Promise.all([news(['fetch'], home), news(['fetch'], home)]);
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    expect(articleFiles(home)).toHaveLength(30);
    expect(await listed(home, '--feed', 'many')).toHaveLength(30);
    expect(await listed(home, '--unread', '--limit', '5')).toHaveLength(5);
  });

  it('refuses to overwrite a feeds.json it cannot understand, and names it', async () => {
    const home = newHome();
    writeFileSync(join(home, 'feeds.json'), '{"version": 1, "feeds": [tru');
    const { base } = await serve({ '/feed.xml': send('application/rss+xml', rss(THREE_ITEMS)) });
    const result = await news(['feed', 'add', `${base}/feed.xml`], home);
    expectOneLine(result, 1, /feeds\.json is not valid JSON/);
    expect(readFileSync(join(home, 'feeds.json'), 'utf8')).toBe('{"version": 1, "feeds": [tru');
  });
});

describe('help for the feed commands', () => {
  it('news help feed add is the help of feed add, through the binary', async () => {
    const home = newHome();
    const asked = await news(['help', 'feed', 'add'], home);
    expect(asked).toMatchObject({ status: 0, stderr: '' });
    expect(asked.stdout).toMatch(/^Usage: news feed add \[options\] <address>\n/);
    expect(asked.stdout).toBe((await news(['feed', 'add', '--help'], home)).stdout);
    const feed = await news(['feed', '--help'], home);
    expect(feed.stdout).toMatch(/^ {2}help \[command\] +show help for a command$/m);
    expect(feed.stdout).not.toContain('display help');
  });
});

describe('feed item titles', () => {
  it('keeps an RSS title\'s text that looks like a tag, and reads real markup as text, in list, read and search', async () => {
    const home = newHome();
    const items = [
      { title: 'C++ &lt;templates&gt; and more', link: 'https://gazette.example/cpp', guid: 'cpp', date: 'Tue, 01 Dec 2026 09:00:00 GMT', content: '<p>Templates explained for the harbour coders.</p>' },
      { title: '<![CDATA[<b>Bold</b> harbour news]]>', link: 'https://gazette.example/bold', guid: 'bold', date: 'Mon, 30 Nov 2026 09:00:00 GMT', content: '<p>The fleet is bold.</p>' },
    ];
    const { base } = await serve({ '/feed.xml': send('application/rss+xml', rss(items)) });
    const added = await news(['feed', 'add', `${base}/feed.xml`], home);
    expect(added.status, added.stderr).toBe(0);
    const titles = (await listed(home, '--feed', 'harbour-gazette')).map((article) => article.title);
    expect(titles).toEqual(['C++ <templates> and more', 'Bold harbour news']);
    const list = await news(['list', '--width', '120'], home);
    expect(list.stdout).toMatch(/^c-templates-and-more +C\+\+ <templates> and more +2026-12-01/m);
    expect(list.stdout).toMatch(/^bold-harbour-news +Bold harbour news +2026-11-30/m);
    const read = await news(['read', 'c-templates-and-more'], home);
    expect(read.stdout.split('\n')[0]).toBe('C++ <templates> and more');
    const found = await news(['search', 'templates'], home);
    expect(found.stdout).toMatch(/^c-templates-and-more +C\+\+ <templates> and more$/m);
  });

  it('names an untitled Atom entry by its text, never by escapes or tag fragments', async () => {
    const home = newHome();
    // gofeed's testdata/parser/atom/atom10_feed_entry_content_base64_escaped_markup.xml (MIT): the
    // content is "&lt;p&gt;Entry Content&lt;/p&gt;", base64-encoded.
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Escapes</title><entry><id>urn:1</id>
<content type="application/octet-stream">Jmx0O3AmZ3Q7RW50cnkgQ29udGVudCZsdDsvcCZndDs=</content></entry>
<entry><id>urn:2</id><content type="html">&lt;p&gt;The &lt;em&gt;last&lt;/em&gt; boat_time is *late* &amp;amp; [soon]&lt;/p&gt;</content></entry></feed>`;
    const { base } = await serve({ '/atom.xml': send('application/atom+xml', feed) });
    const added = await news(['feed', 'add', `${base}/atom.xml`], home);
    expect(added.status, added.stderr).toBe(0);
    const articles = await listed(home, '--feed', 'escapes');
    expect(articles.map((article) => article.title).sort()).toEqual(['Entry Content', 'The last boat_time is *late* & [soon]']);
    expect(articles.find((article) => article.title === 'Entry Content')?.slug).toBe('entry-content');
    expect((await news(['list'], home)).stdout).toMatch(/^entry-content +Entry Content\b/m);
    expect((await news(['read', 'entry-content'], home)).stdout.split('\n')[0]).toBe('Entry Content');
    const found = (await news(['search', 'entry'], home)).stdout;
    expect(found).toMatch(/^entry-content +Entry Content$/m);
    expect(found).not.toContain('\\');
  });

  it('names an untitled item with only a summary and a link by the summary, and one with only a link by its address', async () => {
    const home = newHome();
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Links</title>
<entry><id>urn:a</id><link href="https://gazette.example/tide"/><summary>The tide turned early.</summary></entry>
<entry><id>urn:b</id><link href="https://gazette.example/2026/lamp%20house/"/></entry></feed>`;
    const { base } = await serve({ '/atom.xml': send('application/atom+xml', feed) });
    const added = await news(['feed', 'add', `${base}/atom.xml`], home);
    expect(added.status, added.stderr).toBe(0);
    expect((await listed(home, '--feed', 'links')).map((article) => article.title).sort()).toEqual(['The tide turned early.', 'gazette.example/2026/lamp house']);
  });
});

describe('OPML and removing feeds', () => {
  it('imports nested folders, exports them again, and --purge removes a feed\'s articles', async () => {
    const home = newHome();
    const { base } = await serve({ '/feed.xml': send('application/rss+xml', rss(THREE_ITEMS)), '/other.xml': send('application/rss+xml', rss([], 'Other')) });
    const opml = join(home, 'subs.opml');
    writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body><outline text="News"><outline text="Local"><outline type="rss" text="Gazette" xmlUrl="${base}/feed.xml"/></outline></outline><outline type="rss" text="Other &amp; more" xmlUrl="${base}/other.xml"/><outline text="bad" xmlUrl="file:///etc/passwd"/></body></opml>`,
    );
    const imported = await news(['feed', 'import', opml], home);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Now following 2 more feeds\./);
    expect(imported.stderr).toBe('news: warning: left out 1 feed whose address is not http or https: file:///etc/passwd\n');
    const again = await news(['feed', 'import', opml], home);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(`You already follow the 2 feeds in ${opml} that news can fetch; nothing was imported.\n`);
    const exported = await news(['feed', 'export'], home);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('<opml version="2.0">');
    expect(exported.stdout).toMatch(/<outline[^>]*text="News"[^>]*>\s*<outline[^>]*text="Local"[^>]*>\s*<outline[^>]*xmlUrl="http:\/\/127\.0\.0\.1:\d+\/feed\.xml"/);
    expect(exported.stdout).toContain('Other &amp; more');

    expect((await news(['fetch'], home)).status).toBe(0);
    expect(articleFiles(home)).toHaveLength(3);
    // The names the reader's last reader gave the feeds stay theirs after a fetch, and go out again.
    const titles = (JSON.parse((await news(['feed', 'list', '--json'], home)).stdout) as { title: string }[]).map((feed) => feed.title).sort();
    expect(titles).toEqual(['Gazette', 'Other & more']);
    expect((await news(['feed', 'export'], home)).stdout).toContain('text="Gazette"');
    const removed = await news(['feed', 'remove', 'gazette', '--purge'], home);
    expect(removed.status, removed.stderr).toBe(0);
    expect(articleFiles(home)).toEqual([]);
    expect((JSON.parse((await news(['feed', 'list', '--json'], home)).stdout) as unknown[]).length).toBe(1);
  });
});

describe('OPML with no feeds', () => {
  it('says so in one line, suggests no fetch, follows nothing and succeeds', async () => {
    const home = newHome();
    const opml = join(home, 'empty.opml');
    writeFileSync(opml, '<?xml version="1.0"?>\n<opml version="2.0"><head><title>Nothing yet</title></head><body><outline text="A folder, empty"/></body></opml>\n');
    const result = await news(['feed', 'import', opml], home);
    expect(result).toEqual({ status: 0, stdout: `There are no feeds in ${opml}; nothing was imported.\n`, stderr: '' });
    expect(existsSync(join(home, 'feeds.json'))).toBe(false);
    expect(JSON.parse((await news(['feed', 'list', '--json'], home)).stdout)).toEqual([]);
  });
});

describe('OPML cut short', () => {
  it('is refused whole, naming the file, and nothing is imported', async () => {
    const home = newHome();
    const whole = '<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="A" xmlUrl="http://127.0.0.1:9/a.xml"/><outline type="rss" text="B" xmlUrl="http://127.0.0.1:9/b.xml"/></body></opml>';
    for (const cut of [whole.slice(0, whole.indexOf('b.xml')), whole.slice(0, whole.indexOf('</body>')), '<opml><body><outline']) {
      const opml = join(home, 'cut.opml');
      writeFileSync(opml, cut);
      const result = await news(['feed', 'import', opml], home);
      expectOneLine(result, 1, /cut\.opml is not an OPML file news can read: it ends before its <\/opml> \(cut short\?\)/);
      expect(existsSync(join(home, 'feeds.json'))).toBe(false);
    }
    writeFileSync(join(home, 'whole.opml'), whole);
    expect((await news(['feed', 'import', join(home, 'whole.opml')], home)).stdout).toMatch(/Now following 2 more feeds/);
  });
});

describe('a feed followed --full', () => {
  it('stores each item\'s page, with what the page says of itself where the item is silent', async () => {
    const home = newHome();
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keeper retires</title>
<meta name="description" content="The last keeper of the harbour light steps down."><meta name="author" content="Ada Keeper">
<meta property="article:published_time" content="2026-11-30T09:00:00Z"></head><body><nav><a href="/">Home</a></nav>
<article><h1>Keeper retires</h1><p>After forty years, the keeper climbed the two hundred stairs one more time and wrote the last line in the log book.</p>
<h2>The morning</h2><p>The town woke to a dark tower for the first time in a century, and the harbour master said the new light would be automatic.</p></article></body></html>`;
    const { base } = await serve({ '/keeper': (_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page) });
    const feedText = rss([{ title: 'Keeper retires', link: `${base}/keeper`, guid: 'k-1', date: 'Tue, 01 Dec 2026 09:00:00 GMT', description: 'A summary only.' }]);
    const { base: feedBase } = await serve({ '/feed.xml': send('application/rss+xml', feedText) });
    const added = await news(['feed', 'add', `${feedBase}/feed.xml`, '--full'], home);
    expect(added.status, added.stderr).toBe(0);
    expect(articleFiles(home)).toEqual(['keeper-retires.md']);
    const text = readFileSync(join(home, 'fetched', 'keeper-retires.md'), 'utf8');
    expect(text).toContain('dek: "The last keeper of the harbour light steps down."');
    expect(text).toContain('author: "Ada Keeper"');
    // The item's own date wins over the page's.
    expect(text).toContain('date: "2026-12-01T09:00:00.000Z"');
    expect(text).toContain('source: "Harbour Gazette"');
    expect(text).toContain('The town woke to a dark tower');
    expect(text).not.toContain('A summary only.');
    const read = await news(['read', 'keeper-retires'], home);
    expect(read.stdout).toContain('The last keeper of the harbour light steps down.');
    expect(read.stdout).toContain('1 min read · 2026-12-01 · Ada Keeper · Harbour Gazette');
  });
});

describe('news add with a web page', () => {
  const PAGE = `<!doctype html><html lang="en"><head><meta charset="windows-1252"><title>Keeper retires | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette"><meta name="author" content="Ada Keeper">
<meta property="article:published_time" content="2026-12-01T09:00:00Z"><link rel="canonical" href="https://gazette.example/keeper">
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><div class="cookie-banner">We use cookies. Accept?</div>
<article><h1>Keeper retires</h1><p>After forty years, the keeper\u0092s last night came, and the whole town stood on the quay to watch the lamp.</p>
<h2>The stairs</h2><p>She climbed the two hundred stairs one more time, slowly, stopping at each window to look at the sea she had watched for so long.</p>
<p>At the top she wound the clock, trimmed the wick and wrote the last line in the log book, as she had done every night since she was young.</p>
<h2>The morning</h2><p>The town woke to a dark tower for the first time in a century, and the harbour master said the new light would be automatic.</p></article>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">Other story</a></li></ul></aside><footer>Copyright Gazette</footer></body></html>`;
  const pageBytes = Buffer.from(PAGE, 'latin1');

  it('fetches an address and keeps the article, its metadata and its sections', async () => {
    const home = newHome();
    const { base } = await serve({ '/keeper': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(pageBytes) });
    const result = await news(['add', `${base}/keeper`], home);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Added “Keeper retires[^”]*” as keeper-retires/);
    const [article] = await listed(home);
    expect(article).toMatchObject({ author: 'Ada Keeper', source: 'Harbour Gazette', url: 'https://gazette.example/keeper', sections: 2, unread: false });
    expect(article?.date).toMatch(/^2026-12-01/);
    const text = (await news(['read', 'keeper-retires'], home)).stdout;
    expect(text).toContain('keeper’s last night');
    expect(text).not.toMatch(/cookies|Sport|Other story|Copyright/);
  });

  it('reads a saved page, with --url for its links, and refuses what is not a page', async () => {
    const home = newHome();
    writeFileSync(join(home, 'saved.html'), pageBytes);
    const result = await news(['add', 'saved.html', '--url', 'https://gazette.example/keeper'], home);
    expect(result.status, result.stderr).toBe(0);
    expect((await listed(home))[0]?.url).toBe('https://gazette.example/keeper');

    const { base } = await serve({
      '/image': send('image/png', 'PNG'),
      '/loop': (_request, response) => response.writeHead(302, { location: '/loop' }).end(),
      '/huge': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        let sent = 0;
        const more = (): void => {
          while (sent < 25 && response.write(chunk)) sent++;
          if (sent < 25) response.once('drain', more);
          else response.end();
        };
        response.on('error', () => undefined);
        more();
      },
    });
    expectOneLine(await news(['add', `${base}/image`], home), 1, /image/);
    expectOneLine(await news(['add', `${base}/loop`], home), 1, /redirect/i);
    expectOneLine(await news(['add', `${base}/huge`], home), 1, /20 MB/);
    expectOneLine(await news(['add', `${base}/missing`], home), 1, /404/);
    expectOneLine(await news(['add', 'file:///etc/passwd'], home), 2, /http/);
    expectOneLine(await news(['add', 'javascript:alert(1)'], home), 2, /http/);
    expect(articleFiles(home)).toEqual(['keeper-retires.md']);
  });

  it('keeps each line of code, highlighted with <br> or plain with blank lines, in the file and on screen', async () => {
    const home = newHome();
    // v8.dev's Prism markup: no newline in the text, a blank line as two <br>, and the comment in
    // a span of class "token comment".
    const code =
      '<pre class="language-c"><code class="language-c"><span class="token comment">// add.c</span><br /><span class="token macro property"><span class="token directive-hash">#</span>' +
      '<span class="token keyword directive">include</span> <span class="token string">&lt;emscripten.h&gt;</span></span><br /><br />EMSCRIPTEN_KEEPALIVE<br />' +
      '<span class="token keyword">int</span> <span class="token function">add</span><span class="token punctuation">(</span>int x<span class="token punctuation">)</span> <span class="token punctuation">{</span><br />' +
      '  <span class="token keyword">return</span> x<span class="token punctuation">;</span><br /><span class="token punctuation">}</span></code></pre>';
    const python = '<pre>def light():\n    return True\n\n\ndef dark():\n    print\n\n## not a section\n</pre>';
    const page = PAGE.replace('<h2>The morning</h2>', `<p>The keeper kept her log in C:</p>${code}<p>And in Python:</p>${python}<h2>The morning</h2>`);
    const { base } = await serve({ '/keeper': send('text/html; charset=utf-8', page) });
    const result = await news(['add', `${base}/keeper`], home);
    expect(result.status, result.stderr).toBe(0);
    const saved = readFileSync(join(home, 'articles', 'keeper-retires.md'), 'utf8');
    expect(saved).toContain('```c\n// add.c\n#include <emscripten.h>\n\nEMSCRIPTEN_KEEPALIVE\nint add(int x) {\n  return x;\n}\n```');
    // Blank lines in code, and lines that would be junk or a heading outside it, stay.
    expect(saved).toContain('```\ndef light():\n    return True\n\n\ndef dark():\n    print\n\n## not a section\n```');
    const shown = (await news(['read', 'keeper-retires', '--width', '100'], home)).stdout.split('\n').map((line) => line.trimEnd());
    const at = shown.indexOf('  // add.c');
    expect(at, shown.join('\n')).toBeGreaterThan(0);
    expect(shown.slice(at, at + 7)).toEqual(['  // add.c', '  #include <emscripten.h>', '', '  EMSCRIPTEN_KEEPALIVE', '  int add(int x) {', '    return x;', '  }']);
  });

  it('gives up on a stalled server after --timeout, writing nothing', async () => {
    const home = newHome();
    const { base } = await serve({ '/stall': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).write('<html><body><p>') });
    const result = await news(['add', `${base}/stall`, '--timeout', '1'], home);
    expectOneLine(result, 1, /timed out|time/i);
    expect(articleFiles(home)).toEqual([]);
  });

  it('goes through the proxy HTTP_PROXY names', async () => {
    const home = newHome();
    const proxied: string[] = [];
    const { base: proxy } = await serve({});
    // The proxy answers absolute-form requests for a host name that does not resolve.
    const server = servers.at(-1) as Server;
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      proxied.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'text/html' }).end(pageBytes);
    });
    const result = await news(['add', 'http://gazette.invalid/keeper'], home, { HTTP_PROXY: proxy });
    expect(result.status, result.stderr).toBe(0);
    expect(proxied).toEqual(['http://gazette.invalid/keeper']);
  });
});
