import { PALETTE } from '../reactions/palette.js';
import type { Styles } from '../render/styles.js';
import { columns, sanitizeLine, stripStyling, truncate } from '../render/text.js';
import type { Match } from './find.js';
import { HELP, HELP_CLOSING } from './help.js';
import { itemAt, listHeight, percentRead, readerHeight, sectionAt, type ReaderState, type State } from './model.js';
import { shownDate } from '../render/list-notes.js';

/**
 * The screen for a state: exactly `rows` lines, none wider than `columns`. Styling comes from
 * Styles, which are empty under NO_COLOR; reverse video, for the selection and the current
 * search match, is the one attribute kept then, as less and newsboat keep it.
 */
const REVERSE = '\u001B[7m';
const NO_REVERSE = '\u001B[27m';
const reverse = (text: string): string => `${REVERSE}${text}${NO_REVERSE}`;

export function frame(state: State, styles: Styles): string[] {
  const lines = state.overlay?.kind === 'help' ? helpScreen(state, state.overlay.top, styles) : state.reader ? readerScreen(state, state.reader, styles) : listScreen(state, styles);
  const out: string[] = [];
  for (let row = 0; row < state.rows; row++) out.push(fit(lines[row] ?? '', state.columns));
  return out;
}

/** A line cut to the width; styled lines are already set to fit, plain ones are cut with …. */
function fit(line: string, width: number): string {
  return columns(line) <= width ? line : truncate(stripStyling(line), width);
}

// --- the list ---------------------------------------------------------------------------------

function listScreen(state: State, c: Styles): string[] {
  const { list, columns: width } = state;
  const count = state.items.length;
  const header = list.filter === '' ? `news \u00B7 ${count === 1 ? '1 article' : `${count} articles`}` : `news \u00B7 ${list.shown.length} of ${count} match \u201C${sanitizeLine(list.filter)}\u201D`;
  const lines = [c.bold(truncate(header, width))];
  const height = listHeight(state);
  if (count === 0) {
    lines.push('', ...['No articles yet.', 'Add one with: news add <file or address>', 'or follow a feed: news feed add <address>'].map((line) => truncate(line, width)));
  } else if (list.shown.length === 0) {
    lines.push('', truncate('No article matches. Esc clears the filter.', width));
  }
  for (let row = 0; row < height && list.shown.length > 0; row++) {
    const index = list.top + row;
    const itemIndex = list.shown[index];
    if (itemIndex === undefined) break;
    lines.push(listRow(state, itemIndex, index === list.selected, c));
  }
  while (lines.length < state.rows - 1) lines.push('');
  // A long article takes a moment to set: the list says so rather than seem stuck.
  if (state.opening !== undefined) {
    lines.push(c.dim(truncate('Opening\u2026', width)));
    return lines;
  }
  if (state.message !== undefined) {
    lines.push(truncate(sanitizeLine(state.message), width));
    return lines;
  }
  const footer = list.editing ? `Filter: ${sanitizeLine(list.filter)}\u2588` : hintLine(['\u2191\u2193 move', 'Enter read', '/ filter', '? keys', 'q quit'], width);
  lines.push(list.editing ? truncate(footer, width) : c.dim(footer));
  return lines;
}

function listRow(state: State, itemIndex: number, selected: boolean, c: Styles): string {
  const item = itemAt(state, itemIndex);
  if (!item) return '';
  const width = state.columns;
  const unread = state.unread.has(item.slug);
  const reaction = state.reactions.get(item.slug);
  const notes = [item.source ? sanitizeLine(item.source) : '', item.date ? shownDate(item.date) : '', `${item.minutes} min`].filter(Boolean);
  const mark = unread ? '\u25CF' : ' ';
  const title = sanitizeLine(item.title);
  // The title gets the room; the notes give way from the left (source, then date) when it has
  // too little, and go altogether on the narrowest screens.
  let tail = '';
  for (let from = 0; from <= notes.length; from++) {
    tail = [...notes.slice(from)].join(' \u00B7 ') + (reaction ? `  ${reaction}` : '');
    if (width - 3 - columns(tail) - 2 >= Math.min(24, columns(title))) break;
  }
  if (width - 3 - columns(tail) - 2 < 8) tail = '';
  const room = Math.max(1, width - 3 - (tail === '' ? 0 : columns(tail) + 2));
  const cut = truncate(title, room);
  const gap = ' '.repeat(Math.max(tail === '' ? 0 : 2, width - 3 - columns(cut) - columns(tail)));
  if (selected) return reverse(` ${mark} ${cut}${gap}${tail}`);
  return ` ${unread ? c.bold(mark) : mark} ${unread ? c.bold(cut) : cut}${gap}${c.dim(tail)}`;
}

/** Hints parted by " · ", as many as fit. */
function hintLine(hints: string[], width: number): string {
  let line = '';
  for (const hint of hints) {
    const next = line === '' ? hint : `${line} \u00B7 ${hint}`;
    if (columns(next) > width) break;
    line = next;
  }
  return line === '' ? truncate(hints[0] ?? '', width) : line;
}

// --- the reader -------------------------------------------------------------------------------

function readerScreen(state: State, reader: ReaderState, c: Styles): string[] {
  if (state.overlay?.kind === 'outline') return outlineScreen(state, reader, state.overlay.selected, c);
  const width = state.columns;
  const { doc } = reader;
  // Set at the reading measure, in the middle of a wider screen.
  const margin = ' '.repeat(Math.max(0, Math.floor((width - doc.width) / 2)));
  const height = readerHeight(state);
  const byLine = new Map<number, Match[]>();
  const current = reader.search?.matches[reader.search.current];
  for (const match of reader.search?.matches ?? []) {
    if (match.line < reader.top || match.line >= reader.top + height) continue;
    byLine.set(match.line, [...(byLine.get(match.line) ?? []), match]);
  }
  const lines: string[] = [];
  for (let row = 0; row < height; row++) {
    const index = reader.top + row;
    const line = doc.lines[index];
    if (line === undefined) {
      lines.push('');
      continue;
    }
    const matches = byLine.get(index);
    lines.push(margin + (matches ? highlighted(doc.plain[index] ?? '', matches, current, c) : line));
  }
  lines.push(bottomLine(state, reader, c));
  return lines;
}

/** A line with its matches shown: the current one in reverse video, the others highlighted. */
function highlighted(plain: string, matches: Match[], current: Match | undefined, c: Styles): string {
  let out = '';
  let at = 0;
  for (const match of matches) {
    out += plain.slice(at, match.start);
    const text = plain.slice(match.start, match.end);
    // The current match in reverse video; the others underlined, where there is colour.
    out += match === current ? reverse(text) : c.underline(c.bold(text));
    at = match.end;
  }
  return out + plain.slice(at);
}

function bottomLine(state: State, reader: ReaderState, c: Styles): string {
  const width = state.columns;
  const overlay = state.overlay;
  if (overlay?.kind === 'search') return truncate(`/${sanitizeLine(overlay.query)}\u2588`, width);
  if (overlay?.kind === 'reactions') return reactionRow(state, reader, overlay.selected, c);
  const { doc } = reader;
  const section = sectionAt(doc, reader.top);
  const count = doc.sections.length;
  const where = count === 0 ? '' : section < 0 ? (count === 1 ? '1 section' : `${count} sections`) : `Section ${section + 1} of ${count}`;
  const search = reader.search && reader.search.matches.length > 0 ? `match ${reader.search.current + 1} of ${reader.search.matches.length}` : '';
  const right = [search, where, `${percentRead(state, reader)}%`].filter(Boolean).join(' \u00B7 ');
  const left = sanitizeLine(state.message ?? doc.title);
  const room = width - columns(right) - 3;
  if (room < 6) return c.bold(truncate(state.message === undefined ? right : sanitizeLine(state.message), width));
  const cut = truncate(left, room);
  return c.bold(`${cut}${' '.repeat(Math.max(3, width - columns(cut) - columns(right)))}${right}`);
}

/** The reaction row: the footer's palette, numbered, the chosen one in reverse video. */
function reactionRow(state: State, reader: ReaderState, selected: number, c: Styles): string {
  const width = state.columns;
  const current = state.reactions.get(reader.doc.slug);
  for (const form of ['long', 'short', 'bare'] as const) {
    const entries = PALETTE.map(({ emoji, name }, index) => (form === 'long' ? `${index + 1} ${emoji} ${name}` : form === 'short' ? `${index + 1}${emoji}` : emoji));
    const plainRow = entries.join(' ');
    const lead = form === 'bare' ? '' : 'React: ';
    const tail = form === 'long' && current ? '  x remove' : '';
    if (columns(lead + plainRow + tail) > width && form !== 'bare') continue;
    const row = entries.map((entry, index) => (index === selected ? reverse(entry) : entry)).join(' ');
    return columns(lead + plainRow + tail) <= width ? `${c.bold(lead)}${row}${c.dim(tail)}` : truncate(plainRow, width);
  }
  return '';
}

function outlineScreen(state: State, reader: ReaderState, selected: number, c: Styles): string[] {
  const width = state.columns;
  const { doc } = reader;
  const lines = [c.bold(truncate(`Sections \u00B7 ${sanitizeLine(doc.title)}`, width)), ''];
  const height = Math.max(1, state.rows - 3);
  const top = Math.max(0, Math.min(selected - Math.floor(height / 2), doc.sections.length - height));
  doc.sections.slice(top, top + height).forEach(({ heading }, offset) => {
    const index = top + offset;
    // Numbered as news sections numbers them, a column apart: a heading that is numbered itself
    // ("1. AI shines") read "1. 1. AI shines" after "N. ".
    const line = truncate(` ${String(index + 1).padStart(String(doc.sections.length).length)}  ${sanitizeLine(heading)}`, width);
    lines.push(index === selected ? reverse(line + ' '.repeat(Math.max(0, width - columns(line)))) : line);
  });
  while (lines.length < state.rows - 1) lines.push('');
  lines.push(c.dim(hintLine(['\u2191\u2193 choose', 'Enter jump', 'Esc close'], width)));
  return lines;
}

// --- help -------------------------------------------------------------------------------------

function helpScreen(state: State, top: number, c: Styles): string[] {
  const width = state.columns;
  const keyWidth = Math.max(...HELP.flatMap(([, keys]) => keys.map(([key]) => columns(key))));
  const body: string[] = [];
  for (const [title, keys] of HELP) {
    body.push('', c.bold(truncate(title, width)));
    for (const [key, what] of keys) body.push(truncate(`  ${key}${' '.repeat(keyWidth - columns(key))}  ${what}`, width));
  }
  body.push('', ...HELP_CLOSING.map((line) => truncate(line, width)));
  // On a short screen the keys scroll, so that every one can be seen.
  const height = Math.max(1, state.rows - 2);
  const from = Math.max(0, Math.min(top, body.length - height));
  const more = from + height < body.length;
  const lines = [c.bold(truncate('Keys', width)), ...body.slice(from, from + height)];
  while (lines.length < state.rows - 1) lines.push('');
  lines.push(c.dim(truncate(more || from > 0 ? 'j k scroll \u00B7 any other key goes back' : 'Press any key to go back', width)));
  return lines;
}
