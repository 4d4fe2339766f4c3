import { join } from 'node:path';
import { isSlug } from '../articles/slug.js';
import { NewsError } from '../errors.js';
import { withDataFileLock } from '../storage/data-lock.js';
import { readTextIfExists, writeTextAtomic } from '../storage/json-file.js';

/**
 * The feeds the reader follows, in `<data dir>/feeds.json`: the only code that touches it.
 * Kept like reactions.json: versioned, changed under a lock, written whole, and never
 * replaced when it cannot be understood. The lock is held for a read and a write only, never
 * while a feed is on the network, so two `news fetch` at once both land their feeds.
 */
export const FEEDS_FILE = 'feeds.json';
const VERSION = 1;

/** What became of one feed item: the article it was stored as, and a digest of what it said. */
export interface StoredItem {
  slug: string;
  hash: string;
}

export interface Subscription {
  /** What the reader types: `news fetch <name>`, `news list --feed <name>`. */
  name: string;
  /** The feed's own address. */
  url: string;
  title: string | undefined;
  /**
   * The title is the reader's own, given with the feed (an OPML outline's text, as their last
   * reader named it): a fetch keeps it rather than the feed's.
   */
  titleGiven: boolean;
  /** The site the feed belongs to. */
  siteUrl: string | undefined;
  /** New items are fetched as pages and extracted, for feeds that publish summaries only. */
  full: boolean;
  /** OPML folders it was filed under, outermost first. */
  folders: string[];
  added: string;
  lastFetched: string | undefined;
  /** Why the last fetch failed, or undefined when it worked. */
  lastError: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  /** By item key (guid or id, else link). */
  items: Record<string, StoredItem>;
}

export class Subscriptions {
  readonly path: string;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, FEEDS_FILE);
  }

  /** Every subscription, by name; none when the file is not there yet. Throws corrupt-store. */
  read(): Subscription[] {
    const text = readTextIfExists(this.path);
    return text === undefined ? [] : parseSubscriptions(text, this.path);
  }

  /** Reads, changes and writes the subscriptions under the lock; `change` returns what to write, or undefined for nothing. */
  async update<T>(change: (feeds: Subscription[]) => { feeds?: Subscription[]; result: T }): Promise<T> {
    return withDataFileLock(this.dataDir, this.path, "Check with 'news feed list', and run the command again", async (assertHeld) => {
      const { feeds, result } = change(this.read());
      if (feeds) writeTextAtomic(this.path, serializeSubscriptions(feeds), { beforeRename: assertHeld });
      return result;
    });
  }
}

/** What a feed is, as feeds.json and `news feed list --json` both give it: absent values as null. */
export function feedIdentity(feed: Subscription): { name: string; url: string; title: string | null; siteUrl: string | null; full: boolean; folders: string[] } {
  return { name: feed.name, url: feed.url, title: feed.title ?? null, siteUrl: feed.siteUrl ?? null, full: feed.full, folders: feed.folders };
}

export function serializeSubscriptions(feeds: Subscription[]): string {
  const sorted = [...feeds].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const plain = sorted.map((feed) => ({
    ...feedIdentity(feed),
    ...(feed.titleGiven ? { titleGiven: true } : {}),
    added: feed.added,
    lastFetched: feed.lastFetched ?? null,
    lastError: feed.lastError ?? null,
    etag: feed.etag ?? null,
    lastModified: feed.lastModified ?? null,
    items: Object.fromEntries(Object.keys(feed.items).sort().map((key) => [key, feed.items[key]])),
  }));
  return `${JSON.stringify({ version: VERSION, feeds: plain }, null, 2)}\n`;
}

export function parseSubscriptions(text: string, path: string): Subscription[] {
  const hint = `Fix it by hand, or move it aside (mv ${path} ${path}.broken) and add your feeds again`;
  const corrupt = (problem: string): NewsError => new NewsError('corrupt-store', `${path} ${problem}, so news left it untouched`, hint);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(text.trim() === '' ? 'is empty' : `is not valid JSON (${(error as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw corrupt('is not a feeds file');
  const { version, feeds } = data as { version?: unknown; feeds?: unknown };
  if (typeof version === 'number' && version > VERSION) {
    throw new NewsError('corrupt-store', `${path} was written by a newer news (file version ${version}), so news left it untouched`, 'Update news to read it');
  }
  if (version !== VERSION) throw corrupt('has no version news knows');
  if (!Array.isArray(feeds)) throw corrupt('has no "feeds" list');
  const names = new Set<string>();
  return feeds.map((value: unknown, index) => {
    const feed = (value ?? {}) as Record<string, unknown>;
    const text = (key: string): string | undefined => {
      const field = feed[key];
      if (field === undefined || field === null) return undefined;
      if (typeof field !== 'string') throw corrupt(`has a feed whose "${key}" is not text (feed ${index + 1})`);
      return field;
    };
    const name = text('name');
    const url = text('url');
    if (name === undefined || !isSlug(name) || names.has(name)) throw corrupt(`has a feed without a valid, unique name (feed ${index + 1})`);
    names.add(name);
    if (url === undefined) throw corrupt(`has a feed without an address ("${name}")`);
    const items = feed.items ?? {};
    if (typeof items !== 'object' || items === null || Array.isArray(items)) throw corrupt(`has a feed whose items are not an object ("${name}")`);
    const stored = Object.create(null) as Record<string, StoredItem>;
    for (const [key, item] of Object.entries(items)) {
      const { slug, hash } = (item ?? {}) as { slug?: unknown; hash?: unknown };
      if (typeof slug !== 'string' || !isSlug(slug) || typeof hash !== 'string') throw corrupt(`has an invalid item in "${name}"`);
      stored[key] = { slug, hash };
    }
    const folders = feed.folders ?? [];
    if (!Array.isArray(folders) || !folders.every((folder) => typeof folder === 'string')) throw corrupt(`has a feed whose folders are not a list of names ("${name}")`);
    return {
      name,
      url,
      title: text('title'),
      titleGiven: feed.titleGiven === true && text('title') !== undefined,
      siteUrl: text('siteUrl'),
      full: feed.full === true,
      folders: folders as string[],
      added: text('added') ?? new Date(0).toISOString(),
      lastFetched: text('lastFetched'),
      lastError: text('lastError'),
      etag: text('etag'),
      lastModified: text('lastModified'),
      items: stored,
    };
  });
}
