import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';

/**
 * Article text is untrusted. These are the characters that could drive the terminal rather than
 * be read: C0 controls (tab and newline are handled by callers), DEL, C1 controls (0x9B is an
 * 8-bit CSI), and the bidirectional overrides and isolates that make text display in an order
 * other than the one it is stored in. Also the soft hyphen: pages put it inside words
 * ("Vladi\u00ADmir"), where it hides them from search, and terminals disagree on its width
 * (string-width counts none, wcwidth one), which could make a line one column too wide.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]/g;

// Whole escape sequences, so that none of their parameters are left behind as visible junk
// ("[2J", "]0;title"): CSI (7-bit and 8-bit), OSC/DCS/APC/PM/SOS strings up to BEL or ST,
// and two-character escapes.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]?|(?:\u001B[\]PX^_]|[\u0090\u0098\u009D-\u009F])[^\u0007\u001B\u009C\n]*(?:\u0007|\u001B\\|\u009C)?|\u001B[ -~]?/g;

// Anything sanitizing would change; most text has none, and is returned as it is.
// eslint-disable-next-line no-control-regex
const NEEDS_SANITIZING = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]/;

// The same without newline, which sanitizeText keeps: multi-line text (every paragraph of an
// article) went through all three replacements to come out as it went in.
// eslint-disable-next-line no-control-regex
const TEXT_NEEDS_SANITIZING = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/**
 * Tabs as spaces to the next stop of four, as Markdown counts them and code is laid out
 * (sanitizeText makes a tab four spaces wherever it stands, which breaks tab-aligned code).
 */
export function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  return text.replace(/^[^\t\n]*\t[^\n]*$/gm, (line) => {
    let out = '';
    for (const character of line) out += character === '\t' ? ' '.repeat(4 - (columns(out) % 4)) : character;
    return out;
  });
}

/** Removes anything that could act on the terminal, and turns tabs into spaces. */
export function sanitizeText(text: string): string {
  if (!TEXT_NEEDS_SANITIZING.test(text)) return text;
  return text.replace(/\t/g, '    ').replace(ESCAPE_SEQUENCE, '').replace(UNSAFE, '');
}

/**
 * For messages on stderr: they quote file names, slugs and what was typed, all untrusted, so
 * every escape sequence goes, colour included (messages are plain text); newlines stay.
 */
export function safeMessage(text: string): string {
  return text.includes('\n') ? text.split('\n').map(sanitizeText).join('\n') : sanitizeText(text);
}

/**
 * What the reader typed, quoted for a message: cut to `max` characters, with control and
 * bidi characters shown as \uXXXX so the reader sees what was really there.
 */
export function quoteTyped(text: string, max = 20): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text).replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (character) =>
    `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The same, for text that must stay on one line (titles, headings, list rows). */
export function sanitizeLine(text: string): string {
  if (!NEEDS_SANITIZING.test(text)) return text;
  return sanitizeText(text.replace(/\s*\r?\n\s*/g, ' '));
}

// The only escape sequences the reader writes itself: SGR styling (colour, bold, italic…).
const SGR = '\\u001B\\[[0-9;]*m';
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /\u001B\[[0-9;]*m|[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

/**
 * The last gate before the terminal: keeps our own SGR styling and newlines, removes every other
 * control character whatever produced it.
 */
export function keepOnlyStyling(rendered: string): string {
  // Plain output, most of all a long article piped, has nothing to remove: no copy of it is made.
  if (!HAS_CONTROL.test(rendered)) return rendered;
  return rendered.replace(ANY_CONTROL, (match) => (match.length > 1 ? match : ''));
}
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

const SGR_PATTERN = new RegExp(SGR, 'g');

export function stripStyling(text: string): string {
  return text.replace(SGR_PATTERN, '');
}

// Characters that are always one column: printable ASCII, Latin-1 and Latin Extended letters,
// the general punctuation of English text (curly quotes, dashes, ellipsis), and box drawing
// (the rules under headings, a quote's bar). Text made only of these is measured by its length,
// without the Unicode tables string-width needs.
const SINGLE_COLUMN = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u2500-\u257F]*$/;
// eslint-disable-next-line no-control-regex
const HAS_ESCAPE = /[\u001B\u009B]/;

/** Width in terminal columns: CJK and emoji count two, styling counts nothing. */
export function columns(text: string): number {
  const visible = HAS_ESCAPE.test(text) ? stripStyling(text) : text;
  if (SINGLE_COLUMN.test(visible)) return visible.length;
  return simpleColumns(visible) ?? stringWidth(visible);
}

/**
 * columns() of each text, and whether every text is one-column characters only. A list of
 * thousands usually is, and one RegExp pass over them all shows it: then each width is its
 * length, where measuring each text would cost as much as the rest of `news list`.
 */
export function columnsOfEach(texts: readonly string[]): { widths: number[]; singleColumn: boolean } {
  const all = texts.join('');
  if (!HAS_ESCAPE.test(all) && SINGLE_COLUMN.test(all)) return { widths: texts.map((text) => text.length), singleColumn: true };
  return { widths: texts.map(columns), singleColumn: false };
}

const SINGLE_COLUMN_CHARACTER = /[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u2500-\u257F]/;
const PRESENTATION_SELECTOR = 0xfe0f;
// V8 builds a RegExp's Unicode sets when it makes the RegExp, and \p{Cn} (every unassigned code
// point) takes ~0.25 ms, at every start; so these are made when text first needs them (\p{Emoji},
// the first of them a process makes, 75 µs; the next, 9 µs).
let emoji: RegExp | undefined;
let modifierBase: RegExp | undefined;
const isEmoji = (character: string): boolean => (emoji ??= /\p{Emoji}/u).test(character);
const isModifierBase = (character: string): boolean => (modifierBase ??= /\p{Emoji_Modifier_Base}/u).test(character);
let markOrFormat: RegExp | undefined;
const isMarkOrFormat = (character: string): boolean => (markOrFormat ??= /[\p{M}\p{Cf}\p{Cn}\p{Default_Ignorable_Code_Point}]/u).test(character);

/**
 * The width of text whose characters each stand alone: one-column text, wide CJK, and single
 * emoji (👍, or ❤ made an emoji by U+FE0F). Anything that joins characters into one (ZWJ
 * sequences, skin tones, flags, combining marks) returns undefined, for string-width to
 * measure: its emoji tables cost tens of milliseconds to load, and most text never needs them.
 */
function simpleColumns(text: string): number | undefined {
  let width = 0;
  for (let index = 0; index < text.length; index++) {
    const codePoint = text.codePointAt(index) ?? 0;
    if (codePoint > 0xffff) index++;
    const next = text.codePointAt(index + 1) ?? 0;
    if (codePoint <= 0xffff && SINGLE_COLUMN_CHARACTER.test(text[index] ?? '')) {
      if (joinsNext(next)) return undefined; // an accent, selector or skin tone joins it
      width += 1;
      continue;
    }
    if (next >= 0x1f3fb && next <= 0x1f3ff && isModifierBase(String.fromCodePoint(codePoint))) {
      // An emoji with a skin tone (👍🏽) is one two-column emoji, unless more is joined on.
      if (joinsNext(text.codePointAt(index + 3) ?? 0)) return undefined;
      width += 2;
      index += 2;
      continue;
    }
    if (joinsNext(next) && next !== PRESENTATION_SELECTOR) return undefined;
    if (codePoint >= 0x2600 && codePoint <= 0x27bf && next === PRESENTATION_SELECTOR && isEmoji(text[index] ?? '')) {
      if (joinsNext(text.codePointAt(index + 2) ?? 0)) return undefined;
      width += 2;
      index++;
      continue;
    }
    if (next === PRESENTATION_SELECTOR || (codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff)) return undefined;
    if (eastAsianWidth(codePoint) !== 2) {
      // A narrow character standing alone is one column: box drawing (a quote's │), arrows,
      // Greek, Cyrillic… Sent to string-width instead: controls, marks and other invisibles,
      // emoji, Hangul jamo (which combine into syllables), and anything joined to the next.
      if (!isNarrowAlone(codePoint, next)) return undefined;
      width += 1;
      continue;
    }
    if (codePoint < 0x1100) return undefined;
    // Wide but invisible (marks, fillers); none of those are among the emoji planes' pictographs.
    if (codePoint < 0x1f000 && isMarkOrFormat(String.fromCodePoint(codePoint))) return undefined;
    width += 2;
  }
  return width;
}

function isNarrowAlone(codePoint: number, next: number): boolean {
  if (codePoint < 0xa0 || (codePoint >= 0xd800 && codePoint <= 0xdfff) || joinsLikeJamo(codePoint) || JOINING_LETTERS.has(codePoint)) return false;
  const character = String.fromCodePoint(codePoint);
  if (isEmoji(character) || isMarkOrFormat(character)) return false;
  return next === 0 || !isMarkOrFormat(String.fromCodePoint(next));
}

/** Hangul jamo, which combine into syllables, and the Kirat Rai vowels that join them the same way. */
function joinsLikeJamo(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x11ff) ||
    (codePoint >= 0xa960 && codePoint <= 0xa97f) ||
    (codePoint >= 0xd7b0 && codePoint <= 0xd7ff) ||
    codePoint === 0x16d63 ||
    (codePoint >= 0x16d67 && codePoint <= 0x16d6a)
  );
}

// Letters that join a neighbour into one cluster: these join the character after them
// (Grapheme_Cluster_Break=Prepend), and Thai and Lao AM the one before (=SpacingMark). The
// other members of both classes are marks or format characters, which isMarkOrFormat refuses.
const JOINING_LETTERS = new Set([0x0d4e, 0x111c2, 0x111c3, 0x1193f, 0x11941, 0x11a3a, 0x11a84, 0x11a85, 0x11a86, 0x11a87, 0x11a88, 0x11a89, 0x11d46, 0x11f02, 0x113d1, 0x0e33, 0x0eb3]);

/** Characters that change or join the one before: ZWJ, selectors, skin tones, marks, keycaps, tags. */
function joinsNext(codePoint: number): boolean {
  return (
    codePoint === 0x200d ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    (codePoint >= 0x1f3fb && codePoint <= 0x1f3ff) ||
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    codePoint === 0x20e3 ||
    (codePoint >= 0xe0020 && codePoint <= 0xe007f) ||
    (codePoint >= 0x3099 && codePoint <= 0x309a)
  );
}

// eslint-disable-next-line no-control-regex
const STYLED_PIECES = /(\u001B\[[0-9;]*m)/;
const RESET = '\u001B[0m';

/**
 * Wraps one logical line to `width` columns, counting terminal columns. Words longer than the
 * line are broken between characters (graphemes), never inside one. Styling that is open at a
 * line break is closed at the end of the line and opened again on the next, so every line
 * stands alone (a pager or `head` never bleeds colour).
 */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  return !HAS_ESCAPE.test(text) && SINGLE_COLUMN.test(text) ? wrapSingleColumnText(text, limit) : wrapAnyText(text, limit);
}

/**
 * wrapText that keeps each of `whole` (commands to type, above all) on one line when it fits
 * on one: its spaces do not break while it is wrapped. One longer than a line breaks at its
 * spaces as any text does.
 */
export function wrapKeepingWhole(text: string, whole: readonly string[], width: number): string[] {
  let held = text;
  for (const part of whole) if (columns(part) <= width) held = held.replaceAll(part, part.replaceAll(' ', NO_BREAK));
  return wrapText(held, width).map((line) => line.replaceAll(NO_BREAK, ' '));
}
// One column, like the space it stands in for, and not a place wrapText breaks.
const NO_BREAK = '\u00A0';

/**
 * wrapText for text without styling whose every character is one column (most news text):
 * lengths are widths, and a word too long for a line is cut every `limit` characters. It gives
 * what wrapAnyText gives (a property test holds them equal) at a fraction of the cost, which
 * matters on a cold start, where every regular expression per word is paid for.
 */
export function wrapSingleColumnText(text: string, limit: number): string[] {
  const lines: string[] = [];
  // A line is kept as where it lies in the text while its words are one space apart, and made
  // a string of its own only when spaces between them fold into one. A slice is one object; a
  // line built word by word is a tree of them, and in a long article the collector copied every
  // node of every tree while the output was put together.
  let from = 0;
  let to = -1; // the line is text.slice(from, to), while to >= 0
  let built = ''; // else this
  let length = 0;
  const line = (): string => (to >= 0 ? text.slice(from, to) : built);
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf(' ', start);
    if (end === -1) end = text.length;
    const wordStart = start;
    start = end + 1;
    const wordLength = end - wordStart;
    if (wordLength === 0) continue;
    if (length > 0 && length + 1 + wordLength <= limit) {
      if (to >= 0 && wordStart === to + 1) {
        to = end;
      } else {
        built = `${line()} ${text.slice(wordStart, end)}`;
        to = -1;
      }
      length += 1 + wordLength;
      continue;
    }
    if (length > 0) lines.push(line());
    from = wordStart;
    to = end;
    length = wordLength;
    while (length > limit) {
      lines.push(text.slice(from, from + limit));
      from += limit;
      length -= limit;
    }
  }
  lines.push(length > 0 ? line() : '');
  return lines;
}

/** wrapText for any text: columns counted per grapheme, styling carried across line breaks. */
export function wrapAnyText(text: string, limit: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let styles: string[] = []; // SGR codes in effect since the last reset

  const addStyle = (code: string): void => {
    line += code;
    styles = applySgr(styles, code);
  };
  const breakLine = (): void => {
    lines.push(styles.length > 0 ? line + RESET : line);
    line = styles.join('');
    lineWidth = 0;
  };
  // Appends a word's characters and styling, breaking between graphemes when it is too long.
  const addPieces = (word: string, mayBreak: boolean): void => {
    for (const piece of word.split(STYLED_PIECES)) {
      if (piece === '') continue;
      if (piece.startsWith('\u001B[')) {
        addStyle(piece);
        continue;
      }
      if (!mayBreak) {
        line += piece;
        lineWidth += columns(piece);
        continue;
      }
      for (const { segment } of graphemes(piece)) {
        const segmentWidth = columns(segment);
        if (lineWidth + segmentWidth > limit && lineWidth > 0) breakLine();
        line += segment;
        lineWidth += segmentWidth;
      }
    }
  };

  let pendingSpace = false;
  for (const word of text.split(' ')) {
    const wordWidth = columns(word);
    if (wordWidth === 0) {
      addPieces(word, false); // styling alone, or an empty word between two spaces
      pendingSpace = true;
      continue;
    }
    if (lineWidth > 0 && pendingSpace && lineWidth + 1 + wordWidth <= limit) {
      line += ' ';
      lineWidth += 1;
    } else if (lineWidth > 0) {
      breakLine();
    }
    addPieces(word, wordWidth > limit - lineWidth);
    pendingSpace = true;
  }
  lines.push(line);
  return lines.map((wrapped) => wrapped.replace(/ +$/, ''));
}

/**
 * Preformatted text (a line of code, a table's line) cut into lines of at most `limit` columns,
 * every character kept where it stands: in code, spaces are the layout, so none is folded or
 * trimmed, and a line too long is broken between graphemes rather than at a space. Styling is
 * closed at each break and opened again on the next line, as wrapAnyText does.
 */
export function wrapPreformatted(text: string, limit: number): string[] {
  if (columns(text) <= limit) return [text];
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let styles: string[] = [];
  for (const piece of text.split(STYLED_PIECES)) {
    if (piece === '') continue;
    if (piece.startsWith('\u001B[')) {
      line += piece;
      styles = applySgr(styles, piece);
      continue;
    }
    for (const { segment } of SINGLE_COLUMN.test(piece) ? Array.from(piece, (segment) => ({ segment })) : graphemes(piece)) {
      const segmentWidth = columns(segment);
      if (lineWidth + segmentWidth > limit && lineWidth > 0) {
        lines.push(styles.length > 0 ? line + RESET : line);
        line = styles.join('');
        lineWidth = 0;
      }
      line += segment;
      lineWidth += segmentWidth;
    }
  }
  lines.push(line);
  return lines;
}

// Which opening SGR parameters each closing one ends (bold/dim, italic, underline, colours…).
const CLOSED_BY: Record<string, RegExp> = {
  '22': /^[12]$/,
  '23': /^3$/,
  '24': /^4$/,
  '27': /^7$/,
  '28': /^8$/,
  '29': /^9$/,
  '39': /^(?:3[0-8]|9[0-7])(?:;|$)/,
  '49': /^(?:4[0-8]|10[0-7])(?:;|$)/,
};

/** The styles in effect after `code`: a reset clears them, a closing code removes what it closes. */
function applySgr(styles: string[], code: string): string[] {
  const params = code.slice(2, -1);
  if (params === '' || params === '0') return [];
  const closes = CLOSED_BY[params];
  if (closes) return styles.filter((open) => !closes.test(open.slice(2, -1)));
  return [...styles, code];
}

/**
 * Wraps a line that starts with a margin (list bullet, quote bar, indent), keeping the text
 * aligned after the margin on every following line.
 */
export function wrapWithMargin(firstMargin: string, nextMargin: string, text: string, width: number, wrap: (text: string, width: number) => string[] = wrapText): string[] {
  const marginWidth = Math.max(columns(firstMargin), columns(nextMargin));
  if (marginWidth >= width) return wrap(stripStyling(firstMargin) + text, width);
  return wrap(text, width - marginWidth).map((line, index) => (index === 0 ? firstMargin : nextMargin) + line);
}

/** Cuts text to at most `width` columns, ending with … when it had to cut. */
export function truncate(text: string, width: number): string {
  if (columns(text) <= width) return text;
  if (SINGLE_COLUMN.test(text)) return truncateSingleColumn(text, width);
  if (width <= 1) return width === 1 ? '…' : '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const segmentWidth = columns(segment);
    if (used + segmentWidth > width - 1) break;
    out += segment;
    used += segmentWidth;
  }
  return `${out.trimEnd()}…`;
}

/** truncate() for text known to be one-column characters only, and wider than `width`. */
export function truncateSingleColumn(text: string, width: number): string {
  if (width <= 1) return width === 1 ? '…' : '';
  return `${text.slice(0, width - 1).trimEnd()}…`;
}

// Created on first use: making a Segmenter loads ICU's break rules, about 10 ms.
let segmenter: Intl.Segmenter | undefined;
export function graphemes(text: string): Intl.SegmentData[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...segmenter.segment(text)];
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}
