import { Enclosures, cleanHtml, cleanText, joinNames, plainText } from './common.js';
import { parseFeedDate } from './dates.js';
import { FeedFormatError } from './errors.js';
import { resolveUrl } from './markup.js';
import { escapeHtml } from './text.js';
import type { FeedItem, ParsedFeed } from './types.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const string = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The JSON Feed version, from the spec's URL form or the bare number some generators write; undefined if this is not a JSON Feed. */
export function jsonFeedVersion(feed: unknown): string | undefined {
  if (!isObject(feed)) return undefined;
  const version = string(feed.version)?.trim();
  if (version === undefined) return undefined;
  const url = /^https?:\/\/(?:www\.)?jsonfeed\.org\/version\/(\d+(?:\.\d+)?)\/?$/i.exec(version);
  if (url) return url[1];
  // The number alone is any JSON's "version" unless it is one JSON Feed has had, beside items.
  if (/^1(?:\.[01])?$/.test(version) && Array.isArray(feed.items)) return version;
  return undefined;
}

function authorNames(holder: JsonObject): string | undefined {
  const authors = Array.isArray(holder.authors) ? holder.authors : isObject(holder.author) ? [holder.author] : [];
  return joinNames(authors.map((author) => (isObject(author) ? string(author.name) : undefined)));
}

function textAsHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function readItem(item: JsonObject, base: string | undefined, feedAuthor: string | undefined): FeedItem {
  const id = typeof item.id === 'number' && Number.isFinite(item.id) ? String(item.id) : string(item.id);
  const enclosures = new Enclosures();
  if (Array.isArray(item.attachments)) {
    for (const attachment of item.attachments) if (isObject(attachment)) enclosures.add(string(attachment.url), base, string(attachment.mime_type));
  }
  const contentText = string(item.content_text);
  const summary = string(item.summary);
  return {
    id: cleanText(id),
    title: plainText(string(item.title)),
    link: resolveUrl(string(item.url), base) ?? resolveUrl(string(item.external_url), base),
    author: authorNames(item) ?? feedAuthor,
    date: parseFeedDate(string(item.date_published)) ?? parseFeedDate(string(item.date_modified)),
    contentHtml: cleanHtml(string(item.content_html) ?? (contentText === undefined ? undefined : textAsHtml(contentText))),
    summaryHtml: cleanHtml(summary === undefined ? undefined : escapeHtml(summary)),
    enclosures: enclosures.all,
  };
}

/** JSON Feed 1.0 and 1.1. */
export function readJsonFeed(text: string, feedUrl: string | undefined): ParsedFeed {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch {
    throw new FeedFormatError('not a feed: malformed JSON');
  }
  const version = jsonFeedVersion(feed);
  if (version === undefined || !isObject(feed)) throw new FeedFormatError('not a feed: JSON without a JSON Feed version');
  const link = resolveUrl(string(feed.home_page_url), feedUrl);
  const base = feedUrl ?? resolveUrl(string(feed.feed_url), undefined) ?? link;
  const feedAuthor = authorNames(feed);
  const items = Array.isArray(feed.items) ? feed.items.filter(isObject) : [];
  return {
    format: 'json',
    version,
    title: plainText(string(feed.title)),
    link,
    description: plainText(string(feed.description)),
    items: items.map((item) => readItem(item, base, feedAuthor)),
  };
}
