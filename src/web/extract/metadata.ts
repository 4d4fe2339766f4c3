import { clean } from './clean.js';

/**
 * What a page says about itself, most trusted first: JSON-LD (NewsArticle and kin), then Open
 * Graph and article: tags, then plain <meta> and <time>.
 */
export interface PageMetadata {
  title: string | undefined;
  dek: string | undefined;
  author: string | undefined;
  date: string | undefined;
  source: string | undefined;
  url: string | undefined;
  articleBody: string | undefined;
}

interface Doc {
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
  querySelectorAll(selector: string): Iterable<{ textContent: string | null }>;
}

const ARTICLE_TYPES = /^(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|LiveBlogPosting|TechArticle|ScholarlyArticle|WebPage|Report)$/;

export function readMetadata(document: Doc, base: string | undefined): PageMetadata {
  const meta = (selector: string): string | undefined => clean(document.querySelector(selector)?.getAttribute('content') ?? undefined);
  const ld = jsonLdArticle(document);
  const title = clean(text(ld?.headline)) ?? meta('meta[property="og:title"]') ?? meta('meta[name="twitter:title"]') ?? clean(document.querySelector('h1')?.textContent ?? undefined) ?? clean(document.querySelector('title')?.textContent ?? undefined);
  const author = names(ld?.author) ?? meta('meta[name="author"]') ?? notAddress(meta('meta[property="article:author"]')) ?? clean(document.querySelector('[rel="author"], .byline, [itemprop="author"]')?.textContent ?? undefined);
  const date = isoDate(text(ld?.datePublished)) ?? isoDate(meta('meta[property="article:published_time"]')) ?? isoDate(meta('meta[name="date"]')) ?? isoDate(meta('meta[itemprop="datePublished"]')) ?? isoDate(document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined);
  const source = names((ld?.publisher as Record<string, unknown> | undefined)?.name) ?? meta('meta[property="og:site_name"]') ?? meta('meta[name="application-name"]');
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('meta[property="og:url"]');
  return {
    title,
    dek: meta('meta[property="og:description"]') ?? meta('meta[name="description"]') ?? clean(text(ld?.description)),
    author: author === undefined ? undefined : author.replace(/^by\s+/i, ''),
    date,
    source,
    url: absoluteHttp(canonical, base),
    articleBody: typeof ld?.articleBody === 'string' ? ld.articleBody : undefined,
  };
}

function jsonLdArticle(document: Doc): Record<string, unknown> | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const found = findArticle(data, 0);
    if (found) return found;
  }
  return undefined;
}

function findArticle(data: unknown, depth: number): Record<string, unknown> | undefined {
  if (depth > 4 || data === null || typeof data !== 'object') return undefined;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = findArticle(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = data as Record<string, unknown>;
  const types = Array.isArray(record['@type']) ? record['@type'] : [record['@type']];
  if (types.some((type) => typeof type === 'string' && ARTICLE_TYPES.test(type)) && (record.headline || record.articleBody)) return record;
  return findArticle(record['@graph'], depth + 1) ?? findArticle(record.mainEntity, depth + 1);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An author or publisher: a name, an object with one, or a list of either. */
function names(value: unknown): string | undefined {
  const list = (Array.isArray(value) ? value : [value])
    .map((item) => (typeof item === 'string' ? item : item && typeof item === 'object' ? (item as Record<string, unknown>).name : undefined))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => clean(name))
    .filter((name): name is string => name !== undefined && !/^https?:/i.test(name));
  return list.length > 0 ? [...new Set(list)].join(', ') : undefined;
}

function notAddress(value: string | undefined): string | undefined {
  return value && /^https?:/i.test(value) ? undefined : value;
}

/** ISO 8601 as the page gives it when it is, else the date-time it means; undefined for none. */
export function isoDate(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return trimmed.replace(' ', 'T');
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function absoluteHttp(href: string | null | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
