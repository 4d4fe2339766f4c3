import { Enclosures, cleanHtml, cleanText, htmlText, joinNames } from './common.js';
import { parseFeedDate } from './dates.js';
import { atomTextAsHtml, baseOf, resolveUrl, type Base } from './markup.js';
import { collectMedia } from './rss.js';
import type { FeedItem, ParsedFeed } from './types.js';
import { attr, childElements, NS, textContent, type XmlElement } from './xml.js';

/** Atom's own elements: either Atom namespace, none at all (undeclared), or the root's default. */
class AtomVocabulary {
  private readonly native: Set<string>;

  constructor(root: XmlElement) {
    this.native = new Set([NS.atom10, NS.atom03, '', root.ns]);
  }

  all(parent: XmlElement, local: string): XmlElement[] {
    return childElements(parent).filter((child) => child.local === local && this.native.has(child.ns));
  }

  first(parent: XmlElement, local: string): XmlElement | undefined {
    return childElements(parent).find((child) => child.local === local && this.native.has(child.ns));
  }

  text(parent: XmlElement, local: string): string | undefined {
    const element = this.first(parent, local);
    return element === undefined ? undefined : cleanText(textContent(element));
  }

  html(parent: XmlElement, local: string, base: Base): string | undefined {
    const element = this.first(parent, local);
    return element === undefined ? undefined : cleanHtml(atomTextAsHtml(element, base));
  }

  plain(parent: XmlElement, local: string, base: Base): string | undefined {
    const element = this.first(parent, local);
    if (element === undefined) return undefined;
    return htmlText(atomTextAsHtml(element, base));
  }

  authors(parent: XmlElement): string | undefined {
    return joinNames(this.all(parent, 'author').map((author) => this.text(author, 'name') ?? (childElements(author).length === 0 ? textContent(author) : undefined)));
  }

  /** The page a feed or entry stands for: rel="alternate" (the default), HTML first. */
  alternate(parent: XmlElement, base: Base): string | undefined {
    let fallback: string | undefined;
    for (const link of this.all(parent, 'link')) {
      const rel = (attr(link, 'rel') ?? 'alternate').trim().toLowerCase();
      if (rel !== 'alternate' && rel !== 'http://www.iana.org/assignments/relation/alternate') continue;
      const href = resolveUrl(attr(link, 'href') ?? textContent(link), baseOf(link, base).url);
      if (href === undefined) continue;
      const type = (attr(link, 'type') ?? 'text/html').trim().toLowerCase();
      if (type.includes('html')) return href;
      fallback ??= href;
    }
    return fallback;
  }
}

function readEntry(words: AtomVocabulary, entry: XmlElement, parentBase: Base, feedAuthor: string | undefined): FeedItem {
  const base = baseOf(entry, parentBase);
  const enclosures = new Enclosures();
  for (const link of words.all(entry, 'link')) {
    if ((attr(link, 'rel') ?? '').trim().toLowerCase() === 'enclosure') enclosures.add(attr(link, 'href'), baseOf(link, base).url, attr(link, 'type'));
  }
  collectMedia(undefined, entry, base, enclosures);
  const content = words.first(entry, 'content');
  // Out-of-line content (`src`) has nothing to show inline.
  const contentHtml = content === undefined || attr(content, 'src') !== undefined ? undefined : cleanHtml(atomTextAsHtml(content, base));
  const source = words.first(entry, 'source');
  const creators = childElements(entry).filter((child) => child.ns === NS.dc && child.local === 'creator');
  const dcDate = childElements(entry).find((child) => child.ns === NS.dc && child.local === 'date');
  return {
    id: words.text(entry, 'id'),
    title: words.plain(entry, 'title', base),
    link: words.alternate(entry, base),
    author: words.authors(entry) ?? joinNames(creators.map((creator) => textContent(creator))) ?? (source && words.authors(source)) ?? feedAuthor,
    date: [...['published', 'issued', 'updated', 'modified', 'created'].map((local) => words.text(entry, local)), dcDate === undefined ? undefined : textContent(dcDate)]
      .map(parseFeedDate)
      .find((date) => date !== undefined),
    contentHtml,
    summaryHtml: words.html(entry, 'summary', base),
    enclosures: enclosures.all,
  };
}

/** Atom 1.0 and 0.3. */
export function readAtom(root: XmlElement, feedUrl: string | undefined): ParsedFeed {
  const words = new AtomVocabulary(root);
  const base = baseOf(root, { url: feedUrl, explicit: false });
  const link = words.alternate(root, base);
  const entryBase: Base = base.explicit ? base : { url: feedUrl ?? link, explicit: false };
  const feedAuthor = words.authors(root);
  const version = root.ns === NS.atom03 ? '0.3' : root.ns === NS.atom10 ? '1.0' : cleanText(attr(root, 'version'));
  return {
    format: 'atom',
    version,
    title: words.plain(root, 'title', base),
    link,
    description: words.plain(root, 'subtitle', base) ?? words.plain(root, 'tagline', base),
    items: words.all(root, 'entry').map((entry) => readEntry(words, entry, entryBase, feedAuthor)),
  };
}
