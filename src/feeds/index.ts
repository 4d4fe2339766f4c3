import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { composeArticle } from '../articles/compose.js';
import type { Stored } from '../articles/fetched-store.js';
import { summarize, type ArticleEntry } from '../articles/model.js';
import { parseArticle } from '../articles/parse.js';
import { isSlug, slugify } from '../articles/slug.js';
import { nameFromTitle, readArticleFileIfOurs, writeArticleFile } from '../articles/user-articles.js';
import type { Context } from '../context.js';
import { NewsError, describeFsError, usageError } from '../errors.js';
import { sanitizeLine } from '../render/text.js';
import { plainText as markdownText } from '../search/text.js';
import { checkAddress, decodeXml, DEFAULT_MAX_BYTES, extractPage, htmlFragmentToMarkdown, decodeHtml } from '../web/index.js';
import { discoverFeeds, FeedFormatError, looksLikeFeed, parseFeed, parseOpml, textMaybeHtml, writeOpml, type FeedItem, type ParsedFeed } from './formats/index.js';
import { ArticleNames } from './article-names.js';
import { Subscriptions, type StoredItem, type Subscription } from './subscriptions.js';

export { feedIdentity } from './subscriptions.js';

/**
 * Feeds, as the commands use them: subscribe, fetch, list, remove, OPML in and out. Feed bytes
 * are decoded, parsed (src/feeds/formats/), and each item becomes an article file in the
 * reader's folder, written like any other (atomically, never through a link), so read,
 * sections, search, react and remove work on it. What became of each item is kept in the
 * subscriptions file, so an item is stored once and updated in place when it changes.
 */

/** Feeds fetched at once: enough to hide the network's latency, few enough to be polite. */
const CONCURRENT_FEEDS = 8;
/** Pages fetched at once for one `--full` feed. */
const CONCURRENT_PAGES = 4;
/** Feeds whose items are recorded in one write of the subscriptions file (see Recorder). */
const RECORDED_TOGETHER = 100;

export interface FetchOptions {
  timeoutMs: number;
  /** Called as feeds finish, for a progress line on a terminal. */
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  done: number;
  total: number;
  added: number;
}

export interface FeedOutcome {
  name: string;
  /** Why the feed could not be fetched, or undefined when it was. */
  error: string | undefined;
  added: number;
  updated: number;
  notModified: boolean;
}

const subscriptionsOf = (ctx: Context): Subscriptions => new Subscriptions(ctx.dataDir);

export function listFeeds(ctx: Context): Subscription[] {
  return subscriptionsOf(ctx).read();
}

export interface AddFeedOptions extends FetchOptions {
  name?: string;
  full?: boolean;
}

/**
 * Subscribes to a feed, or to the feed a page names (<link rel="alternate">), and fetches it
 * once at once. A feed that cannot be fetched or read is not subscribed to.
 */
export async function addFeed(ctx: Context, address: string, options: AddFeedOptions): Promise<{ feed: Subscription; outcome: FeedOutcome }> {
  const url = checkAddress(address);
  if (options.name !== undefined && !isSlug(options.name)) throw usageError(`${JSON.stringify(options.name)} is not a feed name`, 'Names are lower-case letters, digits and dashes, like ars-technica');
  const existing = listFeeds(ctx);
  const already = existing.find((feed) => feed.url === url);
  if (already) throw new NewsError('io', `you already follow ${url}, as "${already.name}"`, `Fetch it with: news fetch ${already.name}`);
  if (options.name !== undefined && existing.some((feed) => feed.name === options.name)) {
    throw new NewsError('io', `you already have a feed named "${options.name}"`, 'Choose another with --name <name>');
  }
  const found = await fetchFeedDocument(ctx, url, options.timeoutMs, { discover: true });
  if (found.kind === 'not-modified') throw new NewsError('network', `the server answered 304 Not Modified for ${url}, with no feed`, 'Try again later');
  const feedUrl = found.url;
  if (feedUrl !== url && existing.some((feed) => feed.url === feedUrl)) {
    const name = existing.find((feed) => feed.url === feedUrl)?.name ?? '';
    throw new NewsError('io', `you already follow the feed ${feedUrl} that ${url} names, as "${name}"`, `Fetch it with: news fetch ${name}`);
  }
  const feed = newSubscription(ctx, feedUrl, { title: cleanText(found.feed.title), siteUrl: found.feed.link, full: options.full === true });
  // The name is claimed under the lock, so that two `feed add` at once cannot take the same one.
  const named = await subscriptionsOf(ctx).update((feeds) => {
    if (feeds.some((other) => other.url === feedUrl)) throw new NewsError('io', `you already follow ${feedUrl}`, "See 'news feed list'");
    if (options.name !== undefined && feeds.some((other) => other.name === options.name)) throw new NewsError('io', `you already have a feed named "${options.name}"`, 'Choose another with --name <name>');
    const added = { ...feed, name: options.name ?? uniqueFeedName(feed, feeds) };
    return { feeds: [...feeds, added], result: added };
  });
  const outcome = await storeItems(ctx, named, found, options.timeoutMs);
  options.onProgress?.({ done: 1, total: 1, added: outcome.added });
  return { feed: named, outcome };
}

/** A subscription not fetched yet; its name is given under the lock, where names are claimed. */
function newSubscription(ctx: Context, url: string, fields: Partial<Pick<Subscription, 'title' | 'titleGiven' | 'siteUrl' | 'full' | 'folders'>>): Subscription {
  return {
    name: '',
    url,
    title: fields.title,
    titleGiven: fields.titleGiven ?? false,
    siteUrl: fields.siteUrl,
    full: fields.full ?? false,
    folders: fields.folders ?? [],
    added: ctx.now().toISOString(),
    lastFetched: undefined,
    lastError: undefined,
    etag: undefined,
    lastModified: undefined,
    items: {},
  };
}

/** A short name from the feed's title, else its site's host name, made unique with -2, -3… */
function uniqueFeedName(feed: Subscription, taken: Subscription[]): string {
  const fromTitle = slugify(sanitizeLine(feed.title ?? '')).split('-').filter(Boolean).slice(0, 3).join('-');
  const host = hostName(feed.siteUrl) ?? hostName(feed.url) ?? 'feed';
  const base = (fromTitle || slugify(host.replace(/^www\./, '')) || 'feed').slice(0, 40).replace(/-+$/, '');
  const names = new Set(taken.map((other) => other.name));
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base}-${n}`)) return `${base}-${n}`;
}

function hostName(address: string | undefined): string | undefined {
  try {
    return address === undefined ? undefined : new URL(address).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Fetches the feeds named (all, when none is), at most CONCURRENT_FEEDS at once; one that fails never stops the others. */
export async function fetchFeeds(ctx: Context, names: string[], options: FetchOptions): Promise<FeedOutcome[]> {
  const feeds = listFeeds(ctx);
  if (feeds.length === 0) throw new NewsError('not-found', 'you follow no feeds yet', 'Add one with: news feed add <address>');
  const unknown = names.filter((name) => !feeds.some((feed) => feed.name === name));
  if (unknown.length > 0) throw new NewsError('not-found', `no feed named ${unknown.map((name) => `"${name}"`).join(', ')}`, "See 'news feed list'");
  const chosen = names.length === 0 ? feeds : feeds.filter((feed) => names.includes(feed.name));
  const outcomes: FeedOutcome[] = [];
  let added = 0;
  const record = new Recorder(ctx, RECORDED_TOGETHER);
  const articleNames = new ArticleNames(ctx.library);
  await eachAtMost(CONCURRENT_FEEDS, chosen, async (feed) => {
    const outcome = await refreshFeed(ctx, feed, options.timeoutMs, record, articleNames);
    outcomes.push(outcome);
    added += outcome.added;
    options.onProgress?.({ done: outcomes.length, total: chosen.length, added });
  });
  await record.flush();
  return chosen.map((feed) => outcomes.find((outcome) => outcome.name === feed.name) as FeedOutcome);
}

async function refreshFeed(ctx: Context, feed: Subscription, timeoutMs: number, record: Recorder, articleNames: ArticleNames): Promise<FeedOutcome> {
  try {
    const found = await fetchFeedDocument(ctx, feed.url, timeoutMs, { discover: false, etag: feed.etag, lastModified: feed.lastModified });
    return await storeItems(ctx, feed, found, timeoutMs, record, articleNames);
  } catch (error) {
    if (!(error instanceof NewsError)) throw error;
    const reason = error.message;
    const failedAt = ctx.now().toISOString();
    await record.change(feed.name, (stored) => ({ ...stored, lastFetched: failedAt, lastError: reason }), []);
    return { name: feed.name, error: reason, added: 0, updated: 0, notModified: false };
  }
}

type FoundFeed =
  | { kind: 'not-modified'; url: string; etag: string | undefined; lastModified: string | undefined }
  | { kind: 'feed'; url: string; feed: ParsedFeed; etag: string | undefined; lastModified: string | undefined };

/**
 * The feed at an address, parsed. With `discover`, a web page that names a feed in a
 * <link rel="alternate"> leads to that feed (one step, no further).
 */
async function fetchFeedDocument(
  ctx: Context,
  address: string,
  timeoutMs: number,
  options: { discover: boolean; etag?: string | undefined; lastModified?: string | undefined },
): Promise<FoundFeed> {
  const result = await ctx.net.fetch({ address, wanted: 'feed', timeoutMs, maxBytes: DEFAULT_MAX_BYTES, etag: options.etag, lastModified: options.lastModified });
  if (result.notModified) return { kind: 'not-modified', url: result.url, etag: result.etag, lastModified: result.lastModified };
  const { text } = decodeXml(result.body, result.charset);
  if (!looksLikeFeed(text)) {
    const isPage = result.contentType === 'text/html' || result.contentType === 'application/xhtml+xml' || /^\s*<(?:!doctype\s+html|html)\b/i.test(text.slice(0, 1024));
    if (!isPage) throw new NewsError('bad-input', `${result.url} is not a feed (RSS, Atom or JSON Feed)`, 'Check the address; a site often names its feed in a link on its home page');
    if (!options.discover) throw new NewsError('bad-input', `${result.url} is a web page now, not a feed`, 'Remove it (news feed remove) and add the site again, so news finds its feed');
    const page = decodeHtml(result.body, result.charset).text;
    const named = discoverFeeds(page, result.url)[0];
    if (named === undefined) throw new NewsError('bad-input', `${result.url} is a web page that names no feed`, "Find the site's RSS or Atom address, and add that");
    return fetchFeedDocument(ctx, named.url, timeoutMs, { discover: false });
  }
  let feed: ParsedFeed;
  try {
    feed = parseFeed(text, result.url);
  } catch (error) {
    if (error instanceof FeedFormatError) throw new NewsError('bad-input', `${result.url} cannot be read as a feed: ${error.message}`, 'Nothing was changed; tell the site, or try again later');
    throw error;
  }
  return { kind: 'feed', url: result.url, feed, etag: result.etag, lastModified: result.lastModified };
}

/**
 * Stores a fetched feed's items as articles: a new item becomes a new article (unread), one
 * seen before whose content changed is rewritten in place, and one seen before that is the
 * same, or whose article the reader removed, is left alone. The subscription is updated last,
 * under its lock; an article written before a crash there is found again by its feed and
 * address next time, not stored twice.
 */
async function storeItems(
  ctx: Context,
  feed: Subscription,
  found: FoundFeed,
  timeoutMs: number,
  record: Recorder = new Recorder(ctx),
  articleNames?: ArticleNames,
): Promise<FeedOutcome> {
  if (found.kind === 'not-modified') {
    await record.change(feed.name, (stored) => ({ ...stored, lastFetched: ctx.now().toISOString(), lastError: undefined }), []);
    return { name: feed.name, error: undefined, added: 0, updated: 0, notModified: true };
  }
  const source = cleanText(found.feed.title) ?? feed.title ?? hostName(feed.siteUrl ?? feed.url);
  const items: Record<string, StoredItem> = {};
  const fresh: string[] = [];
  let updated = 0;
  const claimed = new Set<string>();
  const work: { item: FeedItem; key: string; hash: string; known: StoredItem | undefined; existing: ArticleEntry | undefined }[] = [];
  const keys = new Set<string>();
  for (const item of found.feed.items) {
    const key = itemKey(item);
    if (key === undefined || keys.has(key)) continue; // a feed that lists an item twice stores it once
    keys.add(key);
    const hash = itemHash(item);
    const known = feed.items[key];
    let existing: ArticleEntry | undefined;
    if (known !== undefined) {
      if (known.hash === hash) continue;
      existing = ctx.library.findExact(known.slug);
      // Removed by the reader: it stays removed.
      if (existing?.origin !== 'user') continue;
    }
    work.push({ item, key, hash, known, existing });
  }
  const pages = feed.full ? await fetchFullPages(ctx, work.filter(({ known }) => known === undefined).map(({ item }) => item), timeoutMs) : new Map<FeedItem, FullPage>();
  const batch: Stored[] = [];
  const written: { key: string; hash: string; known: StoredItem | undefined; slug: string; stored: Stored | undefined }[] = [];
  const userDir = join(ctx.library.userDir, '/');
  articleNames?.refresh();
  for (const { item, key, hash, known, existing } of work) {
    const page = pages.get(item);
    const own = itemBody(item, found.url);
    const body = page?.body ?? own?.body;
    if (body === undefined) continue;
    const title = itemTitle(item, page?.body ?? own?.text ?? '');
    // The page says what the item may not: its standfirst, and its author and date when the item has none.
    const text = composeArticle({ title, dek: page?.dek, author: cleanText(item.author) ?? page?.author, date: item.date ?? page?.date, source, url: item.link, feed: feed.name }, body);
    // It must read back as an article: this throws if news wrote something it cannot read. The
    // summary read back is the one the index keeps, as a rebuild from the file would make it.
    const summary = summarize(parseArticle(text, 'feed-item'));
    const slug = known?.slug ?? chooseSlug(ctx, title, feed, item, claimed, articleNames);
    claimed.add(slug);
    // An article fetched before there was a folder for them stays where it is, in the reader's.
    let stored: Stored | undefined;
    if (existing !== undefined && existing.path.startsWith(userDir)) writeArticleFile(existing.path, text);
    else batch.push((stored = { slug, text, summary, fresh: known === undefined }));
    written.push({ key, hash, known, slug, stored });
  }
  await ctx.library.fetched?.store(batch);
  articleNames?.add(batch.map(({ slug }) => slug));
  for (const { key, hash, known, slug, stored } of written) {
    // A new article's name may have changed under the lock (see Stored.fresh): recorded as written.
    const name = stored?.slug ?? slug;
    items[key] = { slug: name, hash };
    if (known === undefined) fresh.push(name);
    else updated++;
  }
  ctx.library.forgetFetched();
  const fetchedAt = ctx.now().toISOString();
  await record.change(
    feed.name,
    (stored) => ({
      ...stored,
      title: stored.titleGiven ? stored.title : (cleanText(found.feed.title) ?? stored.title),
      siteUrl: found.feed.link ?? stored.siteUrl,
      lastFetched: fetchedAt,
      lastError: undefined,
      etag: found.etag,
      lastModified: found.lastModified,
      items: { ...stored.items, ...items },
    }),
    fresh,
  );
  return { name: feed.name, error: undefined, added: fresh.length, updated, notModified: false };
}

/**
 * What a fetch learnt, recorded in the subscriptions file and the unread marks a few feeds at a
 * time: each holds an entry per item ever fetched, and writing them whole once per feed made a
 * fetch of 200 feeds take time in the square of its items. Articles are in the library before
 * their items are recorded; a fetch killed in between finds them again by feed and address.
 */
class Recorder {
  private changes: { name: string; change: (feed: Subscription) => Subscription }[] = [];
  private fresh: string[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: Context,
    /** Feeds recorded together; 0 records each at once. */
    private readonly every = 0,
  ) {}

  async change(name: string, change: (feed: Subscription) => Subscription, fresh: readonly string[]): Promise<void> {
    this.changes.push({ name, change });
    this.fresh.push(...fresh);
    if (this.changes.length > this.every) await this.flush();
  }

  flush(): Promise<void> {
    const changes = this.changes;
    const fresh = this.fresh;
    this.changes = [];
    this.fresh = [];
    const run = this.queue.then(async () => {
      if (fresh.length > 0) await this.ctx.unread.add(fresh);
      if (changes.length === 0) return;
      await subscriptionsOf(this.ctx).update((feeds) => {
        const next = [...feeds];
        for (const { name, change } of changes) {
          const index = next.findIndex((feed) => feed.name === name);
          if (index >= 0) next[index] = change(next[index] as Subscription);
        }
        return { feeds: next, result: undefined };
      });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** An item is the same item by its guid or id, else by its link; one with neither, by its title and date. */
function itemKey(item: FeedItem): string | undefined {
  const id = item.id?.trim() || item.link?.trim();
  if (id) return id;
  if (!item.title && !item.summaryHtml && !item.contentHtml) return undefined;
  return `hash:${itemHash(item).slice(0, 16)}`;
}

function itemHash(item: FeedItem): string {
  return createHash('sha256')
    .update(JSON.stringify([item.title ?? '', item.link ?? '', item.author ?? '', item.date ?? '', item.contentHtml ?? '', item.summaryHtml ?? '']))
    .digest('hex');
}

/**
 * The article's body: the item's full content, else its summary followed by its link. Nothing
 * at all (no text, no link) is no article.
 */
function itemBody(item: FeedItem, feedUrl: string): { body: string; text: string } | undefined {
  const base = item.link ?? feedUrl;
  const content = item.contentHtml ? htmlFragmentToMarkdown(item.contentHtml, base).trim() : '';
  if (content !== '') return { body: `${content}\n`, text: content };
  const summary = item.summaryHtml ? htmlFragmentToMarkdown(item.summaryHtml, base).trim() : '';
  const link = item.link ? `[Read the whole article](${item.link})` : '';
  const body = [summary, link].filter(Boolean).join('\n\n');
  // `text` is the item's own, without the link news adds: an untitled item is named by it.
  return body === '' ? undefined : { body: `${body}\n`, text: summary };
}

// Enough of an untitled item's text for its first ten words, whatever markup they are in.
const TITLE_SOURCE_CHARACTERS = 2000;

/** An item's title; for one without, the first words of its own text, else where it links to. */
function itemTitle(item: FeedItem, text: string): string {
  const title = cleanText(item.title);
  if (title) return title;
  // No title: the first words of its text, as feed readers show such items: the text the reader
  // sees, without Markdown's marks, and without the tags of markup escaped once too often
  // ("&lt;p&gt;Entry Content&lt;/p&gt;" shows as "<p>Entry Content</p>"), as a title in RSS.
  const shown = textMaybeHtml(markdownText(text.slice(0, TITLE_SOURCE_CHARACTERS)));
  const words = cleanText(shown)?.split(' ').slice(0, 10).join(' ');
  return words || linkName(item.link) || 'Untitled';
}

/** An address as a title: its host and path, as a reader would say it ("gazette.example/lamp"). */
function linkName(link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  try {
    const url = new URL(link);
    return cleanText(decodeURIComponentSafely(`${url.host}${url.pathname}`.replace(/\/$/, '')));
  } catch {
    return undefined;
  }
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function cleanText(text: string | undefined): string | undefined {
  const clean = text === undefined ? '' : sanitizeLine(text).replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

/**
 * A name for a new item's article: from its title, made unique with -2, -3… against the
 * library and the names taken in this run. A file already there that this feed wrote for
 * this item's address (a fetch killed before it recorded the item) is taken back.
 */
function chooseSlug(ctx: Context, title: string, feed: Subscription, item: FeedItem, claimed: Set<string>, articleNames: ArticleNames | undefined): string {
  const base = nameFromTitle(title) || `${feed.name}-item`;
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base.slice(0, 90)}-${n}`;
    if (claimed.has(slug)) continue;
    if (articleNames?.mayBeTaken(slug) === false) return slug;
    const existing = ctx.library.findExact(slug);
    if (existing === undefined) return slug;
    if (existing.origin === 'user' && item.link !== undefined) {
      const ours = readArticleFileIfOurs(existing.path);
      if (ours?.feed === feed.name && ours.url === item.link) return slug;
    }
  }
}

/** An item's page, as `--full` fetched it: the article's text and what the page says of it. */
type FullPage = Pick<ReturnType<typeof extractPage>, 'dek' | 'author' | 'date'> & { body: string };

/** For feeds that publish summaries: each new item's page, fetched and extracted; an item whose page fails keeps its summary. */
async function fetchFullPages(ctx: Context, items: FeedItem[], timeoutMs: number): Promise<Map<FeedItem, FullPage>> {
  const pages = new Map<FeedItem, FullPage>();
  await eachAtMost(CONCURRENT_PAGES, items, async (item) => {
    if (item.link === undefined) return;
    try {
      const result = await ctx.net.fetch({ address: item.link, wanted: 'page', timeoutMs, maxBytes: DEFAULT_MAX_BYTES });
      if (result.notModified) return;
      const page = extractPage(result.body, result.charset, result.url);
      if (page.markdown.trim() !== '') pages.set(item, { body: `${page.markdown.trim()}\n`, dek: page.dek, author: page.author, date: page.date });
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
    }
  });
  return pages;
}

async function eachAtMost<T>(limit: number, things: readonly T[], work: (thing: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < things.length) await work(things[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, things.length) }, worker));
}

/**
 * Unsubscribes. The feed's articles stay unless `purge`: then each one it stored that is still
 * its own (the file says it came from this feed) is deleted, and its unread mark goes.
 */
export async function removeFeed(ctx: Context, name: string, purge: boolean): Promise<{ feed: Subscription; removed: number }> {
  const feed = await subscriptionsOf(ctx).update((feeds) => {
    const found = feeds.find((other) => other.name === name);
    if (!found) throw new NewsError('not-found', `no feed named "${name}"`, "See 'news feed list'");
    return { feeds: feeds.filter((other) => other !== found), result: found };
  });
  let removed = 0;
  if (purge) {
    const slugs: string[] = [];
    const fetched: string[] = [];
    const fetchedDir = ctx.library.fetched === undefined ? undefined : join(ctx.library.fetched.dir, '/');
    for (const { slug } of Object.values(feed.items)) {
      const entry = ctx.library.findExact(slug);
      if (entry?.origin !== 'user' || readArticleFileIfOurs(entry.path)?.feed !== name) continue;
      if (fetchedDir !== undefined && entry.path.startsWith(fetchedDir)) {
        // Deleted under the fetched folder's lock, and recorded, so its index stays whole.
        fetched.push(slug);
        slugs.push(slug);
        removed++;
        continue;
      }
      try {
        unlinkSync(entry.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError(error, entry.path);
      }
      slugs.push(slug);
      removed++;
    }
    if (fetched.length > 0) await ctx.library.fetched?.store([], fetched);
    await ctx.unread.forget(slugs);
  }
  return { feed, removed };
}

/** Subscribes to every feed an OPML file lists (folders kept), without fetching: `news fetch` does that. */
export async function importOpml(ctx: Context, text: string, name: string): Promise<{ added: Subscription[]; followed: number; notOnWeb: string[] }> {
  let outline: ReturnType<typeof parseOpml>;
  try {
    outline = parseOpml(text);
  } catch (error) {
    if (error instanceof FeedFormatError) throw new NewsError('bad-input', `${name} is not an OPML file news can read: ${error.message}`, 'Nothing was imported');
    throw error;
  }
  const candidates: Subscription[] = [];
  // Addresses news cannot fetch (file:, javascript:…): left out, and named to the reader.
  const notOnWeb = outline.notOnWeb.map((address) => sanitizeLine(address));
  for (const entry of outline.feeds) {
    let url: string;
    try {
      url = checkAddress(entry.xmlUrl);
    } catch {
      notOnWeb.push(sanitizeLine(entry.xmlUrl));
      continue;
    }
    const title = cleanText(entry.title);
    candidates.push(newSubscription(ctx, url, { title, titleGiven: title !== undefined, siteUrl: entry.htmlUrl, folders: entry.folders.map((folder) => sanitizeLine(folder)) }));
  }
  return subscriptionsOf(ctx).update((feeds) => {
    const all = [...feeds];
    const added: Subscription[] = [];
    for (const candidate of candidates) {
      if (all.some((feed) => feed.url === candidate.url)) continue;
      const feed = { ...candidate, name: uniqueFeedName(candidate, all) };
      all.push(feed);
      added.push(feed);
    }
    return { feeds: added.length > 0 ? all : undefined, result: { added, followed: candidates.length - added.length, notOnWeb } };
  });
}

export function exportOpml(ctx: Context): string {
  return writeOpml(
    'news subscriptions',
    listFeeds(ctx).map((feed) => ({ title: feed.title ?? feed.name, xmlUrl: feed.url, htmlUrl: feed.siteUrl, folders: feed.folders })),
    ctx.now(),
  );
}

/** OPML file bytes as text, by the XML rules (BOM, declaration), for `feed import`. */
export function decodeOpml(bytes: Uint8Array): string {
  return decodeXml(bytes, undefined).text;
}
