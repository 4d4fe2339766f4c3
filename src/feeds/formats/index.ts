import { parseDocument } from 'htmlparser2';

/**
 * Feeds as the reader stores them: RSS 0.9x–2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed
 * 1.0/1.1 read into one shape; OPML in and out; the feeds a page names. Pure, and tolerant the
 * way feed readers are: htmlparser2 in XML mode never throws on broken markup, knows only the
 * predefined and HTML entities, loads nothing external, and expands no entity a document
 * declares. A document that declares entities is refused outright: its text would read wrong,
 * and it is how a billion-laughs attack starts.
 */
export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface FeedItem {
  id: string | undefined;
  title: string | undefined;
  link: string | undefined;
  author: string | undefined;
  date: string | undefined;
  contentHtml: string | undefined;
  summaryHtml: string | undefined;
  enclosures: { url: string; type: string | undefined }[];
}

export interface ParsedFeed {
  format: FeedFormat;
  version: string | undefined;
  title: string | undefined;
  link: string | undefined;
  description: string | undefined;
  items: FeedItem[];
}

export class FeedFormatError extends Error {}

interface XmlNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: XmlNode[];
  data?: string;
}

function parseXml(text: string): XmlNode {
  // The declarations sit before the root: only the start of the document need be looked at.
  const prolog = text.slice(0, Math.min(text.length, (text.search(/<(?:rss|feed|rdf:RDF|RDF|opml)\b/i) + 1 || 4096) + 4096));
  if (/<!ENTITY/i.test(prolog)) throw new FeedFormatError('the document declares XML entities, which news never expands (a billion-laughs attack starts that way)');
  return parseDocument(text, { xmlMode: true, decodeEntities: true, recognizeCDATA: true }) as unknown as XmlNode;
}

const localName = (node: XmlNode): string => (node.name ?? '').toLowerCase().replace(/^.*:/, '');
const prefixed = (node: XmlNode): string => (node.name ?? '').toLowerCase();
const elements = (node: XmlNode | undefined): XmlNode[] => (node?.children ?? []).filter((child) => child.type === 'tag');

function child(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  for (const name of names) {
    const found = elements(node).find((element) => (name.includes(':') ? prefixed(element) === name : localName(element) === name && !prefixed(element).includes(':')));
    if (found) return found;
  }
  // Tolerance: a prefix news did not expect (content:encoded without its namespace, atom:link).
  for (const name of names) {
    const found = elements(node).find((element) => localName(element) === name.replace(/^.*:/, ''));
    if (found) return found;
  }
  return undefined;
}

/** The text inside an element, entities decoded, CDATA included. */
function textOf(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  let text = '';
  const visit = (at: XmlNode): void => {
    if (at.type === 'text') text += at.data ?? '';
    for (const inner of at.children ?? []) visit(inner);
  };
  visit(node);
  return stripControls(text).trim() || undefined;
}

/** An element's children as markup (Atom's type="xhtml"). */
function innerXml(node: XmlNode): string {
  const write = (at: XmlNode): string => {
    if (at.type === 'text') return escapeXml(at.data ?? '');
    if (at.type === 'cdata') return (at.children ?? []).map(write).join('');
    if (at.type !== 'tag') return '';
    const attributes = Object.entries(at.attribs ?? {}).map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('');
    return `<${localName(at)}${attributes}>${(at.children ?? []).map(write).join('')}</${localName(at)}>`;
  };
  return (node.children ?? []).map(write).join('');
}

export function parseFeed(text: string, feedUrl?: string): ParsedFeed {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, feedUrl);
  const document = parseXml(trimmed);
  const root = elements(document)[0];
  if (!root) throw new FeedFormatError('the document is empty');
  const name = localName(root);
  if (name === 'rss') return parseRss(root, 'rss', root.attribs?.version, feedUrl);
  if (name === 'rdf') return parseRss(root, 'rdf', '1.0', feedUrl);
  if (name === 'feed') return parseAtom(root, feedUrl);
  if (name === 'html') throw new FeedFormatError('the document is a web page, not a feed');
  throw new FeedFormatError(`the document is <${stripControls(root.name ?? '').slice(0, 30)}>, not RSS, Atom or a JSON Feed`);
}

function parseRss(root: XmlNode, format: 'rss' | 'rdf', version: string | undefined, feedUrl: string | undefined): ParsedFeed {
  const channel = child(root, 'channel') ?? root;
  const link = absolute(textOf(child(channel, 'link')), feedUrl);
  // RSS 1.0 puts items beside the channel; some RSS 2.0 feeds do too.
  const itemNodes = [...elements(channel), ...(channel === root ? [] : elements(root))].filter((node) => localName(node) === 'item');
  return {
    format,
    version,
    title: textOf(child(channel, 'title')),
    link,
    description: textOf(child(channel, 'description')),
    items: itemNodes.map((item) => {
      const itemLink = absolute(textOf(child(item, 'link')) ?? permalink(item), link ?? feedUrl);
      return {
        id: textOf(child(item, 'guid')) ?? item.attribs?.['rdf:about'],
        title: plainTitle(textOf(child(item, 'title'))),
        link: itemLink,
        author: textOf(child(item, 'dc:creator', 'author')),
        date: parseDate(textOf(child(item, 'pubdate', 'dc:date', 'date', 'published', 'updated'))),
        contentHtml: stripControlsKeepLines(textOf(child(item, 'content:encoded', 'encoded'))),
        summaryHtml: stripControlsKeepLines(textOf(child(item, 'description', 'summary'))),
        enclosures: enclosures(item, itemLink ?? feedUrl),
      };
    }),
  };
}

function permalink(item: XmlNode): string | undefined {
  const guid = child(item, 'guid');
  return guid && guid.attribs?.isPermaLink !== 'false' && /^https?:/i.test(textOf(guid) ?? '') ? textOf(guid) : undefined;
}

function parseAtom(root: XmlNode, feedUrl: string | undefined): ParsedFeed {
  const base = absolute(root.attribs?.['xml:base'], feedUrl) ?? feedUrl;
  const link = atomLink(root, base);
  return {
    format: 'atom',
    version: root.attribs?.version ?? (root.attribs?.xmlns?.includes('2005/Atom') ? '1.0' : undefined),
    title: plainTitle(textOf(child(root, 'title'))),
    link,
    description: textOf(child(root, 'subtitle', 'tagline')),
    items: elements(root)
      .filter((node) => localName(node) === 'entry')
      .map((entry) => {
        const entryBase = absolute(entry.attribs?.['xml:base'], base) ?? base;
        const entryLink = atomLink(entry, entryBase);
        return {
          id: textOf(child(entry, 'id')),
          title: plainTitle(textOf(child(entry, 'title'))),
          link: entryLink,
          author: elements(entry)
            .filter((node) => localName(node) === 'author')
            .map((author) => textOf(child(author, 'name')) ?? textOf(author))
            .filter(Boolean)
            .join(', ') || undefined,
          date: parseDate(textOf(child(entry, 'published', 'issued', 'updated', 'modified'))),
          contentHtml: atomText(child(entry, 'content')),
          summaryHtml: atomText(child(entry, 'summary')),
          enclosures: elements(entry)
            .filter((node) => localName(node) === 'link' && node.attribs?.rel === 'enclosure')
            .flatMap((node) => {
              const url = absolute(node.attribs?.href, entryLink ?? entryBase);
              return url ? [{ url, type: node.attribs?.type }] : [];
            }),
        };
      }),
  };
}

function atomLink(node: XmlNode, base: string | undefined): string | undefined {
  const links = elements(node).filter((element) => localName(element) === 'link');
  const alternate = links.find((link) => (link.attribs?.rel ?? 'alternate') === 'alternate') ?? links[0];
  return absolute(alternate?.attribs?.href ?? textOf(alternate), base);
}

/** Atom text constructs as HTML: html as it is, xhtml as markup, text escaped. */
function atomText(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const type = (node.attribs?.type ?? 'text').toLowerCase();
  if (type === 'xhtml' || type.endsWith('xhtml+xml')) return stripControlsKeepLines(innerXml(node).trim()) || undefined;
  const text = stripControlsKeepLines(textOf(node));
  if (text === undefined) return undefined;
  return type === 'html' || type === 'text/html' ? text : `<p>${escapeXml(text)}</p>`;
}

function enclosures(item: XmlNode, base: string | undefined): { url: string; type: string | undefined }[] {
  const found: { url: string; type: string | undefined }[] = [];
  const visit = (node: XmlNode, depth: number): void => {
    for (const element of elements(node)) {
      const name = localName(element);
      if (name === 'enclosure' || (name === 'content' && prefixed(element).startsWith('media:'))) {
        const url = absolute(element.attribs?.url, base);
        if (url) found.push({ url, type: element.attribs?.type });
      } else if (name === 'group' && depth < 2) visit(element, depth + 1);
    }
  };
  visit(item, 0);
  return found;
}

function parseJsonFeed(text: string, feedUrl: string | undefined): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new FeedFormatError('the document is not valid JSON');
  }
  const feed = (data ?? {}) as Record<string, unknown>;
  const version = typeof feed.version === 'string' ? feed.version : '';
  if (!/jsonfeed\.org\/version\//.test(version) && !Array.isArray(feed.items)) throw new FeedFormatError('the document is JSON, but not a JSON Feed');
  const str = (value: unknown): string | undefined => (typeof value === 'string' ? stripControls(value).trim() || undefined : undefined);
  const link = absolute(str(feed.home_page_url), feedUrl);
  const authorsOf = (record: Record<string, unknown>): string | undefined => {
    const list = Array.isArray(record.authors) ? record.authors : record.author ? [record.author] : [];
    return list.map((author) => str((author as Record<string, unknown> | null)?.name)).filter(Boolean).join(', ') || undefined;
  };
  return {
    format: 'json',
    version: /version\/([\d.]+)/.exec(version)?.[1],
    title: str(feed.title),
    link,
    description: str(feed.description),
    items: (Array.isArray(feed.items) ? feed.items : []).map((value: unknown) => {
      const item = (value ?? {}) as Record<string, unknown>;
      const text = str(item.content_text);
      return {
        id: typeof item.id === 'number' ? String(item.id) : str(item.id),
        title: plainTitle(str(item.title)),
        link: absolute(str(item.url) ?? str(item.external_url), link ?? feedUrl),
        author: authorsOf(item) ?? authorsOf(feed),
        date: parseDate(str(item.date_published) ?? str(item.date_modified)),
        contentHtml: stripControlsKeepLines(typeof item.content_html === 'string' ? item.content_html : undefined) ?? (text ? `<p>${escapeXml(text).replace(/\n\n+/g, '</p><p>')}</p>` : undefined),
        summaryHtml: str(item.summary) ? `<p>${escapeXml(str(item.summary) ?? '')}</p>` : undefined,
        enclosures: (Array.isArray(item.attachments) ? item.attachments : []).flatMap((attachment: unknown) => {
          const record = (attachment ?? {}) as Record<string, unknown>;
          const url = absolute(str(record.url), feedUrl);
          return url ? [{ url, type: str(record.mime_type) }] : [];
        }),
      };
    }),
  };
}

/** Titles may hold markup (some feeds escape HTML in them): the reader wants the words. */
function plainTitle(title: string | undefined): string | undefined {
  if (title === undefined || !/[<&]/.test(title)) return title;
  const document = parseDocument(title, { decodeEntities: true }) as unknown as XmlNode;
  return textOf(document)?.replace(/\s+/g, ' ');
}

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };
const ZONES: Record<string, string> = { UT: '+0000', UTC: '+0000', GMT: '+0000', Z: '+0000', EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700', CET: '+0100', CEST: '+0200', BST: '+0100', IST: '+0530', JST: '+0900' };

/**
 * RFC 822 as feeds write it (day name or not, two-digit years, named zones, no seconds), RFC
 * 3339, and whatever else Date reads; ISO 8601 out, undefined for what no reading fits.
 */
export function parseDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const value = text.trim().replace(/\s+/g, ' ');
  const rfc822 = /^(?:[A-Za-z]{2,9},? )?(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[ -](\d{2,4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)? ?([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}|GMT[+-]\d{1,2})?$/.exec(value);
  if (rfc822) {
    const [, day, monthName, yearText, hours = '00', minutes = '00', seconds = '00', zoneText = 'GMT'] = rfc822;
    const month = MONTHS[(monthName ?? '').toLowerCase()];
    let year = Number(yearText);
    if ((yearText ?? '').length === 2) year += year < 50 ? 2000 : 1900;
    let zone = ZONES[zoneText.toUpperCase()] ?? (/^[+-]\d{2}:?\d{2}$/.test(zoneText) ? zoneText.replace(':', '') : undefined);
    const gmtOffset = /^GMT([+-])(\d{1,2})$/i.exec(zoneText);
    if (gmtOffset) zone = `${gmtOffset[1]}${(gmtOffset[2] ?? '0').padStart(2, '0')}00`;
    if (month) {
      const iso = `${String(year).padStart(4, '0')}-${month}-${(day ?? '1').padStart(2, '0')}T${hours.padStart(2, '0')}:${minutes}:${seconds}${(zone ?? '+0000').replace(/(\d{2})(\d{2})$/, '$1:$2')}`;
      const time = Date.parse(iso);
      if (!Number.isNaN(time)) return new Date(time).toISOString();
    }
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function absolute(href: string | undefined, base: string | undefined): string | undefined {
  const trimmed = href?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Escape sequences go whole, so their parameters never show as text; then the other controls. */
function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(ESCAPE_SEQUENCE, '').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]/g;

function stripControlsKeepLines(text: string | undefined): string | undefined {
  return text === undefined ? undefined : stripControls(text).trim() || undefined;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}

/** Whether text is a feed, by its start: an RSS, RDF or Atom root, or a JSON Feed. */
export function looksLikeFeed(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 4096);
  if (start.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(start) || /"items"\s*:/.test(start);
  return /<(?:rss|feed|rdf:RDF|RDF)[\s>]/.test(start.replace(/<!--[\s\S]*?-->/g, ''));
}

export interface OpmlOutline {
  title: string | undefined;
  xmlUrl: string;
  htmlUrl: string | undefined;
  folders: string[];
}

export function parseOpml(text: string): { title: string | undefined; feeds: OpmlOutline[] } {
  const document = parseXml(text.replace(/^\uFEFF/, '').trimStart());
  const root = elements(document)[0];
  if (!root || localName(root) !== 'opml') throw new FeedFormatError('it has no <opml> element');
  const feeds: OpmlOutline[] = [];
  const visit = (node: XmlNode, folders: string[]): void => {
    for (const outline of elements(node).filter((element) => localName(element) === 'outline')) {
      const attributes = Object.fromEntries(Object.entries(outline.attribs ?? {}).map(([key, value]) => [key.toLowerCase(), stripControls(value).trim()]));
      const title = attributes.title || attributes.text || undefined;
      if (attributes.xmlurl) feeds.push({ title, xmlUrl: attributes.xmlurl, htmlUrl: attributes.htmlurl || undefined, folders });
      else visit(outline, title ? [...folders, title] : folders);
    }
  };
  visit(child(root, 'body') ?? root, []);
  return { title: textOf(child(child(root, 'head'), 'title')), feeds };
}

export function writeOpml(title: string, feeds: { title: string | undefined; xmlUrl: string; htmlUrl: string | undefined; folders?: string[] }[], dateCreated: Date = new Date()): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', '  <head>', `    <title>${escapeXml(title)}</title>`, `    <dateCreated>${dateCreated.toUTCString()}</dateCreated>`, '  </head>', '  <body>'];
  let open: string[] = [];
  const sorted = [...feeds].sort((a, b) => (a.folders ?? []).join('\u0000').localeCompare((b.folders ?? []).join('\u0000')));
  for (const feed of sorted) {
    const folders = feed.folders ?? [];
    let shared = 0;
    while (shared < open.length && shared < folders.length && open[shared] === folders[shared]) shared++;
    for (let depth = open.length; depth > shared; depth--) lines.push(`${'  '.repeat(depth + 1)}</outline>`);
    for (let depth = shared; depth < folders.length; depth++) lines.push(`${'  '.repeat(depth + 2)}<outline text="${escapeXml(folders[depth] ?? '')}">`);
    open = folders;
    const name = escapeXml(stripControls(feed.title ?? feed.xmlUrl));
    lines.push(`${'  '.repeat(folders.length + 2)}<outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(feed.xmlUrl)}"${feed.htmlUrl ? ` htmlUrl="${escapeXml(feed.htmlUrl)}"` : ''}/>`);
  }
  for (let depth = open.length; depth > 0; depth--) lines.push(`${'  '.repeat(depth + 1)}</outline>`);
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

const FEED_TYPES = /^application\/(?:rss|atom|rdf|feed)\+(?:xml|json)$|^application\/(?:rss|atom)$|^application\/json$/i;

/** The feeds a page names in <link rel="alternate" type="…">, absolute, in page order. */
export function discoverFeeds(html: string, pageUrl: string): { url: string; title: string | undefined; type: string }[] {
  const document = parseDocument(html, { decodeEntities: true }) as unknown as XmlNode;
  const found: { url: string; title: string | undefined; type: string }[] = [];
  let base = pageUrl;
  const visit = (node: XmlNode): void => {
    for (const element of elements(node)) {
      const name = localName(element);
      if (name === 'base' && element.attribs?.href) base = absolute(element.attribs.href, pageUrl) ?? base;
      if (name === 'link') {
        const rel = (element.attribs?.rel ?? '').toLowerCase().split(/\s+/);
        const type = (element.attribs?.type ?? '').trim().toLowerCase();
        const url = absolute(element.attribs?.href, base);
        if (rel.includes('alternate') && FEED_TYPES.test(type) && url && !found.some((feed) => feed.url === url)) found.push({ url, title: element.attribs?.title, type });
      }
      if (name !== 'body') visit(element);
    }
  };
  visit(document);
  return found;
}
