import { Enclosures, cleanHtml, cleanText, joinNames, personName, plainText } from './common.js';
import { parseFeedDate } from './dates.js';
import { baseOf, elementAsHtml, resolveUrl, type Base } from './markup.js';
import type { FeedItem, ParsedFeed } from './types.js';
import { attr, childElements, normaliseNamespace, NS, textContent, type XmlElement } from './xml.js';

/** Which elements are the format's own, as opposed to an extension's: unprefixed, the RSS 1.0/0.90 namespaces, or whatever default namespace the root declared. */
class Vocabulary {
  private readonly native: Set<string>;

  constructor(root: XmlElement) {
    this.native = new Set(['', NS.rss10, NS.rss090, NS.rss090channel, root.ns]);
  }

  own(element: XmlElement, local: string): boolean {
    return element.local === local && this.native.has(element.ns);
  }

  first(parent: XmlElement, local: string, ns?: string): XmlElement | undefined {
    return childElements(parent).find((child) => (ns === undefined ? this.own(child, local) : child.local === local && child.ns === ns));
  }

  all(parent: XmlElement, local: string, ns?: string): XmlElement[] {
    return childElements(parent).filter((child) => (ns === undefined ? this.own(child, local) : child.local === local && child.ns === ns));
  }

  text(parent: XmlElement, local: string, ns?: string): string | undefined {
    const element = this.first(parent, local, ns);
    return element === undefined ? undefined : cleanText(textContent(element));
  }
}

function rssLink(words: Vocabulary, parent: XmlElement, base: Base): string | undefined {
  for (const link of words.all(parent, 'link')) {
    const own = baseOf(link, base);
    const resolved = resolveUrl(cleanText(textContent(link)) ?? attr(link, 'href'), own.url);
    if (resolved !== undefined) return resolved;
  }
  for (const link of words.all(parent, 'link', NS.atom10)) {
    const rel = (attr(link, 'rel') ?? 'alternate').trim().toLowerCase();
    if (rel !== 'alternate') continue;
    const resolved = resolveUrl(attr(link, 'href'), baseOf(link, base).url);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}

function html(words: Vocabulary, parent: XmlElement, base: Base, local: string, ns?: string): string | undefined {
  const element = words.first(parent, local, ns);
  return element === undefined ? undefined : cleanHtml(elementAsHtml(element, base));
}

function plain(words: Vocabulary, parent: XmlElement, base: Base, local: string, ns?: string): string | undefined {
  const element = words.first(parent, local, ns);
  if (element === undefined) return undefined;
  return plainText(childElements(element).length > 0 ? textContent(element) : elementAsHtml(element, base));
}

function mediaEnclosures(words: Vocabulary, parent: XmlElement, base: Base, enclosures: Enclosures, kind: 'content' | 'thumbnail'): void {
  for (const child of childElements(parent)) {
    if (child.ns !== NS.media) continue;
    const own = baseOf(child, base);
    if (child.local === 'group') mediaEnclosures(words, child, own, enclosures, kind);
    else if (child.local === kind) enclosures.add(attr(child, 'url'), own.url, attr(child, 'type'));
  }
}

export function collectMedia(words: Vocabulary | undefined, parent: XmlElement, base: Base, enclosures: Enclosures): void {
  const vocabulary = words ?? new Vocabulary(parent);
  mediaEnclosures(vocabulary, parent, base, enclosures, 'content');
  mediaEnclosures(vocabulary, parent, base, enclosures, 'thumbnail');
}

function readItem(words: Vocabulary, element: XmlElement, parentBase: Base, channelAuthor: string | undefined, rdf: boolean): FeedItem {
  const base = baseOf(element, parentBase);
  const guidElement = words.first(element, 'guid');
  const guid = guidElement === undefined ? undefined : cleanText(textContent(guidElement));
  const guidIsLink = guidElement !== undefined && (attr(guidElement, 'ispermalink') ?? 'true').trim().toLowerCase() !== 'false';

  const enclosures = new Enclosures();
  for (const enclosure of words.all(element, 'enclosure')) enclosures.add(attr(enclosure, 'url') ?? attr(enclosure, 'href'), baseOf(enclosure, base).url, attr(enclosure, 'type'));
  for (const link of words.all(element, 'link', NS.atom10)) {
    if ((attr(link, 'rel') ?? '').trim().toLowerCase() === 'enclosure') enclosures.add(attr(link, 'href'), baseOf(link, base).url, attr(link, 'type'));
  }
  collectMedia(words, element, base, enclosures);

  const encoded = words.first(element, 'encoded', NS.content) ?? words.first(element, 'encoded');
  const authors = [
    ...words.all(element, 'author').map((author) => personName(textContent(author))),
    ...words.all(element, 'creator', NS.dc).map((creator) => textContent(creator)),
    ...words.all(element, 'author', NS.itunes).map((author) => textContent(author)),
    ...words.all(element, 'author', NS.atom10).map((author) => (words.text(author, 'name', NS.atom10) ?? textContent(author))),
  ];
  return {
    id: guid ?? words.text(element, 'identifier', NS.dc) ?? (rdf ? cleanText(attr(element, 'rdf:about')) : undefined),
    title: plain(words, element, base, 'title') ?? plain(words, element, base, 'title', NS.dc),
    link: rssLink(words, element, base) ?? (guidIsLink ? resolveUrl(guid, undefined) : undefined) ?? (rdf ? resolveUrl(attr(element, 'rdf:about'), undefined) : undefined),
    author: joinNames(authors) ?? channelAuthor,
    date: [
      words.text(element, 'pubdate'),
      words.text(element, 'date', NS.dc),
      words.text(element, 'published', NS.atom10),
      words.text(element, 'updated', NS.atom10),
      words.text(element, 'modified', NS.dcterms),
      words.text(element, 'issued', NS.dcterms),
    ].map(parseFeedDate).find((date) => date !== undefined),
    contentHtml: encoded === undefined ? undefined : cleanHtml(elementAsHtml(encoded, base)),
    summaryHtml: html(words, element, base, 'description') ?? html(words, element, base, 'summary', NS.itunes),
    enclosures: enclosures.all,
  };
}

function defaultNamespace(element: XmlElement): string | undefined {
  const declared = attr(element, 'xmlns');
  return declared === undefined ? undefined : normaliseNamespace(declared);
}

/** RSS 0.9x/2.0 (`<rss>`) and RSS 1.0/0.90 (`<rdf:RDF>`); a bare `<channel>` root is read as RSS too. */
export function readRss(root: XmlElement, feedUrl: string | undefined): ParsedFeed {
  const words = new Vocabulary(root);
  const rdf = root.local === 'rdf';
  const rootBase = baseOf(root, { url: feedUrl, explicit: false });
  const channel = root.local === 'channel' ? root : (words.first(root, 'channel') ?? root);
  const channelBase = baseOf(channel, rootBase);
  const siteLink = rssLink(words, channel, channelBase);
  // Relative item links are meant relative to the site more often than to wherever the feed is hosted (feed proxies, CDNs).
  const itemBase: Base = channelBase.explicit ? channelBase : { url: siteLink ?? feedUrl, explicit: false };
  const itemParents = channel === root ? [root] : [channel, root];
  const items: FeedItem[] = [];
  const channelAuthor = joinNames([...words.all(channel, 'creator', NS.dc), ...words.all(channel, 'author', NS.itunes)].map((author) => textContent(author)));
  for (const parent of itemParents) {
    for (const element of words.all(parent, 'item')) items.push(readItem(words, element, itemBase, channelAuthor, rdf));
  }
  let version = cleanText(attr(root, 'version'));
  if (rdf) version = [NS.rss090, NS.rss090channel].some((ns) => defaultNamespace(root) === ns || channel.ns === ns) ? '0.9' : '1.0';
  return {
    format: rdf ? 'rdf' : 'rss',
    version,
    title: plain(words, channel, channelBase, 'title') ?? plain(words, channel, channelBase, 'title', NS.dc),
    link: siteLink,
    description: plain(words, channel, channelBase, 'description') ?? plain(words, channel, channelBase, 'subtitle', NS.itunes),
    items,
  };
}
