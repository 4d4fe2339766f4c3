import { cleanText } from './common.js';
import { FeedFormatError } from './errors.js';
import { resolveUrl } from './markup.js';
import { stripControls } from './text.js';
import { attr, childElements, findElement, parseXml, textContent, type XmlElement } from './xml.js';

export interface OpmlOutline {
  title: string | undefined;
  xmlUrl: string;
  htmlUrl: string | undefined;
  /** Titles of the outlines this one is nested in, outermost first. */
  folders: string[];
}

export interface OpmlFeed {
  title: string | undefined;
  xmlUrl: string;
  htmlUrl: string | undefined;
  folders?: string[];
}

/** What an OPML file lists: its feeds, and the addresses of outlines no reader could fetch (file:, javascript:…). */
interface Collected {
  feeds: OpmlOutline[];
  notOnWeb: string[];
}

function collect(parent: XmlElement, folders: string[], found: Collected): void {
  for (const outline of childElements(parent)) {
    if (outline.local !== 'outline') continue;
    const title = cleanText(attr(outline, 'text')) ?? cleanText(attr(outline, 'title'));
    // Some exporters write feed:// or leave the scheme out; both mean http.
    const rawUrl = attr(outline, 'xmlurl')?.trim().replace(/^feed:(?:\/\/)?(?=https?:)/i, '').replace(/^feed:\/\//i, 'http://');
    const xmlUrl = resolveUrl(rawUrl, undefined);
    if (xmlUrl !== undefined) {
      found.feeds.push({ title, xmlUrl, htmlUrl: resolveUrl(attr(outline, 'htmlurl'), undefined), folders });
      collect(outline, folders, found);
    } else {
      if (rawUrl) found.notOnWeb.push(rawUrl);
      collect(outline, title === undefined ? folders : [...folders, title], found);
    }
  }
}

/** The file ends with </opml> in any case, then only blanks, comments or NULs: tried on its last 4 KB, which bounds the work. */
const CLOSED_IN_ANOTHER_CASE = /<\/opml\s*>(?:\s|\0|<!--[^]*?-->)*$/i;

/** Subscriptions from an OPML file (1.0 or 2.0), folders from the nesting of outlines. */
export function parseOpml(text: string): { title: string | undefined } & Collected {
  try {
    const root = findElement(parseXml(text), (element) => element.local === 'opml' || element.local === 'html');
    if (root === undefined) throw new FeedFormatError('not OPML: no opml element');
    if (root.local === 'html') throw new FeedFormatError('not OPML: the document is HTML');
    // Forgiving as feeds must be, but a list of subscriptions cut short would import some of them
    // without a word. A closing tag in another case (</OPML>) is not XML, but the list is whole.
    if (root.unclosed && !CLOSED_IN_ANOTHER_CASE.test(text.slice(-4096))) throw new FeedFormatError('it ends before its </opml> (cut short?)');
    const head = childElements(root).find((child) => child.local === 'head');
    const titleElement = head && childElements(head).find((child) => child.local === 'title');
    const body = childElements(root).find((child) => child.local === 'body') ?? root;
    const found: Collected = { feeds: [], notOnWeb: [] };
    collect(body, [], found);
    return { title: titleElement && cleanText(textContent(titleElement)), ...found };
  } catch (error) {
    if (error instanceof FeedFormatError) throw error;
    throw new FeedFormatError('not OPML: unreadable document');
  }
}

// XML 1.0 cannot carry control characters at all, and newlines or tabs in attributes only survive as references.
function escapeXml(text: string): string {
  return stripControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

interface Folder {
  name: string;
  entries: (Folder | OpmlFeed)[];
  folders: Map<string, Folder>;
}

function folderFor(root: Folder, path: string[]): Folder {
  let folder = root;
  for (const name of path) {
    let child = folder.folders.get(name);
    if (child === undefined) {
      child = { name, entries: [], folders: new Map() };
      folder.folders.set(name, child);
      folder.entries.push(child);
    }
    folder = child;
  }
  return folder;
}

function writeEntries(folder: Folder, indent: string, lines: string[]): void {
  for (const entry of folder.entries) {
    if ('entries' in entry) {
      const name = escapeXml(entry.name);
      lines.push(`${indent}<outline text="${name}" title="${name}">`);
      writeEntries(entry, `${indent}  `, lines);
      lines.push(`${indent}</outline>`);
      continue;
    }
    const title = escapeXml(cleanText(entry.title) ?? entry.xmlUrl);
    const htmlUrl = entry.htmlUrl === undefined ? '' : ` htmlUrl="${escapeXml(entry.htmlUrl)}"`;
    lines.push(`${indent}<outline type="rss" text="${title}" title="${title}" xmlUrl="${escapeXml(entry.xmlUrl)}"${htmlUrl}/>`);
  }
}

/** An OPML 2.0 document listing the feeds, folders as nested outlines in the order they first appear. */
export function writeOpml(title: string, feeds: OpmlFeed[], dateCreated?: Date): string {
  const root: Folder = { name: '', entries: [], folders: new Map() };
  for (const feed of feeds) {
    const path = (feed.folders ?? []).map((name) => cleanText(name)).filter((name): name is string => name !== undefined);
    folderFor(root, path).entries.push(feed);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', '  <head>', `    <title>${escapeXml(title)}</title>`];
  if (dateCreated !== undefined && Number.isFinite(dateCreated.getTime())) lines.push(`    <dateCreated>${dateCreated.toUTCString()}</dateCreated>`);
  lines.push('  </head>', '  <body>');
  writeEntries(root, '    ', lines);
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
