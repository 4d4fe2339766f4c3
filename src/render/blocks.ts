import type { Styles } from './styles.js';
import { columns, sanitizeText, stripStyling, wrapPreformatted, wrapText, wrapWithMargin } from './text.js';

/**
 * Markdown blocks → wrapped terminal lines. Renderers mark where each line's margin (indent,
 * bullet, quote bar) ends with MARGIN_END, so that wrapping can keep the text aligned after
 * the margin on every line; this module does that wrapping for every renderer.
 *
 * It also renders, without marked, the Markdown that is only paragraphs of plain text (no
 * emphasis, links, lists, quotes, code or entities): most news articles are, and loading and
 * running marked costs a plain article more than everything else `news read` does.
 */
// Noncharacters: they never stand in text (sanitizeText removes any that do), unlike the
// private-use characters icon fonts use.
export const MARGIN_END = '\uFDD0';
export const HARD_BREAK = '\uFDD1';
/** Starts, after its margin, a line whose spaces are its layout (code, a table): wrapped without folding them. */
export const PREFORMATTED = '\uFDD2';
/** Starts, after its margin, the number of a block drawn only when the room its margin leaves is known (a table). */
export const DEFERRED = '\uFDD3';

/** Starts, after its margin, a heading's text that is underlined with a light rule once wrapped (subheading). */
export const UNDERLINED = '\uFDD4';

/**
 * A heading within an article's text (### and deeper: its sections' headings are the article's
 * own, set apart by article.ts). In bold; without colour, where bold cannot show and it would
 * read as one more paragraph, underlined with a light rule instead.
 */
export function subheading(text: string, styles: Styles): string {
  return styles.level === 0 ? `${MARGIN_END}${UNDERLINED}${text}\n\n` : `${MARGIN_END}${styles.bold(text)}\n\n`;
}

/** Blocks that draw themselves to a width: a renderer registers one and writes DEFERRED and its number. */
export type DeferredBlocks = ((width: number) => string[])[];

export type MarkdownRenderer = (markdown: string, width: number, styles: Styles) => string[];

/**
 * A line of a block quote: the bar, then its text in italics, opened after the line's own margin
 * (a bullet, a nested bar) so that wrapping, which closes and opens again the styling of the text
 * at each break, never leaves italics running into the next line. Code and tables as they are.
 */
export function quoteLine(line: string, bar: string, italic: (text: string) => string): string {
  if (line === '') return bar.trimEnd();
  if (line.includes(DEFERRED) || line.includes(PREFORMATTED)) return bar + line;
  const at = line.indexOf(MARGIN_END);
  return at === -1 ? bar + italic(line) : bar + line.slice(0, at + 1) + italic(line.slice(at + 1));
}

/** Soft line breaks inside a paragraph are spaces; only a hard break starts a new line. */
export function inline(text: string): string {
  // Tested first: most paragraphs are one line, and the RegExp tries \s* at every space.
  const joined = text.includes('\n') ? text.replace(/\s*\n\s*/g, ' ') : text;
  return joined.includes(HARD_BREAK) ? joined.replaceAll(HARD_BREAK, `\n${MARGIN_END}`) : joined;
}

// Characters that may start Markdown syntax anywhere in a line, and what autolinks look like.
const INLINE_SYNTAX = /[\\`*_[\]<>&~|@]|:\/\/|www\./i;
// Lines that mean something other than a paragraph line: indented code, lists, quotes,
// headings, rules and setext underlines, table delimiter rows (":-" is one, pipes or not),
// and hard breaks (two trailing spaces).
// (Two RegExps: in one, the unanchored hard break was tried at every character with the rest.)
const BLOCK_SYNTAX = /^(?:[ \t]|(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|#|=+[ \t]*$|[-:| \t]*-[-:| \t]*$)/m;
const HARD_BREAK_SYNTAX = / {2}$/m;

/**
 * Whether the Markdown is paragraphs of plain text, which render the same with or without
 * marked. Judged on the sanitized text, which is what both renderers read.
 */
export function isPlainMarkdown(markdown: string): boolean {
  const text = sanitizeText(markdown);
  if (INLINE_SYNTAX.test(text)) return false;
  const inside = text.replace(/^\s*\n|\n\s*$/g, '');
  return !BLOCK_SYNTAX.test(inside) && !HARD_BREAK_SYNTAX.test(inside);
}

/** Plain paragraphs, rendered as marked and our paragraph renderer would render them. */
export function renderPlainMarkdown(markdown: string, width: number): string[] {
  // What assembleLines makes of these paragraphs (no margins, no styling, no hard breaks),
  // without building and splitting its input: a long article makes much less garbage.
  const lines: string[] = [];
  for (const block of sanitizeText(markdown).split(/\n[ \t]*\n/)) {
    const paragraph = block.trim();
    if (paragraph === '') continue;
    if (lines.length > 0) lines.push('');
    for (const line of wrapText(inline(paragraph), width)) lines.push(line);
  }
  return lines;
}

/** Rendered blocks → lines no wider than `width`, one blank line between blocks. */
export function assembleLines(rendered: string, width: number, deferred: DeferredBlocks = []): string[] {
  const lines: string[] = [];
  let previousBlank = true;
  // trimEnd, not trim: leading blank lines are skipped below, and the first line keeps its indent.
  for (const raw of rendered.replace(/\n{3,}/g, '\n\n').trimEnd().split('\n')) {
    if (stripStyling(raw).trim() === '') {
      if (!previousBlank) lines.push('');
      previousBlank = true;
      continue;
    }
    previousBlank = false;
    // Not push(...): one long paragraph can wrap to more lines than a call takes arguments.
    for (const line of wrapMarkedLine(raw, width, deferred)) lines.push(line);
  }
  return lines;
}

function wrapMarkedLine(line: string, width: number, deferred: DeferredBlocks): string[] {
  const drawn = line.indexOf(DEFERRED);
  if (drawn !== -1) {
    // A list's bullet or a quote's bar before it: the block is drawn in the room left, under the bullet its lines line up.
    const margin = line.slice(0, drawn).replaceAll(MARGIN_END, '');
    const draw = deferred[Number.parseInt(line.slice(drawn + 1), 10)];
    const marginWidth = columns(margin);
    const room = marginWidth >= width ? width : width - marginWidth;
    const lines = draw?.(room) ?? [];
    return lines.map((part, index) => (marginWidth >= width ? part : (index === 0 ? margin : continuationMargin(margin)) + part));
  }
  const preformatted = line.indexOf(PREFORMATTED);
  if (preformatted !== -1) {
    const margin = line.slice(0, preformatted).replaceAll(MARGIN_END, '');
    const text = line.slice(preformatted + 1).replaceAll(MARGIN_END, '');
    // A blank line of code is blank: no margin left hanging as spaces.
    if (stripStyling(text) === '') return [''];
    return wrapWithMargin(margin, margin, text, width, wrapPreformatted);
  }
  const at = line.indexOf(MARGIN_END);
  if (at === -1) return wrapText(line.replaceAll(MARGIN_END, ''), width);
  const margin = line.slice(0, at);
  const text = line.slice(at + 1).replaceAll(MARGIN_END, '');
  if (text.startsWith(UNDERLINED)) {
    const next = continuationMargin(margin);
    const lines = wrapWithMargin(margin, next, text.slice(1), width);
    const textWidth = Math.max(...lines.map((wrapped) => columns(wrapped))) - columns(next);
    return textWidth > 0 ? [...lines, next + '\u2504'.repeat(textWidth)] : lines;
  }
  return wrapWithMargin(margin, continuationMargin(margin), text, width);
}

/** The margin for a wrapped line's continuation: bullets and numbers become spaces, bars stay. */
function continuationMargin(margin: string): string {
  // eslint-disable-next-line no-control-regex
  return margin.replace(/(\u001B\[[0-9;]*m)|[*\u2022]|\d+\./g, (match, sgr: string | undefined) => sgr ?? ' '.repeat(match.length));
}
