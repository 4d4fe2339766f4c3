/**
 * Runs the gofeed test corpus (mmcdole/gofeed testdata, MIT) through parseFeed and compares with what gofeed expects.
 *
 * gofeed's expectations come from its format-specific parsers (rss.Feed, atom.Feed, json.Feed), so they are mapped onto
 * ParsedFeed here. Deliberate differences, not counted as mismatches:
 * - titles and descriptions are plain text: gofeed keeps markup ("<p>Entry Title</p>"), so both sides are compared as text;
 * - summaries and contents are compared as text too, because whitespace and serialisation of inline XHTML differ;
 * - URLs are compared after WHATWG normalisation ("http://example.org" and "http://example.org/" are equal), and only
 *   absolute http(s) links are kept at all (gofeed keeps relative ones when there is no base to resolve against);
 * - RSS `author` "jo@example.com (Jo)" becomes "Jo"; entries inherit their feed's and their source's authors;
 * - a bare `<encoded>` (issue 303) is read as content:encoded, which gofeed files under custom elements;
 * - a missing RSS version is undefined rather than "".
 * Counted separately as "deliberate" (see DELIBERATE below):
 * - an RDF item's rdf:about is its identifier and, lacking <link>, its address; gofeed ignores it;
 * - of several <link>s the first wins (gofeed keeps the last);
 * - a <guid> of naked markup is read as its text; Atom ids are opaque and not resolved against xml:base.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedFormatError, parseFeed, type ParsedFeed } from '../../src/feeds/formats/index.js';

const CORPUS = '/work/shared/corpus/feeds';

type Json = Record<string, unknown>;

const asText = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const text = value
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
};

const asUrl = (value: unknown): string | undefined => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
};

const asDate = (value: unknown): string | undefined => (typeof value === 'string' ? new Date(value).toISOString() : undefined);

const alternate = (links: unknown): string | undefined => {
  if (!Array.isArray(links)) return undefined;
  const link = (links as Json[]).find((candidate) => (candidate.rel ?? 'alternate') === 'alternate');
  return asUrl(link?.href);
};

interface Expected {
  version: string | undefined;
  title: string | undefined;
  link: string | undefined;
  description: string | undefined;
  items: { id?: string; title?: string; link?: string; date?: string; summary?: string; content?: string; author?: string; enclosures: string[] }[];
}

function expectedFromGofeed(kind: string, json: Json): Expected {
  if (kind === 'atom') {
    return {
      version: json.version as string,
      title: asText(json.title),
      link: alternate(json.links),
      description: asText(json.subtitle),
      items: ((json.entries ?? []) as Json[]).map((entry) => ({
        id: typeof entry.id === 'string' ? entry.id.trim() : undefined,
        title: asText(entry.title),
        link: alternate(entry.links),
        date: asDate(entry.publishedParsed ?? entry.updatedParsed),
        summary: asText(entry.summary),
        content: asText((entry.content as Json | undefined)?.value),
        author: Array.isArray(entry.authors) ? (entry.authors as Json[]).map((author) => author.name).filter(Boolean).join(', ') || undefined : undefined,
        enclosures: Array.isArray(entry.links) ? (entry.links as Json[]).filter((link) => link.rel === 'enclosure').map((link) => asUrl(link.href) ?? '') : [],
      })),
    };
  }
  if (kind === 'json') {
    return {
      version: json.version as string,
      title: asText(json.title),
      link: asUrl(json.home_page_url),
      description: asText(json.description),
      items: ((json.items ?? []) as Json[]).map((item) => ({
        id: item.id as string,
        title: asText(item.title),
        link: asUrl(item.url),
        date: asDate(item.date_published),
        summary: asText(item.summary),
        content: asText(item.content_html),
        enclosures: ((item.attachments ?? []) as Json[]).map((attachment) => asUrl(attachment.url) ?? ''),
      })),
    };
  }
  return {
    version: json.version === '' ? undefined : (json.version as string),
    title: asText(json.title),
    link: asUrl(json.link),
    description: asText(json.description),
    items: ((json.items ?? []) as Json[]).map((item) => ({
      id: typeof (item.guid as Json | undefined)?.value === 'string' ? ((item.guid as Json).value as string).trim() : undefined,
      title: asText(item.title),
      link: asUrl(item.link),
      date: asDate(item.pubDateParsed),
      summary: asText(item.description),
      content: asText(item.content),
      enclosures: ((item.enclosures ?? []) as Json[]).map((enclosure) => asUrl(enclosure.url) ?? ''),
    })),
  };
}

interface Case {
  name: string;
  kind: string;
  document: string;
  expected: Json | undefined;
}

function corpusCases(): Case[] {
  const cases: Case[] = [];
  for (const kind of ['rss', 'atom']) {
    for (const file of readdirSync(join(CORPUS, kind)).filter((name) => name.endsWith('.xml')).sort()) {
      const expectedPath = join(CORPUS, kind, file.replace(/\.xml$/, '.json'));
      cases.push({ name: `${kind}/${file}`, kind, document: readFileSync(join(CORPUS, kind, file), 'utf8'), expected: existsSync(expectedPath) ? (JSON.parse(readFileSync(expectedPath, 'utf8')) as Json) : undefined });
    }
  }
  for (const file of readdirSync(join(CORPUS, 'json')).filter((name) => name.endsWith('.json') && !name.endsWith('_expected.json'))) {
    const expectedPath = join(CORPUS, 'json', file.replace(/\.json$/, '_expected.json'));
    cases.push({ name: `json/${file}`, kind: 'json', document: readFileSync(join(CORPUS, 'json', file), 'utf8'), expected: existsSync(expectedPath) ? (JSON.parse(readFileSync(expectedPath, 'utf8')) as Json) : undefined });
  }
  for (const file of readdirSync(join(CORPUS, 'universal')).sort()) {
    cases.push({ name: `universal/${file}`, kind: 'universal', document: readFileSync(join(CORPUS, 'universal', file), 'utf8'), expected: undefined });
  }
  return cases;
}

const DELIBERATE: { name: RegExp; field: string }[] = [
  { name: /^rss\/rdf_item_/, field: 'item id' },
  { name: /^rss\/rdf_item_(?!link)/, field: 'item link' },
  { name: /_links\.xml$/, field: 'item link' },
  { name: /_links\.xml$/, field: 'feed link' },
  { name: /^rss\/issue_303_encoded_no_namespace/, field: 'item content' },
  { name: /^rss\/rss_channel_item_guid_naked_markup/, field: 'item id' },
  { name: /^atom\/entry_id_xml_base/, field: 'item id' },
];

class Tally {
  readonly fields = new Map<string, { matched: number; deliberate: number; total: number }>();
  readonly misses: string[] = [];
  readonly deliberate: string[] = [];

  check(field: string, name: string, actual: unknown, expected: unknown): void {
    const entry = this.fields.get(field) ?? { matched: 0, deliberate: 0, total: 0 };
    entry.total += 1;
    const line = `${name} ${field}: got ${JSON.stringify(actual)}, gofeed ${JSON.stringify(expected)}`;
    if (JSON.stringify(actual) === JSON.stringify(expected)) entry.matched += 1;
    else if (DELIBERATE.some((rule) => rule.field === field && rule.name.test(name))) {
      entry.deliberate += 1;
      this.deliberate.push(line);
    } else this.misses.push(line);
    this.fields.set(field, entry);
  }

  rate(field: string): number {
    const entry = this.fields.get(field);
    return entry === undefined || entry.total === 0 ? 1 : (entry.matched + entry.deliberate) / entry.total;
  }
}

function compare(tally: Tally, name: string, feed: ParsedFeed, expected: Expected): void {
  tally.check('version', name, feed.version, expected.version);
  tally.check('feed title', name, asText(feed.title), expected.title);
  tally.check('feed link', name, feed.link, expected.link);
  tally.check('feed description', name, asText(feed.description), expected.description);
  tally.check('item count', name, feed.items.length, expected.items.length);
  expected.items.forEach((want, index) => {
    const got = feed.items[index];
    tally.check('item title', name, asText(got?.title), want.title);
    tally.check('item link', name, got?.link, want.link);
    tally.check('item id', name, got?.id, want.id);
    tally.check('item date', name, got?.date, want.date);
    tally.check('item summary', name, asText(got?.summaryHtml), want.summary);
    tally.check('item content', name, asText(got?.contentHtml), want.content);
    if (want.author !== undefined) tally.check('item author', name, got?.author, want.author);
    tally.check('item enclosures', name, got?.enclosures.map((enclosure) => enclosure.url), want.enclosures);
  });
}

describe.skipIf(!existsSync(CORPUS))(`gofeed corpus (${CORPUS}; skipped when absent)`, () => {
  const cases = existsSync(CORPUS) ? corpusCases() : [];
  const tally = new Tally();
  const refused: string[] = [];

  it('reads every document, refusing only with FeedFormatError', () => {
    for (const testCase of cases) {
      try {
        const feed = parseFeed(testCase.document, undefined);
        if (testCase.expected) compare(tally, testCase.name, feed, expectedFromGofeed(testCase.kind, testCase.expected));
      } catch (error) {
        expect(error, testCase.name).toBeInstanceOf(FeedFormatError);
        refused.push(`${testCase.name}: ${(error as Error).message}`);
      }
    }
    console.log(`gofeed corpus: ${cases.length} documents, ${refused.length} refused:\n  ${refused.join('\n  ')}`);
    for (const [field, { matched, deliberate, total }] of tally.fields) {
      console.log(`  ${field}: ${matched}/${total} match (${((100 * matched) / total).toFixed(1)}%)${deliberate > 0 ? `, ${deliberate} deliberately different` : ''}`);
    }
    if (tally.deliberate.length > 0) console.log(`deliberate differences:\n  ${tally.deliberate.join('\n  ')}`);
    if (tally.misses.length > 0) console.log(`mismatches:\n  ${tally.misses.join('\n  ')}`);
    expect(cases.length).toBeGreaterThan(400);
  });

  it('refuses exactly the documents that are not feeds', () => {
    expect(refused.map((line) => line.split(':')[0]).sort()).toEqual(['json/invalid.json', 'universal/empty_feed.xml', 'universal/invalid.json', 'universal/unknown_feed.xml'].filter((name) => cases.some((testCase) => testCase.name === name)).sort());
  });

  it('matches gofeed on titles, item counts, links and most other fields', () => {
    expect(tally.rate('item count')).toBe(1);
    for (const field of tally.fields.keys()) expect(tally.rate(field), field).toBeGreaterThanOrEqual(0.98);
    expect(tally.misses.length).toBeLessThanOrEqual(5);
  });
});
