import { assembleLines, HARD_BREAK, inline, isPlainMarkdown, MARGIN_END, quoteLine, renderPlainMarkdown, subheading, type MarkdownRenderer } from './blocks.js';
import type { Styles } from './styles.js';
import { sanitizeText, stripStyling } from './text.js';

/**
 * The Markdown that web articles are made of, rendered without marked: paragraphs with
 * emphasis, strong, code spans, links, images and autolinks, backslash escapes and hard breaks;
 * lists (not nested), block quotes of paragraphs, rules and headings. Measured on the
 * extraction corpus, that is what nearly every fetched article holds; loading and running
 * marked for it costs more than the rest of `news read`.
 *
 * Its output is what render/markdown.ts gives through marked (a differential test holds them
 * equal). It does not try to be a Markdown parser: wherever marked's rules are subtle (runs of
 * three delimiters, intraword emphasis, lazy continuation lines, entities, bare URLs, HTML,
 * tables, code blocks, nested lists, reference links…) it answers undefined, and the caller
 * renders that part with marked.
 */

type Block = string; // rendered, as the marked renderers in render/markdown.ts return it

const BLANK = /^ *$/;
const RULE = /^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$/;
const HEADING = /^(#{1,6})[ \t]+(\S.*)$/;
const BULLET_ITEM = /^([-+*]) (?=\S)/;
const ORDERED_ITEM = /^(\d{1,9})([.)]) (?=\S)/;
// What may start a block inside a paragraph, or make it something else (a setext heading, a
// table): marked's rules there are its own, so such a paragraph is left to marked.
const INTERRUPTS = /^(?:\s|[-+*][ \t]|\d{1,9}[.)][ \t]|#|>|=+[ \t]*$|[-:| \t]*-[-:| \t]*$|```|~~~|<|\[[^\]]*\]:|\|)/;
// What the first line of a paragraph may not start with.
const NOT_PARAGRAPH = /^(?:\s|```|~~~|<(?!https?:\/\/[^\s<>]*>)|\[[^\]]*\]:|\||=+[ \t]*$|[-+*](?:[ \t]|$)|[>#]|\d{1,9}[.)])/;

/**
 * A renderer for the article's parts (lede, sections) when every part is plain or in the
 * subset this module renders; undefined when any needs marked. Each part is parsed once here.
 */
export function fastRenderer(parts: readonly string[], styles: Styles): MarkdownRenderer | undefined {
  const rendered = new Map<string, string | undefined>();
  // The plain parts of a short article go through here too (and, should one not, through
  // renderPlainMarkdown): the first run of `news read` writes the code cache, and a plain
  // article would otherwise leave this module out of it, for every formatted article after to
  // compile again. A long article's plain parts take the quicker way.
  const short = parts.reduce((length, part) => length + part.length, 0) < 200_000;
  for (const part of parts) {
    if (rendered.has(part) || part.trim() === '') continue;
    if (!short && isPlainMarkdown(part)) continue;
    const blocks = renderFastMarkdown(part, styles);
    if (blocks === undefined && !isPlainMarkdown(part)) return undefined;
    rendered.set(part, blocks);
  }
  return (markdown, width) => {
    if (markdown.trim() === '') return [];
    const blocks = rendered.get(markdown);
    return blocks === undefined ? renderPlainMarkdown(markdown, width) : assembleLines(blocks, width);
  };
}

/** Lines, as renderMarkdown gives them, or undefined when the Markdown needs marked. */
export function renderFast(markdown: string, width: number, styles: Styles): string[] | undefined {
  if (markdown.trim() === '') return [];
  const blocks = renderFastMarkdown(markdown, styles);
  return blocks === undefined ? undefined : assembleLines(blocks, width);
}

/** The Markdown rendered to marked's block output (before wrapping), or undefined. */
export function renderFastMarkdown(markdown: string, styles: Styles): string | undefined {
  const lines = sanitizeText(markdown).split('\n');
  const out: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (BLANK.test(line)) {
      index++;
      continue;
    }
    let end = index;
    while (end < lines.length && !BLANK.test(lines[end] ?? '')) end++;
    const chunk = lines.slice(index, end);
    if (!RULE.test(line) && (BULLET_ITEM.test(line) || ORDERED_ITEM.test(line))) {
      // A list runs on over blank lines while the items keep the same marker (a loose list).
      const items: string[] = [];
      const marker = listMarker(line);
      let next = index;
      for (;;) {
        let stop = next;
        while (stop < lines.length && !BLANK.test(lines[stop] ?? '')) stop++;
        const part = lines.slice(next, stop);
        if (part.some((item) => RULE.test(item) || listMarker(item) !== marker)) {
          if (next === index) return undefined;
          break;
        }
        items.push(...part);
        next = stop;
        while (next < lines.length && BLANK.test(lines[next] ?? '')) next++;
        if (next >= lines.length || RULE.test(lines[next] ?? '') || listMarker(lines[next] ?? '') !== marker) break;
      }
      const list = renderList(items, marker.length > 1, styles);
      if (list === undefined) return undefined;
      out.push(list);
      index = next;
      continue;
    }
    const block = renderBlock(chunk, styles);
    if (block === undefined) return undefined;
    out.push(block);
    index = end;
  }
  return out.join('');
}

/** The marker that continues a list: a bullet character, or an ordered list's delimiter. */
function listMarker(line: string): string {
  const bullet = BULLET_ITEM.exec(line);
  if (bullet) return bullet[1] ?? '';
  const ordered = ORDERED_ITEM.exec(line);
  return ordered ? `1${ordered[2] ?? ''}` : '';
}

function renderBlock(chunk: string[], styles: Styles): Block | undefined {
  const first = chunk[0] ?? '';
  const c = styles;
  if (RULE.test(first)) return chunk.length === 1 ? `${MARGIN_END}${c.dim('* * *')}\n\n` : undefined;
  if (first.startsWith('#')) {
    const heading = HEADING.exec(first);
    if (!heading || chunk.length > 1 || (heading[2] ?? '').includes('#')) return undefined;
    const text = renderInline((heading[2] ?? '').trim(), styles);
    return text === undefined ? undefined : subheading(inline(text), c);
  }
  if (first.startsWith('>')) {
    if (!chunk.every((line) => line.startsWith('>'))) return undefined;
    return renderQuote(chunk.map((line) => line.replace(/^> ?/, '')), styles);
  }
  const paragraph = renderParagraph(chunk, styles);
  return paragraph === undefined ? undefined : `${MARGIN_END}${inline(paragraph)}\n\n`;
}

/** A block quote of paragraphs, as render/markdown.ts's blockquote renderer sets it. */
function renderQuote(lines: string[], styles: Styles): Block | undefined {
  const c = styles;
  const paragraphs: string[] = [];
  let start = 0;
  for (let index = 0; index <= lines.length; index++) {
    if (index < lines.length && !BLANK.test(lines[index] ?? '')) continue;
    if (index > start) {
      const paragraph = renderParagraph(lines.slice(start, index), styles);
      if (paragraph === undefined) return undefined;
      paragraphs.push(`${MARGIN_END}${inline(paragraph)}\n\n`);
    }
    start = index + 1;
  }
  if (paragraphs.length === 0) return undefined;
  const bar = c.dim('\u2502 ');
  return `${paragraphs
    .join('')
    .trim()
    .split('\n')
    .map((line) => quoteLine(line, bar, c.italic))
    .join('\n')}\n\n`;
}

/**
 * A list of one-line items, as render/markdown.ts's list renderer sets it: indented two spaces,
 * "* " for bullets, numbers counted on from the first item's, as CommonMark counts them.
 */
function renderList(items: string[], ordered: boolean, styles: Styles): Block | undefined {
  const lines: string[] = [];
  const start = ordered ? Number(ORDERED_ITEM.exec(items[0] ?? '')?.[1] ?? 1) : 1;
  for (const [index, item] of items.entries()) {
    const content = item.replace(ordered ? ORDERED_ITEM : BULLET_ITEM, '');
    // marked sets an item that ends in spaces with blank lines after it.
    if (/\s$/.test(content)) return undefined;
    // An item that starts with block syntax (a nested list, a quote, code…) is marked's.
    if (NOT_PARAGRAPH.test(content) || RULE.test(content)) return undefined;
    const text = renderParagraph([content], styles);
    if (text === undefined) return undefined;
    const body = inline(text);
    if (body.includes('\n')) return undefined;
    lines.push(`  ${ordered ? `${start + index}.` : '*'} ${MARGIN_END}${body}`);
  }
  return `${lines.join('\n')}\n\n`;
}

function renderParagraph(lines: string[], styles: Styles): string | undefined {
  if (NOT_PARAGRAPH.test(lines[0] ?? '') || RULE.test(lines[0] ?? '')) return undefined;
  for (let index = 1; index < lines.length; index++) if (INTERRUPTS.test(lines[index] ?? '') || RULE.test(lines[index] ?? '')) return undefined;
  const text = lines.join('\n');
  if (/\\\n|\\$/.test(text)) return undefined;
  return renderInline(text.replace(/ +$/, ''), styles);
}

// --- inline --------------------------------------------------------------------------------

// Text marked reads as something this module does not render: entities, bare URLs and e-mail
// addresses (GFM autolinks), strikethrough, HTML. Its letters' cases are spelt out: V8 takes
// twice as long to compile the same RegExp with the i flag, on every start.
const UNHANDLED_TEXT = /&[#a-zA-Z0-9]+;|(?:[fF][tT][pP]|[hH][tT][tT][pP][sS]?):\/\/|[wW][wW][wW]\.|[\w.+-]@[\w-]+\.\w|~|</;
// Inside a link's text marked looks for no autolinks.
const UNHANDLED_LINK_TEXT = /&[#a-zA-Z0-9]+;|~|</;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const DESTINATION = /[^\s<>"'\\]*/y;
// Where inline syntax may start: everything else is text.
const SYNTAX = /[\\`*_<![]| {2,}\n/g;
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^\s<>&]*)>/iy;

/** A run of `*` or `_`, and whether it may open or close emphasis (a `_` inside a word may do neither). */
interface DelimiterRun {
  index: number; // in pieces
  char: string;
  length: number;
  open: boolean;
  close: boolean;
}

/**
 * Inline Markdown → styled text, or undefined. Code spans, escapes, links, images and autolinks
 * are read first, left to right; emphasis is then matched between the delimiter runs left in
 * the text, as CommonMark does, but only where the match is unambiguous.
 */
export function renderInline(source: string, styles: Styles, inLink = false): string | undefined {
  const c = styles;
  const pieces: string[] = [];
  const runs: DelimiterRun[] = [];
  let text = '';
  const flush = (): boolean => {
    if (text === '') return true;
    if ((inLink ? UNHANDLED_LINK_TEXT : UNHANDLED_TEXT).test(text)) return false;
    pieces.push(text);
    text = '';
    return true;
  };
  let index = 0;
  while (index < source.length) {
    // Text up to the next character that may be syntax, in one piece: a loop per character
    // costs a cold start more than the rest of the rendering.
    SYNTAX.lastIndex = index;
    const found = SYNTAX.exec(source);
    const plainEnd = found ? found.index : source.length;
    if (plainEnd > index) {
      text += source.slice(index, plainEnd);
      index = plainEnd;
      if (index >= source.length) break;
    }
    const char = source[index] ?? '';
    if (char === '\\') {
      const next = source[index + 1] ?? '';
      if (ASCII_PUNCTUATION.test(next)) {
        if (!flush()) return undefined;
        pieces.push(next);
        index += 2;
      } else {
        text += char;
        index++;
      }
      continue;
    }
    if (char === '`') {
      const run = runLength(source, index);
      const close = findCodeClose(source, index + run, run);
      if (run > 2 || close === -1) return undefined;
      if (!flush()) return undefined;
      pieces.push(c.yellow(sanitizeText(codeText(source.slice(index + run, close)))));
      index = close + run;
      continue;
    }
    if (char === '*' || char === '_') {
      const run = char.repeat(runLength(source, index));
      if (run.length > 2) return undefined;
      const before = index === 0 ? ' ' : characterBefore(source, index);
      const after = String.fromCodePoint(source.codePointAt(index + run.length) ?? 32);
      if (!plainNeighbour(before) || !plainNeighbour(after)) return undefined;
      // marked classes what stands beside `_` its own way, outside ASCII.
      if (char === '_' && (unicodePunctuation(before) || unicodePunctuation(after))) return undefined;
      if (!flush()) return undefined;
      const left = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before));
      const right = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after));
      const open = char === '*' ? left : left && (!right || isPunctuation(before));
      const closeHere = char === '*' ? right : right && (!left || isPunctuation(after));
      runs.push({ index: pieces.length, char, length: run.length, open, close: closeHere });
      pieces.push(run);
      index += run.length;
      continue;
    }
    if (char === '<') {
      AUTOLINK.lastIndex = index;
      const autolink = AUTOLINK.exec(source);
      if (!autolink || inLink || /^mailto:/i.test(autolink[1] ?? '')) return undefined;
      if (!flush()) return undefined;
      const href = autolink[1] ?? '';
      pieces.push(c.underline(href));
      index += autolink[0].length;
      continue;
    }
    if (char === '[' || (char === '!' && source[index + 1] === '[')) {
      const image = char === '!';
      const link = readLink(source, image ? index + 1 : index);
      if (link === undefined) return undefined;
      if (link === 'text') {
        text += image ? '![' : '[';
        index += image ? 2 : 1;
        continue;
      }
      if (inLink && !image) return undefined;
      if (!flush()) return undefined;
      if (image) {
        if (/[\\[\]&`\n]/.test(link.text)) return undefined;
        const alt = link.text || 'image';
        pieces.push(`${c.dim('[image: ')}${alt}${c.dim(`] (${c.underline(link.href)})`)}`);
      } else {
        const inner = renderInline(link.text, styles, true);
        if (inner === undefined || inner === '') return undefined;
        const shown = stripStyling(inner);
        const href = link.href;
        pieces.push(shown === href || shown === href.replace(/^(?:https?:\/\/|mailto:)/, '') ? c.underline(inner) : `${inner} ${c.dim(`(${c.underline(href)})`)}`);
      }
      index = link.end;
      continue;
    }
    if (char === ' ' && /^ {2,}\n/.test(source.slice(index, index + 80))) {
      // Two spaces or more at the end of a line (outside code): a hard break.
      text = text.replace(/ +$/, '');
      if (!flush()) return undefined;
      pieces.push(HARD_BREAK);
      index = source.indexOf('\n', index) + 1;
      continue;
    }
    text += char;
    index++;
  }
  if (!flush()) return undefined;
  return applyEmphasis(pieces, runs, styles);
}

/** How many times the character at `index` repeats from there. */
function runLength(source: string, index: number): number {
  let end = index;
  while (source[end] === source[index]) end++;
  return end - index;
}

function findCodeClose(source: string, from: number, length: number): number {
  for (let at = source.indexOf('`', from); at !== -1; at = source.indexOf('`', at)) {
    let end = at;
    while (source[end] === '`') end++;
    if (end - at === length) return at;
    at = end;
  }
  return -1;
}

/** A code span's text as marked gives it: line ends are spaces, one space each side goes. */
function codeText(raw: string): string {
  const text = raw.replace(/\n/g, ' ');
  if (/^ .*[^ ].* $/.test(text)) return text.slice(1, -1);
  return text;
}

/**
 * `[text](destination)` from `open` (the bracket): the text has no brackets of its own, the
 * destination no spaces, quotes (a title), escapes or angle brackets, and its parentheses balance.
 */
function readLink(source: string, open: number): { text: string; href: string; end: number } | 'text' | undefined {
  const close = closingBracket(source, open);
  if (close === UNSURE) return undefined;
  // Brackets that make no link are text, as marked reads them when there are no reference
  // definitions (a paragraph that may hold one is left to marked).
  if (close === NO_LINK || source[close + 1] !== '(') return 'text';
  const text = source.slice(open + 1, close);
  // The destination ends at its first unbalanced ")", within the characters it may hold.
  DESTINATION.lastIndex = close + 2;
  const limit = close + 2 + (DESTINATION.exec(source)?.[0].length ?? 0);
  let depth = 0;
  for (let at = close + 2; at < limit; at++) {
    const code = source.charCodeAt(at);
    if (code === 0x28) depth++;
    else if (code === 0x29) {
      if (depth === 0) {
        const href = source.slice(close + 2, at);
        return href === '' || /&[#a-z0-9]+;/i.test(href) ? undefined : { text, href, end: at + 1 };
      }
      depth--;
    }
  }
  return undefined;
}

const NO_LINK = -1;
const UNSURE = -2;

/**
 * The bracket that closes the one at `open`: escaped brackets and those in code spans are text,
 * one level of brackets may nest. NO_LINK when none closes it, UNSURE where marked's rules are
 * its own (deeper nesting, longer code spans).
 */
function closingBracket(source: string, open: number): number {
  let depth = 0;
  for (let at = open + 1; at < source.length; at++) {
    const char = source[at];
    if (char === '\\') {
      at++;
    } else if (char === '`') {
      if (source[at + 1] === '`') return UNSURE;
      const end = source.indexOf('`', at + 1);
      if (end === -1 || source[end + 1] === '`') return UNSURE;
      at = end;
    } else if (char === '[') {
      if (++depth > 1) return UNSURE;
    } else if (char === ']') {
      if (depth === 0) return at;
      depth--;
    }
  }
  return NO_LINK;
}

/**
 * Pairs each closing run with the nearest opening run of the same character and length; any
 * other shape (runs of different lengths meeting, a run left open, crossed pairs) is marked's.
 * So are those where marked, which looks for a closer from each opener, reads them otherwise:
 * - a run that may open or close, between an opener and its closer, when the two runs' lengths
 *   add up to three: marked counts it towards neither (CommonMark's "rule of 3", applied to
 *   every run on the way), so `**a *b*c**` is no strong for marked;
 * - a pair with other runs inside, one of whose ends may open or close (`.**` then `*a*` then
 *   `**(`): marked's count of the runs between has been seen to differ;
 * - a `_` run between the two `*` of a pair: marked passes over a `*` between two `__` (even
 *   `__` inside a word) when it looks for the one that closes a `*`.
 */
function applyEmphasis(pieces: string[], runs: DelimiterRun[], styles: Styles): string | undefined {
  const stack: DelimiterRun[] = [];
  const pairs: Array<[DelimiterRun, DelimiterRun]> = [];
  for (const run of runs) {
    if (!run.open && !run.close) continue;
    const opener = stack.at(-1);
    if (run.close && opener !== undefined) {
      if (opener.char !== run.char || opener.length !== run.length) return undefined;
      stack.pop();
      pairs.push([opener, run]);
    } else if (run.open) {
      stack.push(run);
    } else {
      return undefined;
    }
  }
  if (stack.length > 0) return undefined;
  if (pairs.length === 0) return pieces.join('');
  for (const [opener, closer] of pairs) {
    const eitherEnd = (opener.open && opener.close) || (closer.open && closer.close);
    for (const run of runs) {
      if (run.index <= opener.index || run.index >= closer.index) continue;
      if (eitherEnd || (run.open && run.close && (opener.length + run.length) % 3 === 0)) return undefined;
      if (opener.char === '*' && run.char === '_') return undefined;
    }
  }
  // Pairs nest (a stack matched them), so each is rendered from the inside out.
  const opens = new Map<number, DelimiterRun>();
  const closes = new Map<number, DelimiterRun>();
  for (const [opener, closer] of pairs) {
    if (closer.index === opener.index + 1) return undefined; // empty emphasis is literal in marked
    opens.set(opener.index, closer);
    closes.set(closer.index, opener);
  }
  const frames: string[][] = [[]];
  for (const [index, piece] of pieces.entries()) {
    if (opens.has(index)) {
      frames.push([]);
      continue;
    }
    const opener = closes.get(index);
    if (opener) {
      const inner = (frames.pop() ?? []).join('');
      frames.at(-1)?.push(opener.length === 2 ? styles.bold(inner) : styles.italic(inner));
      continue;
    }
    frames.at(-1)?.push(piece);
  }
  return frames[0]?.join('');
}

const isSpace = (char: string): boolean => /\s/.test(char);
// As marked counts punctuation beside a delimiter run: ASCII punctuation, and Unicode's
// punctuation and symbols (dashes, curly quotes, emoji).
// (ASCII is settled without the Unicode sets, which V8 builds when the RegExp first runs.)
const isPunctuation = (char: string): boolean => (char <= '\u007E' ? ASCII_PUNCTUATION.test(char) : /[\p{P}\p{S}]/u.test(char));
// Characters whose class (space, punctuation, other) is clear; beside anything else (a space
// other than ASCII's, a mark, a joiner) emphasis is left to marked.
// So is a character outside the BMP (an emoji): marked looks at half of it.
const plainNeighbour = (char: string): boolean => char <= '\u007E' || (char.length === 1 && /[\p{L}\p{N}\p{P}\p{S}]/u.test(char));

const unicodePunctuation = (char: string): boolean => char > '\u007E' && /[\p{P}\p{S}]/u.test(char);

function characterBefore(source: string, index: number): string {
  const low = source.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? source.slice(index - 2, index) : (source[index - 1] ?? ' ');
}
