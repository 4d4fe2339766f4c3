import { decodeEntities } from '../render/entities.js';
import { sanitizeText } from '../render/text.js';

/**
 * Words as search sees them. Pure functions only: folding (case, accents, curly apostrophes),
 * the terms of a text for the index, word spans for snippets, and Markdown reduced to the text
 * a reader sees. Indexing and highlighting use the same rules, so a highlighted word is one the
 * index matched.
 */

/** Longer terms are cut: a base64 blob in an article should not bloat the index. */
export const MAX_TERM_LENGTH = 48;

const CURLY = String.raw`\u2019\u2018\u02BC`; // ’ ‘ ʼ
const CURLY_APOSTROPHES = new RegExp(`[${CURLY}]`, 'g');
const NOT_ASCII = /[^\u0000-\u007F]/; // eslint-disable-line no-control-regex

// The rules below are Unicode's (\p{L} letters, \p{N} digits, \p{M} marks), but V8 takes about
// half a millisecond to build the sets of a RegExp with such classes and as much again to
// compile it, for each RegExp on every run: 3 ms or more of a search. Most text needs none of
// it: text whose characters are ASCII, Latin letters (U+00C0–U+024F but × and ÷), combining
// accents (U+0300–U+036F) and common punctuation (no-break space, « », General Punctuation)
// has the same words under the same classes written as ranges. Such text is "Latin" here;
// other text uses the Unicode classes, each made when first needed. A unit test checks the
// ranges against the Unicode classes, code point by code point.
const LATIN_LETTERS_AND_DIGITS = String.raw`A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F`;
const LATIN_MARKS = String.raw`\u0300-\u036F`;
const LATIN_TEXT = String.raw`\u0000-\u007F\u00A0\u00AB\u00BB\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u2000-\u206F`;
const NOT_LATIN = new RegExp(`[^${LATIN_TEXT}]`);
// eslint-disable-next-line no-misleading-character-class -- the accents are meant one by one, as \p{M} takes them
const NOT_LATIN_OR_ACCENT = new RegExp(`[^${LATIN_TEXT}${LATIN_MARKS}]`);
const ACCENTS = new RegExp(`[${LATIN_MARKS}]+`, 'g');

const LETTERS_AND_DIGITS = String.raw`\p{L}\p{N}`;
/** A word: `letters` (letters and digits), possibly joined by `apostrophes` (don't, o'clock, Ushakov's). */
const wordSource = (letters: string, apostrophes = "'"): string => `[${letters}]+(?:[${apostrophes}][${letters}]+)*`;
// Words as written, for highlighting, are joined by the apostrophes that fold to ': the curly
// ones, and \uFF07, the fullwidth one, which NFKD makes ': so that a word the index joins is one
// word to highlight too. ʼ and ＇ are not Latin. Marks belong to such words.
const APOSTROPHES = String.raw`'${CURLY}\uFF07`;
const LATIN_APOSTROPHES = String.raw`'\u2019\u2018`;
const LATIN_FOLDED_WORD = new RegExp(wordSource(LATIN_LETTERS_AND_DIGITS), 'g');
const LATIN_ORIGINAL_WORD = new RegExp(wordSource(LATIN_LETTERS_AND_DIGITS + LATIN_MARKS, LATIN_APOSTROPHES), 'g');
const ASCII_WORD_CHARACTER = /[A-Za-z0-9]/;
const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** The RegExps of the Unicode classes, each made when first needed. */
const unicode: { marks?: RegExp; foldedWord?: RegExp; originalWord?: RegExp; wordCharacter?: RegExp } = {};
const isWordCharacter = (character: string): boolean =>
  character < '\u0080' ? ASCII_WORD_CHARACTER.test(character) : (unicode.wordCharacter ??= /[\p{L}\p{N}]/u).test(character);

/** Lower case without accents (NFKD, marks removed), curly apostrophes made straight. */
export function fold(text: string): string {
  if (!NOT_ASCII.test(text)) return text.toLowerCase();
  const decomposed = text.normalize('NFKD');
  // \u03C2 is ς, the final sigma, folded to σ.
  const plain = NOT_LATIN_OR_ACCENT.test(decomposed)
    ? decomposed.replace((unicode.marks ??= /\p{M}+/gu), '').toLowerCase().replace(/\u03C2/g, 'σ')
    : decomposed.replace(ACCENTS, '').toLowerCase();
  return plain.replace(CURLY_APOSTROPHES, "'");
}

/** What finds the words of folded text: Unicode's letters and digits, as ranges where they are Latin. */
function foldedWordsOf(folded: string): RegExp {
  return NOT_LATIN.test(folded) ? (unicode.foldedWord ??= new RegExp(wordSource(LETTERS_AND_DIGITS), 'gu')) : LATIN_FOLDED_WORD;
}

/**
 * What finds the words of text as written, for highlighting: marks belong to them, so the text
 * is Latin only if its accents are too (folding has not removed them).
 */
function originalWordsOf(text: string): RegExp {
  return NOT_LATIN_OR_ACCENT.test(text) ? (unicode.originalWord ??= new RegExp(wordSource(String.raw`\p{L}\p{N}\p{M}`, APOSTROPHES), 'gu')) : LATIN_ORIGINAL_WORD;
}

/** One folded word's term: a possessive 's is dropped, other apostrophes closed up (don't → dont). */
function termOf(word: string): string {
  let term = word;
  if (term.includes("'")) term = term.replace(/'s$/, '').replace(/'/g, '');
  if (term.length > MAX_TERM_LENGTH) term = [...term].slice(0, MAX_TERM_LENGTH).join('');
  return term;
}

/**
 * The terms of a text that a query finds, in order: terms(text) less the others, which are
 * never made. A term begins as its word does (termOf drops only apostrophes, a final 's and
 * the end of a long one), and a query word finds only terms that begin with it; so only the
 * words that begin with a query word's first letter are matched (wordsBeginningAsOf). For a
 * common word such as "the", every piece of an article holds it, and making every term of
 * every piece was most of a search's work on the ten articles shown.
 */
export function termsFound(text: string, words: readonly QueryWord[]): string[] {
  const folded = fold(text);
  const found = folded.match(wordsBeginningAsOf(words, !NOT_LATIN.test(folded)));
  if (!found) return [];
  const out: string[] = [];
  for (const word of found) {
    const term = termOf(word);
    if (term !== '' && words.some((queryWord) => matchesWord(term, queryWord))) out.push(term);
  }
  return out;
}

/**
 * By the first letters of the query's words, each once and sorted, as \u{…} escapes, and whether
 * for Latin text. A command makes one or two; a long browse session one per new query, so the
 * map is emptied now and then rather than holding a compiled RegExp for every one.
 */
const wordsBeginningAs = new Map<string, RegExp>();
const WORDS_BEGINNING_AS_KEPT = 64;

/**
 * The words of folded text (foldedWordsOf), only those that begin with one of the query words'
 * first letters. A word begins where a letter or digit follows neither a letter or digit nor an
 * apostrophe after one: a word takes in every letter and digit, and an apostrophe joins the two
 * it stands between.
 */
function wordsBeginningAsOf(words: readonly QueryWord[], latin: boolean): RegExp {
  const firsts = [...new Set(words.map((word) => `\\u{${(word.term.codePointAt(0) ?? 0).toString(16)}}`))].sort().join('');
  const key = `${latin ? 'latin' : 'unicode'} ${firsts}`;
  let made = wordsBeginningAs.get(key);
  if (made === undefined) {
    const letters = latin ? LATIN_LETTERS_AND_DIGITS : LETTERS_AND_DIGITS;
    // The first letter is looked at before what comes before it: it rules out most places at once.
    made = new RegExp(`(?=[${firsts}])(?<![${letters}]|[${letters}]')${wordSource(letters)}`, 'gu');
    if (wordsBeginningAs.size >= WORDS_BEGINNING_AS_KEPT) wordsBeginningAs.clear();
    wordsBeginningAs.set(key, made);
  }
  return made;
}

/** The first UTF-16 unit of each query word: every term the query finds begins with one of them. */
function firstUnits(words: readonly QueryWord[]): number[] {
  return words.map((word) => word.term.charCodeAt(0));
}

/** The terms of a text, in order, for the index. */
export function terms(text: string): string[] {
  const folded = fold(text);
  const words = folded.match(foldedWordsOf(folded));
  if (!words) return [];
  const out: string[] = [];
  for (const word of words) {
    const term = termOf(word);
    if (term !== '') out.push(term);
  }
  return out;
}

export interface WordSpan {
  start: number;
  end: number;
  terms: string[];
}

/** About how long a piece of text is that piecesThatMayHold cuts. */
export const PIECE_LENGTH = 400;
const WHITE_SPACE = /\s/g;

/**
 * The pieces of `text`, cut at white space, that could hold a word the query finds, with where
 * each starts: those whose folded text, apostrophes removed, holds one of its words. A term is
 * a piece of its word's folded text without apostrophes (termOf drops nothing else but a final
 * "s" and the end of a long one), words hold no white space, and a query word finds only terms
 * that begin with it; so the words of the other pieces are never found, and a long article's
 * text need not be split into words to learn that.
 */
export function piecesThatMayHold(text: string, words: readonly QueryWord[], pieceLength = PIECE_LENGTH): { start: number; text: string }[] {
  // At least one character a piece, so that every piece moves on.
  const length = Math.max(1, Math.floor(pieceLength) || 1);
  const pieces: { start: number; text: string }[] = [];
  for (let start = 0; start < text.length; ) {
    WHITE_SPACE.lastIndex = start + length;
    const end = start + length >= text.length ? text.length : (WHITE_SPACE.exec(text)?.index ?? text.length);
    const piece = text.slice(start, end);
    const folded = fold(piece).replace(/'/g, '');
    if (words.some((word) => folded.includes(word.term))) pieces.push({ start, text: piece });
    start = end;
  }
  return pieces;
}

/**
 * Every word of a text with where it is, for highlighting. Given the query's `words`, the
 * spans of ASCII words that none of them can find (see termsFound) may be left out.
 */
export function wordSpans(text: string, words?: readonly QueryWord[]): WordSpan[] {
  const firsts = words && firstUnits(words);
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(originalWordsOf(text))) {
    // A word's terms are those terms() finds in it: folding may split it (½ → 1, 2; an accent
    // between two apostrophes folds away and leaves them side by side). A word of ASCII letters
    // and digits is its own one term, lower-cased (cut as termOf cuts): most words of most
    // articles, each of which would be folded and matched again.
    const word = match[0];
    let found: string[];
    if (ASCII_WORD.test(word)) {
      const first = word.charCodeAt(0);
      if (firsts && !firsts.includes(first >= 0x41 && first <= 0x5a ? first + 0x20 : first)) continue;
      found = [word.toLowerCase().slice(0, MAX_TERM_LENGTH)];
    } else {
      found = terms(word);
    }
    if (found.length > 0) spans.push({ start: match.index, end: match.index + match[0].length, terms: found });
  }
  return spans;
}

/** A word of the query. From three letters on it also finds the words it begins ("harb" → harbour). */
export interface QueryWord {
  term: string;
  prefix: boolean;
}

export const MIN_PREFIX_LENGTH = 3;

/** The words of a query, each once, in the order given. Empty when there is nothing to look for. */
export function parseQuery(words: readonly string[]): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const term of terms(words.join(' '))) {
    if (seen.has(term)) continue;
    seen.add(term);
    out.push({ term, prefix: term.length >= MIN_PREFIX_LENGTH });
  }
  return out;
}

/** Whether a term is found by a query word: exactly, or (long enough words) by its beginning. */
export function matchesWord(term: string, word: QueryWord): boolean {
  return term === word.term || (word.prefix && term.startsWith(word.term));
}

/**
 * How many times the link pass runs: Markdown has no link in a link, so an image in a link, two
 * passes, is the deepest that means anything; the rest is room for brackets written loosely.
 */
const MOST_NESTED_LINKS = 4;

/** A table's delimiter row: cells of dashes, each with a colon or none at either end. */
const TABLE_RULE = /^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$/gm;

/**
 * Markdown reduced to the words a reader sees: block markers, link targets, HTML tags and
 * emphasis marks removed, escapes and entities resolved, white space collapsed. Not a Markdown
 * parser; it only has to be good enough for the index and for snippets.
 */
export function plainText(markdown: string): string {
  // What the reader is shown: an escape sequence in the file (`\e[31mred`) is not part of a word.
  const text = sanitizeText(markdown);
  // Code is read as written (`_start`, `x * 2`): fenced blocks apart, as they are; spans with
  // the marks in them hidden from the passes below, and given back after.
  if (!text.includes('```') && !text.includes('~~~')) return text.includes('`') ? showCode(prose(hideCodeSpans(text))) : prose(text);
  return fencedApart(text)
    .map(({ code, text: piece }) => (code ? piece : showCode(prose(hideCodeSpans(piece)))))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text and fenced code blocks, in order: a fence line opens a block and the next one closes it; the fence lines go. */
export function fencedApart(text: string): { code: boolean; text: string }[] {
  const pieces: { code: boolean; text: string }[] = [];
  let code = false;
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    if (/^ {0,3}(?:`{3,}|~{3,})/.test(line)) {
      pieces.push({ code, text: lines.join('\n') });
      lines = [];
      code = !code;
    } else {
      lines.push(line);
    }
  }
  pieces.push({ code, text: lines.join('\n') });
  return pieces;
}

// What the passes read as Markdown, stood in for inside a code span by noncharacters, which
// sanitizeText has removed from the text.
const CODE_MARKS = '*_~`\\&<[]|';
const HIDDEN = /[\uFDE0-\uFDE9]/g;

/** Code spans' text, their backticks gone and what the passes would take for Markdown hidden. */
export function hideCodeSpans(text: string): string {
  // Within a paragraph, and a thousand characters: a stray backtick does not open a span that
  // runs to the next one pages on, and a page of backtick runs of every length, each looking
  // for its match, costs at most that much a run.
  return text.replace(/(?<!`)(`+)(?!`)((?:[^\n]|\n(?![ \t]*\n)){0,1000}?[^`\n])\1(?!`)/g, (_, _ticks: string, code: string) => code.replace(/[*_~`\\&<[\]|]/g, (mark) => String.fromCharCode(0xfde0 + CODE_MARKS.indexOf(mark))));
}

/** What hideCodeSpans hid, given back. */
export function showCode(text: string): string {
  return text.replace(HIDDEN, (hidden) => CODE_MARKS[hidden.charCodeAt(0) - 0xfde0] as string);
}

/** Markdown outside code reduced to its words (plainText). */
function prose(markdown: string): string {
  // A pass is made only over text that has what it looks for (a link "](", a tag "<", an escape
  // "\\", an entity "&"): each pass is a scan of the whole text, and a RegExp is compiled the
  // first time it runs, in every process.
  let text = markdown;
  text = text.replace(/^[ \t]*(?:(?:#{1,6}|>|[-*+]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*)+/gm, '');
  // A table: its rule under the heads goes, and in its rows (lines that open with a bar) the
  // bars between cells are spaces. A bar elsewhere, in an address or in code, is text.
  if (text.includes('|')) text = text.replace(TABLE_RULE, ' ').replace(/^[ \t]*\|.*$/gm, (row) => row.replace(/(?<!\\)\|/g, ' '));
  // Innermost first, again while any is left: a linked image, [![alt](src)](href), is a link
  // around an image, and the one pass that took the image left the link's address as words.
  for (let pass = 0; pass < MOST_NESTED_LINKS && text.includes(']('); pass++) {
    const next = text.replace(/!?\[([^[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)/g, '$1');
    if (next === text) break;
    text = next;
  }
  // A tag or autolink, not one whose < is escaped: "\\<b>" is the text <b>.
  if (text.includes('<')) text = text.replace(/(?<!\\)<(https?:\/\/[^<>\s]+)>/g, '$1').replace(/(?<!\\)<\/?[A-Za-z][^<>\n]*>/g, ' ');
  // Emphasis and code marks go; underscores inside a word (snake_case) stay.
  text = text.replace(/(?<!\\)[*_~`]+/g, (run: string, at: number, whole: string) =>
    /^_+$/.test(run) && isWordCharacter(whole[at - 1] ?? '') && isWordCharacter(whole[at + run.length] ?? '') ? run : '',
  );
  if (text.includes('\\')) text = text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  if (text.includes('&')) text = decodeEntities(text);
  return text.replace(/\s+/g, ' ').trim();
}
