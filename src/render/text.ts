import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Article text is untrusted. These are the characters that could drive the terminal rather than
 * be read: C0 controls (tab and newline are handled by callers), DEL, C1 controls (0x9B is an
 * 8-bit CSI), and the bidirectional overrides and isolates that make text display in an order
 * other than the one it is stored in.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Removes anything that could act on the terminal, and turns tabs into spaces. */
export function sanitizeText(text: string): string {
  return text.replace(/\t/g, '    ').replace(UNSAFE, '');
}

/** The same, for text that must stay on one line (titles, headings, list rows). */
export function sanitizeLine(text: string): string {
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
  return rendered.replace(ANY_CONTROL, (match) => (match.length > 1 ? match : ''));
}

const SGR_PATTERN = new RegExp(SGR, 'g');

export function stripStyling(text: string): string {
  return text.replace(SGR_PATTERN, '');
}

/** Width in terminal columns: CJK and emoji count two, styling counts nothing. */
export function columns(text: string): number {
  return stringWidth(text);
}

/**
 * Wraps one logical line to `width` columns. Long words are broken, but never inside a
 * character; styling is carried over line breaks by wrap-ansi.
 */
export function wrapText(text: string, width: number): string[] {
  if (text === '') return [''];
  return wrapAnsi(text, Math.max(1, width), { hard: true, trim: true, wordWrap: true }).split('\n');
}

/**
 * Wraps a line that starts with a margin (list bullet, quote bar, indent), keeping the text
 * aligned after the margin on every following line.
 */
export function wrapWithMargin(firstMargin: string, nextMargin: string, text: string, width: number): string[] {
  const marginWidth = Math.max(columns(firstMargin), columns(nextMargin));
  if (marginWidth >= width) return wrapText(stripStyling(firstMargin) + text, width);
  return wrapText(text, width - marginWidth).map((line, index) => (index === 0 ? firstMargin : nextMargin) + line);
}

/** Cuts text to at most `width` columns, ending with … when it had to cut. */
export function truncate(text: string, width: number): string {
  if (columns(text) <= width) return text;
  if (width <= 1) return width === 1 ? '…' : '';
  let out = '';
  for (const { segment } of graphemes(text)) {
    if (columns(out + segment) > width - 1) break;
    out += segment;
  }
  return `${out}…`;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
export function graphemes(text: string): Intl.SegmentData[] {
  return [...segmenter.segment(text)];
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}
