import { readAtom } from './atom.js';
import { FeedFormatError } from './errors.js';
import { readJsonFeed } from './json.js';
import { resolveUrl } from './markup.js';
import { readRss } from './rss.js';
import type { ParsedFeed } from './types.js';
import { childElements, parseXml, type XmlElement } from './xml.js';

export { FeedFormatError } from './errors.js';
export type { FeedEnclosure, FeedFormat, FeedItem, ParsedFeed } from './types.js';
export { parseOpml, writeOpml, type OpmlFeed, type OpmlOutline } from './opml.js';
export { discoverFeeds, type DiscoveredFeed } from './discover.js';
export { parseFeedDate } from './dates.js';
export { textMaybeHtml } from './text.js';

const FEED_ROOTS = new Set(['rss', 'rdf', 'feed', 'channel']);

/** The feed element, looked for a few levels down so that a feed wrapped in stray markup is still found, but not anywhere in an arbitrary document. */
function findFeedRoot(roots: XmlElement[]): XmlElement | undefined {
  let level = roots;
  for (let depth = 0; depth < 3 && level.length > 0; depth += 1) {
    const found = level.find((element) => FEED_ROOTS.has(element.local));
    if (found) return found;
    level = level.flatMap(childElements);
  }
  return undefined;
}

function readFeed(text: string, feedUrl: string | undefined): ParsedFeed {
  const body = text.replace(/^[\uFEFF\s]+/, '');
  if (body === '') throw new FeedFormatError('not a feed: the document is empty');
  if (body.startsWith('{')) return readJsonFeed(body, feedUrl);
  if (body.startsWith('[')) throw new FeedFormatError('not a feed: JSON without a JSON Feed version');
  if (!body.includes('<')) throw new FeedFormatError('not a feed: the document is not XML');
  const roots = parseXml(body);
  if (roots[0]?.local === 'html' || /^<!doctype\s+html\b/i.test(body)) throw new FeedFormatError('not a feed: the document is HTML');
  const root = findFeedRoot(roots);
  if (root === undefined) {
    if (roots.some((element) => element.local === 'opml')) throw new FeedFormatError('not a feed: the document is OPML, a list of feeds');
    throw new FeedFormatError('not a feed: no rss, rdf or feed element');
  }
  return root.local === 'feed' ? readAtom(root, feedUrl) : readRss(root, feedUrl);
}

/** Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 from decoded text. Throws only FeedFormatError. */
export function parseFeed(text: string, feedUrl?: string): ParsedFeed {
  if (typeof text !== 'string') throw new FeedFormatError('not a feed: no text');
  const base = feedUrl === undefined ? undefined : resolveUrl(feedUrl, undefined);
  try {
    return readFeed(text, base);
  } catch (error) {
    if (error instanceof FeedFormatError) throw error;
    // Whatever else went wrong, the caller gets the one error type it handles; the cause stays attached for debugging.
    const failure = new FeedFormatError('unreadable feed: the document is too broken to read');
    failure.cause = error;
    throw failure;
  }
}

/** Whether text looks like a feed (XML with an rss, rdf or feed root, or a JSON Feed), reading only its beginning. */
export function looksLikeFeed(text: string): boolean {
  if (typeof text !== 'string') return false;
  const head = text.slice(0, 65_536).replace(/^[\uFEFF\s]+/, '');
  if (head.startsWith('{')) {
    // The spec's URL; or, as some generators write it, the bare number beside a list of items
    // (which readJsonFeed asks for too): "version": "1.0" alone is any JSON's.
    // JSON may escape its slashes (PHP's json_encode writes https:\/\/jsonfeed.org\/version\/1.1).
    return /"version"\s*:\s*"https?:\\?\/\\?\/(?:www\.)?jsonfeed\.org\\?\/version\\?\//i.test(head) || (/"version"\s*:\s*"1(?:\.[01])?"/.test(head) && /"items"\s*:\s*\[/.test(head));
  }
  let at = 0;
  for (;;) {
    const open = head.indexOf('<', at);
    if (open < 0) return false;
    const rest = head.slice(open, open + 200);
    if (rest.startsWith('<?') || rest.startsWith('<!--') || /^<!doctype/i.test(rest)) {
      const close = rest.startsWith('<!--') ? head.indexOf('-->', open) : head.indexOf('>', open);
      if (close < 0) return false;
      // An internal DTD subset holds `>`s of its own; skip to its end.
      const subsetEnd = /^<!doctype[^>[]*\[/i.test(rest) ? head.indexOf(']>', open) : -1;
      at = (subsetEnd > 0 ? subsetEnd : close) + 1;
      continue;
    }
    const name = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(rest);
    return name !== null && ['rss', 'rdf', 'feed'].includes((name[2] ?? '').toLowerCase());
  }
}
