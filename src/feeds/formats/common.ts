import { cleanHtml, cleanText, htmlToText, stripControls, textMaybeHtml } from './text.js';
import type { FeedEnclosure } from './types.js';
import { resolveUrl } from './markup.js';

/** Text that its format calls plain but that may carry HTML (RSS and JSON Feed titles), as plain text. */
export function plainText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return cleanText(textMaybeHtml(text));
}

/** HTML as its text (Atom's text constructs, whatever their type, are HTML by then). */
export function htmlText(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  return cleanText(htmlToText(html));
}

export function joinNames(names: (string | undefined)[]): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    const cleaned = cleanText(name);
    if (cleaned !== undefined) seen.add(cleaned);
  }
  return seen.size === 0 ? undefined : [...seen].join(', ');
}

/** RSS `author` is meant to be an address: "jo@example.com (Jo Bloggs)" reads better as "Jo Bloggs". */
export function personName(text: string | undefined): string | undefined {
  const cleaned = cleanText(text);
  if (cleaned === undefined) return undefined;
  const named = /^[^\s@()]+@[^\s@()]+\s*\((.+)\)$/.exec(cleaned);
  return named?.[1]?.trim() || cleaned;
}

export class Enclosures {
  private readonly list: FeedEnclosure[] = [];
  private readonly seen = new Set<string>();

  add(href: string | undefined, base: string | undefined, type: string | undefined): void {
    const url = resolveUrl(href, base);
    if (url === undefined || this.seen.has(url)) return;
    this.seen.add(url);
    this.list.push({ url, type: cleanText(type)?.toLowerCase() });
  }

  get all(): FeedEnclosure[] {
    return this.list;
  }
}

export { cleanHtml, cleanText, stripControls };
