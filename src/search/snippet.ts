import { columns, sanitizeLine } from '../render/text.js';
import { matchesWord, piecesThatMayHold, wordSpans, type QueryWord } from './text.js';

/** A piece of an article's text around its matches, to show under a search result. */
export interface Snippet {
  /** Plain, safe, one-line text, with … where it was cut. */
  text: string;
  /** Where the matched words are in `text`, in order. */
  matches: { start: number; end: number }[];
}

export const MIN_SNIPPET_COLUMNS = 10;

/** Text made ready for snippets: one safe line, and where the query's words are in it (which word each is). */
export interface SnippetSource {
  text: string;
  matched: readonly { start: number; end: number; word: number }[];
}

/** `source` (plain text, untrusted) made ready for snippets of any length: split into words once. */
export function snippetSource(source: string, words: readonly QueryWord[]): SnippetSource {
  const text = sanitizeLine(source).replace(/\s+/g, ' ').trim();
  // Only the pieces that could hold a match are split into words.
  const matched = piecesThatMayHold(text, words).flatMap((piece) =>
    wordSpans(piece.text, words)
      .map((span) => ({ start: piece.start + span.start, end: piece.start + span.end, word: words.findIndex((word) => span.terms.some((term) => matchesWord(term, word))) }))
      .filter((span) => span.word >= 0),
  );
  return { text, matched };
}

/**
 * The stretch of `source` (plain text, untrusted, or made ready by snippetSource for the same
 * words) of at most `maxColumns` columns that shows the most of the query's words, then the
 * most matches, starting a little before the first of them. Without a match, the beginning of
 * the text.
 */
export function makeSnippet(source: string | SnippetSource, words: readonly QueryWord[], maxColumns: number): Snippet {
  const { text, matched } = typeof source === 'string' ? snippetSource(source, words) : source;
  const budget = Math.max(MIN_SNIPPET_COLUMNS, Math.floor(maxColumns));

  // The match that starts the richest stretch of text.
  let anchor: { start: number; end: number } | undefined;
  let bestWords = 0;
  let bestCount = 0;
  const reach = Math.floor(budget * 0.75);
  for (let first = 0; first < matched.length; first++) {
    const from = matched[first];
    if (!from) continue;
    const distinct = new Set<number>();
    let count = 0;
    for (let next = first; next < matched.length; next++) {
      const span = matched[next];
      if (!span || span.end - from.start > reach) break;
      distinct.add(span.word);
      count++;
    }
    if (distinct.size > bestWords || (distinct.size === bestWords && count > bestCount)) {
      anchor = from;
      bestWords = distinct.size;
      bestCount = count;
    }
  }

  let start = 0;
  if (anchor) {
    const lead = Math.min(Math.floor(budget / 4), 40);
    start = Math.max(0, anchor.start - lead);
    if (start > 0 && text[start - 1] !== ' ') {
      const space = text.indexOf(' ', start);
      start = space >= 0 && space < anchor.start ? space + 1 : anchor.start;
    }
  }
  const prefix = start > 0 ? '…' : '';
  const available = budget - columns(prefix);
  let end = Math.min(text.length, start + available);
  const fits = (to: number): boolean => columns(text.slice(start, to)) + (to < text.length ? 1 : 0) <= available;
  if (end < text.length) {
    // Cut between words when there is a space to cut at.
    const space = text.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  while (end > start && !fits(end)) {
    const space = text.lastIndexOf(' ', end - 1);
    end = space > start ? space : end - 1;
    // Never between the two halves of a character outside the BMP.
    const code = text.charCodeAt(end - 1);
    if (end > start && code >= 0xd800 && code <= 0xdbff) end--;
  }
  const body = text.slice(start, end).trimEnd();
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  const matches = matched
    .filter((span) => span.start >= start && span.end <= start + body.length)
    .map((span) => ({ start: span.start + shift, end: span.end + shift }));
  return { text: `${prefix}${body}${suffix}`, matches };
}

/** The snippet with each match passed through `mark` (styling, or markers like [[word]]). */
export function renderSnippet(snippet: Snippet, mark: (word: string) => string): string {
  let out = '';
  let position = 0;
  for (const { start, end } of snippet.matches) {
    out += snippet.text.slice(position, start) + mark(snippet.text.slice(start, end));
    position = end;
  }
  return out + snippet.text.slice(position);
}

/** Text (already safe) with the words the query finds passed through `mark`. */
export function highlight(text: string, words: readonly QueryWord[], mark: (word: string) => string): string {
  const matches = wordSpans(text, words).filter((span) => span.terms.some((term) => words.some((word) => matchesWord(term, word))));
  return renderSnippet({ text, matches }, mark);
}
