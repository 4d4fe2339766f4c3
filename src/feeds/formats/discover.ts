import { Parser } from 'htmlparser2';
import { cleanText } from './common.js';
import { resolveUrl } from './markup.js';

export interface DiscoveredFeed {
  url: string;
  title: string | undefined;
  type: string;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json', 'application/rdf+xml']);

// Anchors are only a fallback, so they must look unmistakably like feeds.
const FEEDISH_PATH = /(?:^|[/._-])(?:rss|atom|feed|feeds|rdf)(?:$|[/._-])|\.(?:rss|atom|xml)$/i;

function guessType(url: string): string {
  const path = new URL(url).pathname.toLowerCase();
  if (path.endsWith('.json')) return 'application/feed+json';
  if (path.includes('atom')) return 'application/atom+xml';
  return 'application/rss+xml';
}

/**
 * Feed addresses a web page names in `<link rel="alternate">` of a feed type (absolute, in page order, deduplicated).
 * Only when there are none, `<a href>` links whose path looks like a feed (…/feed, …/rss.xml), typed by guess from the address.
 */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const declared: DiscoveredFeed[] = [];
  const anchors: { href: string; title: string | undefined }[] = [];
  let base = resolveUrl(pageUrl, undefined);
  let anchorText: { href: string; text: string } | undefined;
  try {
    const parser = new Parser(
      {
        onopentag(name, attrs) {
          if (name === 'base' && attrs.href !== undefined) {
            base = resolveUrl(attrs.href, base) ?? base;
          } else if (name === 'link') {
            const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
            const type = (attrs.type ?? '').trim().toLowerCase().split(';')[0]?.trim() ?? '';
            const href = attrs.href;
            if (href === undefined || rel.includes('stylesheet')) return;
            // WordPress advertises its REST API as an "alternate" application/json.
            if (type === 'application/json' && /\/wp-json\/|oembed/i.test(href)) return;
            if ((rel.includes('alternate') || rel.includes('feed')) && FEED_TYPES.has(type)) {
              const url = resolveUrl(href, base);
              if (url !== undefined) declared.push({ url, title: cleanText(attrs.title), type });
            }
          } else if (name === 'a' && attrs.href !== undefined) {
            anchorText = { href: attrs.href, text: '' };
          }
        },
        ontext(text) {
          if (anchorText !== undefined && anchorText.text.length < 200) anchorText.text += text;
        },
        onclosetag(name) {
          if (name === 'a' && anchorText !== undefined) {
            anchors.push({ href: anchorText.href, title: cleanText(anchorText.text) });
            anchorText = undefined;
          }
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    parser.end(html);
  } catch {
    // A page this broken still yields whatever links were read before it broke.
  }
  const seen = new Set<string>();
  const unique = (feeds: DiscoveredFeed[]): DiscoveredFeed[] =>
    feeds.filter((feed) => {
      if (seen.has(feed.url)) return false;
      seen.add(feed.url);
      return true;
    });
  const found = unique(declared);
  if (found.length > 0) return found;
  const guessed: DiscoveredFeed[] = [];
  for (const anchor of anchors) {
    const url = resolveUrl(anchor.href, base);
    if (url === undefined || !FEEDISH_PATH.test(new URL(url).pathname)) continue;
    guessed.push({ url, title: anchor.title, type: guessType(url) });
  }
  return unique(guessed);
}
