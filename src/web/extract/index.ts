import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NewsError } from '../../errors.js';
import { markdownBlocks } from './blocks.js';
import { clean, cleanBlocks, stripControls } from './clean.js';
import { NEVER_CONTENT_TAGS, parseFragmentBody } from './fragment.js';
import { toMarkdown, type DomNode } from './markdown.js';
import { readMetadata, type MetadataDocument } from './metadata.js';

/**
 * Reader mode: an HTML page → the article in it, as Markdown, with what the page says of
 * itself. Pure and synchronous: nothing is fetched. Boilerplate is removed before Readability
 * scores the page (so that a share bar or a list of other stories cannot win), the result is
 * judged against other candidates (Readability on the untouched page, the JSON-LD
 * articleBody) when it looks thin or like a list of links, and it is written by our own
 * converter, which keeps the text's words as they are.
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

interface Element extends DomNode {
  tagName: string;
  parentElement: Element | null;
  remove(): void;
  replaceWith(node: DomNode): void;
  closest(selector: string): Element | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element> & Iterable<Element>;
  getAttribute(name: string): string | null;
}
interface Document extends MetadataDocument {
  body: Element | null;
  createTextNode(text: string): DomNode;
  documentElement: Element | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element> & Iterable<Element>;
}

// Never content wherever it stands. <noscript> stays until Readability has taken the images
// that lazy-loading pages keep there. MediaWiki's "[edit]" beside each heading is a control of
// the site's, and read as part of the heading ("History[edit]").
const NEVER_CONTENT = `script:not([type="application/ld+json"]), .mw-editsection, ${NEVER_CONTENT_TAGS.join(', ')}`;
// Page furniture by its role or tag; removed only when it is not most of the page.
const FURNITURE = 'nav, aside, form, [hidden], [aria-hidden="true"], [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="dialog"], [role="alertdialog"], [role="search"], [role="menu"], [role="toolbar"]';
// Class and id words of what surrounds an article: banners, share bars, lists of other stories,
// comments. These go even when they hold paragraphs (comments do).
const BOILERPLATE = new RegExp(
  String.raw`(?:^|[\s_-])(?:cookies?|consent|gdpr|newsletters?|subscribe|subscription|signup|sign-up|share|shares|sharing|sharebar|share-?tools|social|socials|related|recommend|recommended|recommendations|most-?read|most-?popular|trending|advert|advertisement|adverts|ads|ad|ad-?slot|ad-?unit|ad-?container|dfp|comments?|disqus|breadcrumbs?|masthead|site-?header|site-?footer|global-?header|global-?footer|skip-?links?|outbrain|taboola|sidebar|more-?stories|recirculation)(?:$|[\s_-])`,
  'i',
);
// Words that mark furniture as often as a wrapper of the text ("read-more" around the rest of
// an article, a "modal" reader view): these go only when they hold no prose.
const MAYBE_BOILERPLATE = /(?:^|[\s_-])(?:popular|promo|promos|sponsor|sponsored|paywall|regwall|widget|popup|modal|overlay|toolbar|tags|tag-?list|author-?bio|about-?the-?author|read-?more|print-?only|sr-only|visually-?hidden|screen-?reader-?text)(?:$|[\s_-])/i;
const CAMEL_BOILERPLATE = /(?:share|social|related|newsletter|cookie|comments|sidebar|advert|subscribe)(?:[A-Z]|$)/;
const CONTENT_MARKERS = 'article, main, [itemprop="articleBody"], [role="main"], [role="article"]';

export function extractArticle(html: string, pageUrl?: string): ExtractedArticle {
  try {
    return extract(html, pageUrl);
  } catch (error) {
    if (error instanceof NewsError) throw error;
    // A page that trips the DOM or Readability is a page news cannot read, not a crash.
    throw new NewsError('bad-input', `the page could not be read as an article (${(error as Error).message})`, 'Save the article text and add that instead');
  }
}

function extract(html: string, pageUrl: string | undefined): ExtractedArticle {
  if (typeof html !== 'string') throw new NewsError('bad-input', 'the page is not text', 'Give an HTML page');
  const document = parse(html);
  const base = baseUrl(document, pageUrl);
  const meta = readMetadata(document, base);
  const pageText = visibleText(document);
  removeAll(document, NEVER_CONTENT);
  const removedProse = removeBoilerplate(document, true);

  const first = readable(document, base);
  meta.author ??= clean(first?.byline);
  meta.title ??= clean(first?.title);
  meta.dek ??= clean(first?.excerpt);
  meta.source ??= clean(first?.siteName);
  const title = meta.title ?? lastPathPart(pageUrl) ?? 'Untitled';

  const candidates: Candidate[] = [];
  if (first) candidates.push(candidate('readability', first.markdown));
  // Our cleaning may have taken the article with the furniture (prose in a "read-more"
  // wrapper), or made Readability prefer another part of the page: then Readability again, on
  // the page with only its furniture by tag and role removed, is the cross-check. Not always:
  // it doubles the time.
  const firstFound = candidates[0];
  if (firstFound === undefined || looksThin(firstFound) || removedProse > firstFound.words * 0.5) {
    const untouched = parse(html);
    removeAll(untouched, NEVER_CONTENT);
    removeBoilerplate(untouched, false);
    const second = readable(untouched, base);
    if (second) candidates.push(candidate('readability-untouched', second.markdown));
  }
  if (candidates.every(looksThin)) {
    const largest = largestContainer(parse(html), base);
    if (largest) candidates.push(candidate('largest-container', largest));
  }
  const declared = declaredBody(meta.articleBody, pageText);
  if (declared !== undefined) candidates.push(candidate('json-ld', declared));

  const best = choose(candidates);
  const blocks = best === undefined ? [] : dropLeadingTitle(cleanBlocks(markdownBlocks(best.markdown), meta.author), title, meta.dek);
  const markdown = finish(blocks.join('\n\n'));
  const found = candidate('result', markdown);
  if (markdown === '' || found.words - found.linkWords === 0) throw new NewsError('bad-input', 'the page has no article text that news could find', 'Check that the page shows the article without a script, or save the article text and add that');
  const dek = meta.dek !== undefined && repeatsOpening(meta.dek, blocks) ? undefined : meta.dek;
  return { title: stripControls(title), dek, author: meta.author, date: meta.date, source: meta.source, url: meta.url ?? httpOnly(pageUrl), markdown };
}

/**
 * Whether the standfirst is one of the text's first paragraphs (after an infobox, say), whole
 * or its beginning (a description cut short, "…"): shown under the title, the reader would
 * read it twice within a screen. The text keeps it.
 */
function repeatsOpening(dek: string, blocks: readonly string[]): boolean {
  const dekFolded = foldTitle(dek.replace(/(?:\u2026|\.\.\.)\s*$/, ''));
  if (dekFolded === '') return false;
  let read = 0;
  for (const block of blocks) {
    if (read > OPENING_CHARACTERS) return false;
    read += block.length;
    if (/^#+\s/.test(block) || block.startsWith('![')) continue;
    // The paragraph as read: a link's text, not its address (Wikipedia's first paragraph is full of them).
    const folded = foldTitle(block.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'));
    if (folded === dekFolded || (dekFolded.length >= 40 && folded.startsWith(dekFolded))) return true;
  }
  return false;
}
/** About the first screen of a text: a standfirst repeated further on is not read twice at once. */
const OPENING_CHARACTERS = 1500;

/** Feed content, already the article's body: HTML → Markdown by the same rules, nothing removed but what is never content. */
export function htmlFragmentToMarkdown(html: string, baseUrl?: string): string {
  if (typeof html !== 'string') return '';
  return finish(toMarkdown(parseFragment(html), httpOnly(baseUrl)));
}

function parse(html: string): Document {
  try {
    let { document } = parseHTML(html) as unknown as { document: Document };
    // linkedom makes the first element the root when there is no <html> ("<style>…"): such a
    // page is read as the body of one.
    if (document.documentElement?.nodeName !== 'HTML' || !document.body) {
      document = (parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`) as unknown as { document: Document }).document;
    }
    // Highlighted code ends its lines with <br>, and Readability turns two of them into a <p>
    // (a blank line of code lost, the rest moved): in code they are the newlines they show.
    for (const br of Array.from(document.querySelectorAll('pre br'))) br.replaceWith(document.createTextNode('\n'));
    return document;
  } catch {
    throw new NewsError('bad-input', 'the page cannot be read as HTML', 'Give an HTML page');
  }
}

/** A feed item's HTML, as the body of a page: without the elements that are never content (fragment.ts). */
function parseFragment(html: string): DomNode {
  try {
    return parseFragmentBody(html);
  } catch {
    throw new NewsError('bad-input', 'the feed item cannot be read as HTML', 'Check the feed');
  }
}

function removeAll(document: Document, selector: string): void {
  for (const element of Array.from(document.querySelectorAll(selector))) element.remove();
}

/**
 * Furniture out before Readability scores the page: by role and tag, and by class and id
 * words. An element goes only when it is not the article's own container: it holds no
 * article/main and well under half the page's text.
 */
function removeBoilerplate(document: Document, byClass: boolean): number {
  let removedProse = 0;
  const bodyLength = Math.max(1, (document.body?.textContent ?? '').length);
  const isArticle = (element: Element): boolean => {
    if (element.tagName === 'BODY' || element.tagName === 'HTML' || element.tagName === 'ARTICLE' || element.tagName === 'MAIN') return true;
    if (element.getAttribute('itemprop') === 'articleBody') return true;
    const length = (element.textContent ?? '').length;
    return (length > bodyLength * 0.35 && length > 500) || (length > 2000 && element.querySelector(CONTENT_MARKERS) !== null);
  };
  for (const element of Array.from(document.querySelectorAll(FURNITURE))) {
    // A <figure> image's fallback and <aside> pull quotes inside the text are part of it.
    if (element.tagName === 'ASIDE' && element.closest('[itemprop="articleBody"], article p')) continue;
    if (!isArticle(element)) element.remove();
  }
  for (const element of Array.from(document.querySelectorAll('footer'))) {
    if (!element.closest('article') && !isArticle(element)) element.remove();
  }
  if (!byClass) return 0;
  for (const element of Array.from(document.querySelectorAll('[class], [id]'))) {
    const words = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
    const sure = BOILERPLATE.test(words) || CAMEL_BOILERPLATE.test(words);
    if (!sure && !MAYBE_BOILERPLATE.test(words)) continue;
    // Highlighters name their spans by what the code holds ("token comment"): code is never furniture.
    if ((INLINE.has(element.tagName) && element.closest('p')) || element.closest('pre, code') || isArticle(element)) continue;
    const prose = holdsProse(element);
    if (!sure && prose) continue;
    // Counted in words, to weigh against what Readability then finds.
    if (prose) removedProse += (element.textContent ?? '').split(/\s+/).length;
    element.remove();
  }
  return removedProse;
}

/** Paragraphs of text, not links: what furniture does not have. */
function holdsProse(element: Element): boolean {
  let prose = 0;
  for (const paragraph of Array.from(element.querySelectorAll('p'))) {
    const length = (paragraph.textContent ?? '').length;
    const linked = Array.from(paragraph.querySelectorAll('a')).reduce((sum, link) => sum + (link.textContent ?? '').length, 0);
    if (length > 80 && linked < length * 0.3 && ++prose >= 2) return true;
  }
  return false;
}

const INLINE = new Set(['A', 'SPAN', 'EM', 'STRONG', 'B', 'I', 'CODE', 'SUP', 'SUB', 'ABBR', 'TIME', 'MARK', 'SMALL', 'CITE', 'Q', 'U', 'S']);

interface Readable {
  markdown: string;
  title: string | null | undefined;
  byline: string | null | undefined;
  excerpt: string | null | undefined;
  siteName: string | null | undefined;
}

function readable(document: Document, base: string | undefined): Readable | undefined {
  try {
    const result = new Readability<DomNode>(document as never, { serializer: (node) => node as unknown as DomNode, maxElemsToParse: 0, keepClasses: true }).parse();
    if (!result?.content) return undefined;
    return { markdown: toMarkdown(result.content, base), title: result.title, byline: result.byline, excerpt: result.excerpt, siteName: result.siteName };
  } catch {
    // Readability gave up on a page it could not score: the other candidates stand.
    return undefined;
  }
}

interface Candidate {
  name: string;
  markdown: string;
  words: number;
  linkWords: number;
  /** Words in blocks of at least a sentence: what an article is made of. */
  proseWords: number;
}

function candidate(name: string, markdown: string): Candidate {
  let words = 0;
  let linkWords = 0;
  let proseWords = 0;
  for (const block of markdownBlocks(markdown)) {
    const links = [...block.matchAll(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g)].map((match) => match[1] ?? '');
    const text = block.replace(/!\[(?:\\.|[^\]\\])*\]\([^)]*\)/g, ' ').replace(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1');
    const count = countWords(text);
    const linked = links.reduce((sum, link) => sum + countWords(link), 0);
    words += count;
    linkWords += linked;
    if (count >= 12 && linked < count * 0.5 && !/^#/.test(block)) proseWords += count - linked;
  }
  return { name, markdown, words, linkWords, proseWords };
}

function looksThin(found: Candidate): boolean {
  return found.proseWords < 120 || found.linkWords > found.words * 0.5;
}

/**
 * The candidate that reads most like an article: the most words of prose. Readability's first
 * answer (on the cleaned page) wins unless another has clearly more, since cleaning takes away
 * words on purpose; the declared articleBody has no links, headings or pictures, so it wins
 * only when the others lost much of the text.
 */
function choose(candidates: Candidate[]): Candidate | undefined {
  const usable = candidates.filter((found) => found.words > 0);
  if (usable.length === 0) return undefined;
  let best = usable[0] as Candidate;
  for (const other of usable.slice(1)) {
    const margin = other.name === 'json-ld' ? 1.6 : looksThin(best) ? 1.15 : 1.3;
    if (other.proseWords > best.proseWords * margin + 20 && other.linkWords <= Math.max(other.words * 0.5, best.linkWords)) best = other;
  }
  return best;
}

/**
 * JSON-LD articleBody, when it is the article: long enough not to be a teaser, not cut off,
 * and its sentences are on the page (a site can declare text it does not show).
 */
function declaredBody(body: string | undefined, pageText: string): string | undefined {
  if (body === undefined) return undefined;
  const text = stripControls(body, true).replace(/<[^>]+>/g, ' ').trim();
  if (countWords(text) < 80 || /(?:\u2026|\.\.\.|\[\u2026\])$/.test(text)) return undefined;
  const page = squash(pageText);
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).map(squash).filter((sentence) => sentence.length > 40);
  if (sentences.length === 0) return undefined;
  const sample = sentences.filter((_, index) => index % Math.max(1, Math.floor(sentences.length / 12)) === 0);
  const shown = sample.filter((sentence) => page.includes(sentence.slice(0, 60))).length;
  if (shown < sample.length * 0.6) return undefined;
  return text
    .split(/\n+/)
    .map((line) => clean(line))
    .filter((line): line is string => line !== undefined)
    .map((line) => htmlFragmentToMarkdown(escapeForFragment(line)))
    .join('\n\n');
}

const escapeForFragment = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const squash = (text: string): string => text.replace(/\s+/g, ' ').toLowerCase().trim();

function visibleText(document: Document): string {
  const body = document.body;
  if (!body) return '';
  let text = '';
  const visit = (node: DomNode): void => {
    if (node.nodeType === 3) text += `${node.textContent ?? ''} `;
    else if (node.nodeType === 1 && node.nodeName !== 'SCRIPT' && node.nodeName !== 'STYLE' && node.nodeName !== 'TEMPLATE') {
      const children = node.childNodes;
      for (let index = 0; index < children.length; index++) visit(children[index] as DomNode);
    }
  };
  visit(body);
  return text;
}

/**
 * The trafilatura-style second opinion: the article-like container (article, main, the
 * declared articleBody, or the block holding most paragraph text) written as it is.
 */
function largestContainer(document: Document, base: string | undefined): string | undefined {
  removeAll(document, `${NEVER_CONTENT}, noscript`);
  removeBoilerplate(document, true);
  const scored = new Map<Element, number>();
  for (const paragraph of Array.from(document.querySelectorAll('p, pre, li, td, blockquote'))) {
    const length = (paragraph.textContent ?? '').trim().length;
    if (length < 40) continue;
    const linked = Array.from(paragraph.querySelectorAll('a')).reduce((sum, link) => sum + (link.textContent ?? '').length, 0);
    const worth = length - 2 * linked;
    if (worth <= 0) continue;
    let parent = paragraph.parentElement;
    for (let depth = 0; parent && depth < 3; depth++, parent = parent.parentElement) scored.set(parent, (scored.get(parent) ?? 0) + worth / (depth + 1));
  }
  let best: Element | undefined;
  let bestScore = 0;
  for (const [element, score] of scored) {
    if (score > bestScore) {
      best = element;
      bestScore = score;
    }
  }
  const marked = document.querySelector('[itemprop="articleBody"]') ?? (document.querySelectorAll('article').length === 1 ? document.querySelector('article') : null);
  const chosen = marked && (marked.textContent ?? '').length > (best?.textContent ?? '').length * 0.6 ? marked : best;
  return chosen ? toMarkdown(chosen, base) : undefined;
}

function baseUrl(document: Document, pageUrl: string | undefined): string | undefined {
  const page = httpOnly(pageUrl);
  const href = document.querySelector('base[href]')?.getAttribute('href');
  if (href) {
    try {
      const url = new URL(href.trim(), page);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // A base that is no address: the page's own.
    }
  }
  return page;
}

function httpOnly(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The page's own headline repeated before the text is metadata, not body; so is the standfirst
 * as a heading (as a paragraph it is often the article's first, and stays).
 */
function dropLeadingTitle(blocks: string[], title: string, dek: string | undefined): string[] {
  const titleFolded = foldTitle(title);
  const dekFolded = dek === undefined ? '' : foldTitle(dek);
  const kept: string[] = [];
  let inText = false;
  for (const [index, block] of blocks.entries()) {
    const heading = /^#+\s+/.test(block);
    const text = foldTitle(block.replace(/^#+\s+/, ''));
    const repeats = text !== '' && ((text === titleFolded && (heading || index === 0)) || (text === dekFolded && heading));
    if (!inText && repeats) continue;
    if (!heading && !block.startsWith('![')) inText = true;
    kept.push(block);
  }
  return kept;
}

const foldTitle = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\\*_`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Last safety net for what any path produced: no controls, no front-matter opening. */
function finish(markdown: string): string {
  const lines = stripControls(markdown, true).trim();
  return lines.startsWith('---') ? `\\${lines}` : lines;
}

function lastPathPart(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  try {
    const part = new URL(address).pathname.split('/').filter(Boolean).at(-1);
    if (!part) return undefined;
    let decoded = part;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      // A broken escape: the part as written.
    }
    return clean(decoded.replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[-_+]+/g, ' '));
  } catch {
    return undefined;
  }
}

// Chinese, Japanese and Thai are written without spaces: each character counts as a word.
const countWords = (text: string): number => text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]|[\p{L}\p{N}]+/gu)?.length ?? 0;
