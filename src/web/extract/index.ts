import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NewsError } from '../../errors.js';
import { clean } from './clean.js';
import { toMarkdown } from './markdown.js';
import { readMetadata } from './metadata.js';

/**
 * Reader mode: an HTML page → the article in it, as Markdown, with what the page says of
 * itself. Pure: nothing is fetched. Boilerplate is removed before Readability scores the page
 * (so that it cannot win a tie), and the result is written by our own converter, which keeps
 * the text's words as they are.
 */
export interface ExtractedArticle {
  title: string;
  dek: string | undefined;
  author: string | undefined;
  date: string | undefined;
  source: string | undefined;
  url: string | undefined;
  markdown: string;
}

// Never content: removed before anything is scored.
const NEVER_CONTENT = 'script, style, noscript, template, iframe, object, embed, form, button, input, select, textarea, svg, canvas, nav, [hidden], [aria-hidden="true"], [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"]';
// Class and id words of what surrounds an article: banners, share bars, lists of other stories.
const BOILERPLATE = /(?:^|[\s_-])(?:cookie|consent|gdpr|newsletter|subscribe|subscription|signup|paywall|share|sharing|social|related|recommended|most-?read|popular|trending|promo|advert|ads?|sponsor|comments?|disqus|breadcrumbs?|masthead|site-?header|site-?footer|skip-?link|outbrain|taboola)(?:$|[\s_-])/i;

export function extractArticle(html: string, pageUrl?: string): ExtractedArticle {
  const { document } = parseHTML(html);
  const base = baseUrl(document, pageUrl);
  const meta = readMetadata(document, base);
  for (const element of [...document.querySelectorAll(NEVER_CONTENT)]) element.remove();
  for (const element of [...document.querySelectorAll('[class], [id]')]) {
    const words = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
    // The article's own container may carry such a word ("article-share-wrapper"): only
    // small blocks go.
    if (BOILERPLATE.test(words) && (element.textContent ?? '').length < 2000 && element.tagName !== 'BODY' && element.tagName !== 'HTML') element.remove();
  }
  let body = '';
  try {
    const readable = new Readability(document as never, { keepClasses: false, charThreshold: 300 }).parse();
    if (readable?.content) body = htmlFragmentToMarkdown(readable.content, base);
    meta.author ??= clean(readable?.byline ?? undefined);
    meta.title ??= clean(readable?.title ?? undefined);
    meta.dek ??= clean(readable?.excerpt ?? undefined);
  } catch {
    // Readability gave up on a page it could not score: the declared text is the fallback.
  }
  // JSON-LD articleBody, when Readability found little, and the page declares more.
  if (meta.articleBody && words(meta.articleBody) > words(body) * 1.5) body = meta.articleBody.split(/\n+/).map((line) => line.trim()).filter(Boolean).join('\n\n');
  if (body.trim() === '') throw new NewsError('bad-input', 'the page has no article text that news could find', 'Nothing was added; check that the page shows the article without a script');
  const title = meta.title ?? lastPathPart(pageUrl) ?? 'Untitled';
  return { title, dek: meta.dek, author: meta.author, date: meta.date, source: meta.source, url: meta.url ?? pageUrl, markdown: dropLeadingTitle(body, title) };
}

/** Feed content, already the article's body: HTML → Markdown by the same rules, nothing removed but what is never content. */
export function htmlFragmentToMarkdown(html: string, baseUrl?: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const element of [...document.querySelectorAll(NEVER_CONTENT)]) element.remove();
  return toMarkdown(document.body as unknown, baseUrl);
}

function baseUrl(document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null }, pageUrl: string | undefined): string | undefined {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  if (href) {
    try {
      return new URL(href, pageUrl).href;
    } catch {
      // A base that is no address: the page's own.
    }
  }
  return pageUrl;
}

/** The page's own heading repeated as the body's first line is the title, not text. */
function dropLeadingTitle(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const first = lines[0]?.replace(/^#+\s*/, '').trim();
  if (first && title.startsWith(first) && first.length > 3) return lines.slice(1).join('\n').trim();
  return markdown.trim();
}

function lastPathPart(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  try {
    const part = new URL(address).pathname.split('/').filter(Boolean).at(-1);
    return part ? decodeURIComponent(part).replace(/\.[a-z]+$/i, '').replace(/[-_]+/g, ' ') : undefined;
  } catch {
    return undefined;
  }
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
