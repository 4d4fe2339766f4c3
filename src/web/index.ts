import { composeArticle } from '../articles/compose.js';
import type { Network } from '../network.js';
import { NewsError } from '../errors.js';
import { sanitizeLine } from '../render/text.js';
import { decodeHtml, decodeXml, looksBinary } from './decode.js';
import { extractArticle, htmlFragmentToMarkdown, type ExtractedArticle } from './extract/index.js';
import { checkAddress, DEFAULT_MAX_BYTES } from './fetch.js';

/**
 * The web, as the commands use it: a page's address or bytes in, an article file out. Every
 * part of the way (fetching, decoding, extraction, Markdown) lives in this folder, and its
 * libraries (undici, linkedom, Readability) load only when a command comes here.
 */
export { checkAddress, decodeHtml, decodeXml, DEFAULT_MAX_BYTES, htmlFragmentToMarkdown };

export interface FetchedPage {
  /** The address it was fetched from, after redirects. */
  url: string;
  /** HTML to extract an article from, or Markdown / plain text to add as it is. */
  kind: 'html' | 'text';
  bytes: Uint8Array;
  charset: string | undefined;
}

export async function fetchPage(net: Network, address: string, timeoutMs: number): Promise<FetchedPage> {
  const url = checkAddress(address);
  const result = await net.fetch({ address: url, wanted: 'page', timeoutMs, maxBytes: DEFAULT_MAX_BYTES });
  if (result.notModified) throw new NewsError('network', `the server answered 304 Not Modified for ${url}, with no page`, 'Try again later');
  const plain = result.contentType === 'text/plain' || result.contentType === 'text/markdown' || result.contentType === 'text/x-markdown';
  return { url: result.url, kind: plain ? 'text' : 'html', bytes: result.body, charset: result.charset };
}

/**
 * An HTML page as the text of an article file: the article reader mode finds in it, in
 * Markdown, under front matter with what the page says of itself. Nothing is fetched for it
 * (images are kept as their addresses).
 */
export function pageToArticleFile(bytes: Uint8Array, charset: string | undefined, pageUrl: string | undefined, name: string): { text: string; title: string } {
  if (looksBinary(bytes)) throw new NewsError('bad-input', `${name} is binary data, not a web page`, 'Give an HTML page, Markdown or plain text');
  const article = extractPage(bytes, charset, pageUrl);
  if (article.markdown.trim() === '') {
    throw new NewsError('bad-input', `${name} has no article text that news could find`, 'Nothing was added; check that the page shows the article without a script');
  }
  const text = composeArticle(
    { title: article.title, dek: article.dek, date: article.date, author: article.author, source: article.source, url: article.url ?? pageUrl },
    `${article.markdown.trim()}\n`,
  );
  return { text, title: sanitizeLine(article.title) };
}

/** A page's bytes, decoded by the WHATWG rules (BOM, header, <meta charset>), as the article reader mode finds in it. */
export function extractPage(bytes: Uint8Array, charset: string | undefined, pageUrl: string | undefined): ExtractedArticle {
  return extractArticle(decodeHtml(bytes, charset).text, pageUrl);
}
