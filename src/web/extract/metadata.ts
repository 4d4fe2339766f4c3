import { clean } from './clean.js';

/**
 * What a page says about itself, most trusted first: JSON-LD (NewsArticle and kin, in @graph
 * or arrays too), microdata, then Open Graph and article: tags, then plain <meta>, <time> and
 * the visible byline.
 */
export interface PageMetadata {
  title: string | undefined;
  dek: string | undefined;
  author: string | undefined;
  date: string | undefined;
  source: string | undefined;
  url: string | undefined;
  /** JSON-LD articleBody: the article's text as the site gives it, when it does. */
  articleBody: string | undefined;
}

interface Element {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
export interface MetadataDocument {
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Iterable<Element>;
}

const ARTICLE_TYPES = /^(?:NewsArticle|Article|BlogPosting|SocialMediaPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BackgroundNewsArticle|LiveBlogPosting|TechArticle|ScholarlyArticle|Report|Review|Recipe|HowTo|WebPage|ItemPage|AboutPage|ProfilePage)$/;
const SEPARATORS = /\s+[|\-\u2013\u2014\u00B7\u2022:\u00BB/\\]{1,2}\s+|_(?=\S)/;

export function readMetadata(document: MetadataDocument, base: string | undefined): PageMetadata {
  // Every <meta> read once, by name, property and itemprop, whatever their case (as browsers
  // match them); a repeated name (a DC.Creator per author) is a list.
  const metas = new Map<string, string[]>();
  for (const element of document.querySelectorAll('meta[content]')) {
    const content = clean(element.getAttribute('content'));
    if (content === undefined) continue;
    for (const attribute of ['property', 'name', 'itemprop']) {
      const key = element.getAttribute(attribute)?.trim().toLowerCase();
      if (key) metas.set(key, [...(metas.get(key) ?? []), content]);
    }
  }
  const meta = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const values = metas.get(key.toLowerCase());
      if (values) return [...new Set(values)].join(', ');
    }
    return undefined;
  };
  const ld = jsonLdArticle(document);
  const source = names(ld?.publisher) ?? meta('og:site_name', 'application-name', 'twitter:site:name');
  const title = chooseTitle(document, ld, meta, source);
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url');
  const dek = meta('og:description', 'description', 'twitter:description') ?? clean(text(ld?.description));
  return {
    title,
    dek: dek === title ? undefined : dek,
    author: chooseAuthor(document, ld, meta),
    date: chooseDate(document, ld, meta),
    source: source?.split(SEPARATORS)[0]?.trim() || source,
    url: absoluteHttp(canonical, base),
    articleBody: typeof ld?.articleBody === 'string' ? ld.articleBody : undefined,
  };
}

type Meta = (...keys: string[]) => string | undefined;

/**
 * The headline the page declares, without the site's name that <title> and og:title tend to
 * carry ("… | Site", "Site: …"). A visible h1 that the declared title contains is the headline
 * itself, and wins.
 */
function chooseTitle(document: MetadataDocument, ld: Record<string, unknown> | undefined, meta: Meta, source: string | undefined): string | undefined {
  const microdata = clean(document.querySelector('[itemprop="headline"]')?.textContent);
  const documentTitle = clean(document.querySelector('title')?.textContent);
  const declared = clean(text(ld?.headline)) ?? clean(text(ld?.name)) ?? meta('og:title', 'twitter:title', 'title', 'headline') ?? microdata ?? documentTitle;
  const headings = [...document.querySelectorAll('h1')].slice(0, 5).map((h1) => clean(h1.textContent)).filter((h1): h1 is string => h1 !== undefined && h1.length > 1);
  if (declared === undefined) return headings[0];
  const folded = fold(declared);
  const sides = declared.split(SEPARATORS).map(fold);
  const visible =
    headings.find((h1) => fold(h1) === folded) ??
    headings.find((h1) => sides.length > 1 && (sides[0] === fold(h1) || sides.at(-1) === fold(h1)) && h1.length >= 3) ??
    headings.find((h1) => h1.length >= declared.length * 0.4 && folded.includes(fold(h1)) && h1.split(' ').length >= 2);
  if (visible) return visible;
  if (microdata && folded.includes(fold(microdata)) && microdata.length >= declared.length * 0.4) return microdata;
  return withoutSiteName(declared, source, [documentTitle, meta('og:title'), meta('twitter:title')]);
}

const fold = (value: string): string => value.normalize('NFKC').toLowerCase().replace(/[\s\u2018\u2019\u201c\u201d"']+/g, ' ').trim();

function withoutSiteName(title: string, source: string | undefined, others: (string | undefined)[]): string {
  const parts = title.split(SEPARATORS).map((part) => part.trim()).filter(Boolean);
  if (parts.length < 2) return title;
  const site = fold(source ?? '');
  const isSite = (part: string): boolean => {
    const folded = fold(part);
    return site !== '' && (site === folded || site.startsWith(folded) || folded.startsWith(site));
  };
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const separator = (at: 'first' | 'last'): RegExpExecArray | null => (at === 'last' ? /^(.*)(?:\s+[|\-\u2013\u2014\u00B7\u2022:\u00BB/\\]{1,2}\s+|_)(.*?)$/s.exec(title) : /^(.*?)(?:\s+[|\-\u2013\u2014\u00B7\u2022:\u00BB/\\]{1,2}\s+|_)(.*)$/s.exec(title));
  if (isSite(last)) return separator('last')?.[1]?.trim() ?? title;
  if (isSite(first)) return separator('first')?.[2]?.trim() ?? title;
  // Another declared title without the trailing part says which part is the site's.
  const rest = separator('last')?.[1]?.trim();
  if (rest && others.some((other) => other !== undefined && fold(other) === fold(rest))) return rest;
  return title;
}

function chooseAuthor(document: MetadataDocument, ld: Record<string, unknown> | undefined, meta: Meta): string | undefined {
  const microdata = [...document.querySelectorAll('[itemprop="author"]')]
    .map((element) => clean(element.getAttribute('content')) ?? clean((element as unknown as { querySelector?(s: string): Element | null }).querySelector?.('[itemprop="name"]')?.textContent) ?? clean(element.textContent))
    .filter((name): name is string => name !== undefined && name.length < 80);
  const byline = clean(document.querySelector('[rel="author"], .byline, .author-name, .byline__name, [class*="byline"] [class*="name"], address.author, .author, .article-author, [data-testid*="byline"]')?.textContent);
  const candidates = [
    names(ld?.author) ?? names(ld?.creator),
    microdata.length > 0 ? [...new Set(microdata)].join(', ') : undefined,
    notAddress(meta('author', 'article:author', 'og:article:author', 'byl', 'parsely-author', 'sailthru.author', 'dc.creator')),
    byline !== undefined && byline.length < 100 ? byline : undefined,
  ];
  for (const candidate of candidates) {
    // A byline often runs on into the date ("Dan Goodin - Apr 16, 2015"): the name is before it.
    const name = candidate
      ?.replace(/^(?:by|par|von|por|di|door|av)[:\s]+/i, '')
      .replace(/\s*\|\s*.*$/, '')
      .replace(/\s+[-\u2013\u2014\u00B7]\s+(?=[^-\u2013\u2014]*\d).*$/, '')
      .trim();
    if (name && /\p{L}/u.test(name) && !/^\d/.test(name)) return name;
  }
  return undefined;
}

function chooseDate(document: MetadataDocument, ld: Record<string, unknown> | undefined, meta: Meta): string | undefined {
  const candidates = [
    text(ld?.datePublished),
    meta('article:published_time', 'og:article:published_time', 'datePublished', 'date', 'pubdate', 'publishdate', 'dc.date', 'dc.date.issued', 'sailthru.date', 'parsely-pub-date', 'article.published'),
    document.querySelector('[itemprop="datePublished"]')?.getAttribute('datetime') ?? undefined,
    text(ld?.dateCreated),
    document.querySelector('article time[datetime], time[pubdate], time[datetime]')?.getAttribute('datetime') ?? undefined,
    text(ld?.dateModified),
    meta('article:modified_time', 'og:updated_time'),
  ];
  for (const candidate of candidates) {
    const date = isoDate(candidate);
    if (date) return date;
  }
  return undefined;
}

function jsonLdArticle(document: MetadataDocument): Record<string, unknown> | undefined {
  let fallback: Record<string, unknown> | undefined;
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const data = parseJsonLd(script.textContent ?? '');
    const found = findArticle(data, 0);
    if (found && !/Page$/.test(String(found['@type']))) return found;
    fallback ??= found;
  }
  return fallback;
}

/** JSON-LD as pages write it: wrapped in CDATA or comments, with raw newlines inside strings. */
function parseJsonLd(source: string): unknown {
  const unwrapped = source
    .replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[/, '')
    .replace(/(?:\/\/\s*)?\]\]>\s*$/, '')
    .replace(/^\s*<!--/, '')
    .replace(/-->\s*$/, '')
    .trim()
    .replace(/;$/, '');
  try {
    return JSON.parse(unwrapped);
  } catch {
    try {
      // eslint-disable-next-line no-control-regex
      return JSON.parse(unwrapped.replace(/[\u0000-\u001F]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

function typesOf(record: Record<string, unknown>): string[] {
  const type = record['@type'];
  return (Array.isArray(type) ? type : [type]).filter((item): item is string => typeof item === 'string').map((item) => item.replace(/^.*[/#]/, ''));
}

function findArticle(data: unknown, depth: number): Record<string, unknown> | undefined {
  if (depth > 6 || data === null || typeof data !== 'object') return undefined;
  if (Array.isArray(data)) {
    let page: Record<string, unknown> | undefined;
    for (const item of data) {
      const found = findArticle(item, depth + 1);
      if (found && !typesOf(found).some((type) => /Page$/.test(type))) return found;
      page ??= found;
    }
    return page;
  }
  const record = data as Record<string, unknown>;
  const nested = findArticle(record['@graph'], depth + 1) ?? findArticle(record.mainEntity, depth + 1) ?? findArticle(record.mainEntityOfPage, depth + 1);
  const isArticle = typesOf(record).some((type) => ARTICLE_TYPES.test(type)) && (record.headline !== undefined || record.articleBody !== undefined || record.author !== undefined);
  if (isArticle && !typesOf(record).some((type) => /Page$/.test(type))) return record;
  if (nested && !typesOf(nested).some((type) => /Page$/.test(type))) return nested;
  return isArticle ? record : nested;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** An author or publisher: a name, an object with one, or a list of either. */
function names(value: unknown): string | undefined {
  const list = (Array.isArray(value) ? value : [value])
    .map((item) => (typeof item === 'string' ? item : item && typeof item === 'object' ? text((item as Record<string, unknown>).name) : undefined))
    .map((name) => clean(name))
    .filter((name): name is string => name !== undefined && !/^https?:/i.test(name));
  return list.length > 0 ? [...new Set(list)].join(', ') : undefined;
}

function notAddress(value: string | undefined): string | undefined {
  return value && /^(?:https?:|www\.)/i.test(value) ? undefined : value;
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** ISO 8601 as the page gives it when it is valid, else the date-time it means; undefined for none. */
export function isoDate(value: string | undefined): string | undefined {
  const trimmed = clean(value);
  if (!trimmed) return undefined;
  if (ISO.test(trimmed)) {
    const normalized = trimmed.replace(' ', 'T').replace(',', '.');
    const [year, month, day] = normalized.slice(0, 10).split('-').map(Number) as [number, number, number];
    const real = new Date(Date.UTC(year, month - 1, day));
    const valid = real.getUTCMonth() === month - 1 && real.getUTCDate() === day && !Number.isNaN(Date.parse(normalized.length === 10 ? normalized : normalized.replace(/([+-]\d{2})$/, '$1:00')));
    // Date would roll 2022-02-30 over into March: a date that is not one is no date.
    return valid ? normalized : undefined;
  }
  if (/^\d{1,8}$/.test(trimmed)) return undefined;
  const time = Date.parse(trimmed);
  if (Number.isNaN(time)) return undefined;
  const year = new Date(time).getUTCFullYear();
  return year > 1900 && year < 2200 ? new Date(time).toISOString() : undefined;
}

function absoluteHttp(href: string | null | undefined, base: string | undefined): string | undefined {
  const trimmed = clean(href);
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
