import { PALETTE } from '../reactions/palette.js';
import { fold } from '../search/text.js';
import { filterWords, findInLines, type Match } from './find.js';
import { HELP_LINES } from './help.js';
import type { Key } from './keys.js';

/**
 * Everything the full-screen reader shows, as one value, and how keys change it. Nothing here
 * touches the terminal or the disk: what should happen outside (open an article, save a
 * reaction, quit) comes back as effects, which src/browse/index.ts carries out. So every
 * screen and key can be tested without a terminal.
 */

export interface ListItem {
  slug: string;
  title: string;
  source: string | undefined;
  date: string | undefined;
  minutes: number;
  /** Title, dek and source, folded for the filter. */
  folded: string;
}

/**
 * The list's articles, newest first: an array, or a library's rows made as they are first
 * asked for (at fifty thousand, making them all before the first frame took a quarter second).
 */
export interface Items {
  readonly length: number;
  /** Item `index`, for 0 ≤ index < length. */
  at(index: number): ListItem | undefined;
}

/** Which articles are unread: a set, or the marks file asked slug by slug. */
export interface UnreadMarks {
  has(slug: string): boolean;
}

/** An article set for the screen, as `news read` sets it. */
export interface Doc {
  slug: string;
  title: string;
  /** The width the article was set at. */
  width: number;
  /** Styled lines, no wider than the article's width. */
  lines: string[];
  /** The same lines without styling, for search. */
  plain: string[];
  /** Each section's heading, and the line it starts on. */
  sections: { heading: string; line: number }[];
}

export type Overlay =
  | { kind: 'help'; top: number }
  | { kind: 'outline'; selected: number }
  | { kind: 'reactions'; selected: number }
  | { kind: 'search'; query: string };

export interface ReaderState {
  doc: Doc;
  top: number;
  search: { query: string; matches: Match[]; current: number } | undefined;
  /** Whether the end has been on screen since the article was opened (it is then read). */
  reachedEnd: boolean;
}

export interface State {
  columns: number;
  rows: number;
  items: Items;
  /** Reactions by slug, as emoji. */
  reactions: ReadonlyMap<string, string>;
  unread: UnreadMarks;
  /** Reading positions by slug: the paragraph (block) at the top of the screen. */
  positions: ReadonlyMap<string, number>;
  list: { selected: number; top: number; filter: string; editing: boolean; shown: number[] };
  reader: ReaderState | undefined;
  overlay: Overlay | undefined;
  /** A slug being opened, and the keys typed meanwhile, for the article once it is open. */
  opening: string | undefined;
  typedAhead: Key[];
  /** One line for the status bar until the next key. */
  message: string | undefined;
}

export type Event =
  | { type: 'key'; key: Key }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'opened'; doc: Doc }
  | { type: 'relaid'; doc: Doc }
  | { type: 'message'; text: string }
  | { type: 'not-opened'; text: string }
  /** The reactions as the file holds them, after a save that failed. */
  | { type: 'reactions'; reactions: ReadonlyMap<string, string>; message: string }
  /** Ended from outside (a signal): the position is kept, as on q. */
  | { type: 'quit'; code: number };

export type Effect =
  | { kind: 'open'; slug: string }
  | { kind: 'relayout'; slug: string }
  | { kind: 'react'; slug: string; emoji: string }
  | { kind: 'unreact'; slug: string }
  | { kind: 'position'; slug: string; block: number }
  | { kind: 'read'; slug: string }
  | { kind: 'quit'; code: number }
  | { kind: 'suspend' }
  | { kind: 'redraw' };

export interface Step {
  state: State;
  effects: Effect[];
}

export function initialState(options: { columns: number; rows: number; items: Items; reactions: ReadonlyMap<string, string>; unread: UnreadMarks; positions: ReadonlyMap<string, number> }): State {
  return {
    ...options,
    list: { selected: 0, top: 0, filter: '', editing: false, shown: Array.from({ length: options.items.length }, (_, index) => index) },
    reader: undefined,
    overlay: undefined,
    opening: undefined,
    typedAhead: [],
    message: undefined,
  };
}

export function listItem(slug: string, summary: { title: string; dek: string | undefined; source: string | undefined; date: string | undefined }, minutes: number): ListItem {
  const { title, dek, source, date } = summary;
  return { slug, title, source, date, minutes, folded: fold([title, dek ?? '', source ?? ''].join(' ')) };
}

/** The list's item at `index`, if there is one (Array.prototype.at counts back from the end for a negative index). */
export function itemAt(state: State, index: number | undefined): ListItem | undefined {
  return index === undefined || index < 0 ? undefined : state.items.at(index);
}

/** The rows of the list (after its header and before its footer) and of the article (before the status line). */
export const listHeight = (state: State): number => Math.max(1, state.rows - 2);
export const readerHeight = (state: State): number => Math.max(1, state.rows - 1);

export function update(state: State, event: Event): Step {
  switch (event.type) {
    case 'resize': {
      const resized = { ...state, columns: event.columns, rows: event.rows };
      const list = keepSelectionInView(resized, resized.list);
      return { state: { ...resized, list }, effects: state.reader ? [{ kind: 'relayout', slug: state.reader.doc.slug }] : [] };
    }
    case 'opened': {
      if (state.opening !== event.doc.slug) return { state, effects: [] };
      const block = state.positions.get(event.doc.slug);
      const top = block === undefined ? 0 : lineOfBlock(event.doc, block);
      const step = settle({ ...state, opening: undefined, typedAhead: [], reader: { doc: event.doc, top, search: undefined, reachedEnd: false } });
      for (const key of state.typedAhead) {
        const next = update(step.state, { type: 'key', key });
        step.state = next.state;
        step.effects.push(...next.effects);
      }
      return step;
    }
    case 'not-opened':
      return { state: { ...state, opening: undefined, typedAhead: [], message: event.text }, effects: [] };
    case 'relaid': {
      const reader = state.reader;
      if (!reader || reader.doc.slug !== event.doc.slug) return { state, effects: [] };
      // The same paragraph stays at the top, at whatever width the text is now set.
      const top = lineOfBlock(event.doc, blockOfLine(reader.doc, reader.top));
      // The same match stays the current one, unless the text now has other matches.
      const again = reader.search ? withMatches(event.doc, reader.search.query, top) : undefined;
      const search = again && reader.search && again.matches.length === reader.search.matches.length ? { ...again, current: reader.search.current } : again;
      return settle({ ...state, reader: { ...reader, doc: event.doc, top, search } });
    }
    case 'message':
      return { state: { ...state, message: event.text }, effects: [] };
    case 'quit':
      return quit(state, event.code);
    case 'reactions':
      return { state: { ...state, reactions: event.reactions, message: event.message }, effects: [] };
    case 'key': {
      const quiet = { ...state, message: undefined };
      // Ctrl-L draws the screen again whole; Ctrl-Z hands the terminal back to the shell.
      if (event.key.name === 'redraw') return { state, effects: [{ kind: 'redraw' }] };
      if (event.key.name === 'suspend') return { state, effects: [{ kind: 'suspend' }] };
      // Keys typed while an article opens are for the article (Ctrl-C is never kept waiting).
      if (state.opening !== undefined && event.key.name !== 'interrupt') return { state: { ...state, typedAhead: [...state.typedAhead, event.key] }, effects: [] };
      if (state.overlay) return overlayKey(quiet, state.overlay, event.key);
      return state.reader ? readerKey(quiet, state.reader, event.key) : listKey(quiet, event.key);
    }
  }
}

// --- the list ---------------------------------------------------------------------------------

function listKey(state: State, key: Key): Step {
  const list = state.list;
  const move = (to: number): Step => ({ state: { ...state, list: keepSelectionInView(state, { ...list, selected: to }) }, effects: [] });
  const page = listHeight(state);
  switch (key.name) {
    case 'up':
      return move(list.selected - 1);
    case 'down':
      return move(list.selected + 1);
    case 'wheelup':
      return move(list.selected - 3);
    case 'wheeldown':
      return move(list.selected + 3);
    case 'pageup':
      return move(list.selected - page);
    case 'pagedown':
      return move(list.selected + page);
    case 'home':
      return move(0);
    case 'end':
      return move(list.shown.length - 1);
    case 'enter':
      return open(state);
    case 'interrupt':
      return quit(state, 130);
    case 'escape':
      if (list.editing || list.filter !== '') return { state: filtered(state, '', false), effects: [] };
      return { state, effects: [] };
    case 'backspace':
      if (list.editing) return { state: filtered(state, [...list.filter].slice(0, -1).join(''), true), effects: [] };
      return { state, effects: [] };
    case 'char':
      break;
    default:
      return { state, effects: [] };
  }
  if (list.editing) return { state: filtered(state, list.filter + key.char, true), effects: [] };
  switch (key.char) {
    case 'k':
      return move(list.selected - 1);
    case 'j':
      return move(list.selected + 1);
    case 'g':
      return move(0);
    case 'G':
      return move(list.shown.length - 1);
    case '/':
      return { state: { ...state, list: { ...list, editing: true } }, effects: [] };
    case '?':
      return { state: { ...state, overlay: { kind: 'help', top: 0 } }, effects: [] };
    case 'q':
      return quit(state, 0);
    default:
      return { state, effects: [] };
  }
}

function open(state: State): Step {
  const list = state.list;
  const item = itemAt(state, list.shown[list.selected]);
  if (!item) return { state: { ...state, list: { ...list, editing: false } }, effects: [] };
  return { state: { ...state, list: { ...list, editing: false }, opening: item.slug }, effects: [{ kind: 'open', slug: item.slug }] };
}

/** The list with a new filter: items whose title, dek or source hold every word of it. */
function filtered(state: State, filter: string, editing: boolean): State {
  const words = filterWords(filter);
  const shown: number[] = [];
  for (let index = 0; index < state.items.length; index++) {
    const item = state.items.at(index);
    if (item && words.every((word) => item.folded.includes(word))) shown.push(index);
  }
  return { ...state, list: keepSelectionInView(state, { ...state.list, filter, editing, shown, selected: 0, top: 0 }) };
}

function keepSelectionInView(state: State, list: State['list']): State['list'] {
  const last = list.shown.length - 1;
  const selected = Math.max(0, Math.min(list.selected, last));
  const height = listHeight(state);
  let top = Math.min(list.top, selected);
  if (selected >= top + height) top = selected - height + 1;
  top = Math.max(0, Math.min(top, Math.max(0, list.shown.length - height)));
  return { ...list, selected, top };
}

// --- the reader -------------------------------------------------------------------------------

function readerKey(state: State, reader: ReaderState, key: Key): Step {
  const height = readerHeight(state);
  const scroll = (by: number): Step => settle({ ...state, reader: { ...reader, top: scrolled(state, reader, by) } });
  const to = (line: number): Step => settle({ ...state, reader: { ...reader, top: Math.max(0, line) } });
  switch (key.name) {
    case 'up':
      return scroll(-1);
    case 'down':
    case 'enter':
      return scroll(1);
    case 'wheelup':
      return scroll(-3);
    case 'wheeldown':
      return scroll(3);
    case 'pageup':
      return scroll(-height);
    case 'pagedown':
      return scroll(height);
    case 'home':
      return to(0);
    case 'end':
      return to(Math.max(maxTop(state, reader.doc), reader.top));
    case 'escape':
      return back(state, reader);
    case 'interrupt':
      return quit(state, 130);
    case 'char':
      break;
    default:
      return { state, effects: [] };
  }
  switch (key.char) {
    case 'j':
      return scroll(1);
    case 'k':
      return scroll(-1);
    case ' ':
    case 'f':
      return scroll(height);
    case 'b':
      return scroll(-height);
    case 'g':
      return to(0);
    case 'G':
      return to(Math.max(maxTop(state, reader.doc), reader.top));
    case ']': {
      const next = reader.doc.sections.find(({ line }) => line > reader.top);
      if (next) return to(next.line);
      return { state: { ...state, message: reader.doc.sections.length === 0 ? 'This article has no sections' : 'This is the last section' }, effects: [] };
    }
    case '[': {
      const previous = [...reader.doc.sections].reverse().find(({ line }) => line < reader.top);
      return previous ? to(previous.line) : reader.top > 0 ? to(0) : { state, effects: [] };
    }
    case 't':
      if (reader.doc.sections.length === 0) return { state: { ...state, message: 'This article has no sections' }, effects: [] };
      return { state: { ...state, overlay: { kind: 'outline', selected: Math.max(0, sectionAt(reader.doc, reader.top)) } }, effects: [] };
    case '/':
      return { state: { ...state, overlay: { kind: 'search', query: '' } }, effects: [] };
    case 'n':
    case 'N':
      return nextMatch(state, reader, key.char === 'n' ? 1 : -1);
    case 'r': {
      const current = state.reactions.get(reader.doc.slug);
      const selected = Math.max(0, PALETTE.findIndex(({ emoji }) => emoji === current));
      return { state: { ...state, overlay: { kind: 'reactions', selected } }, effects: [] };
    }
    case '?':
      return { state: { ...state, overlay: { kind: 'help', top: 0 } }, effects: [] };
    case 'q':
      return back(state, reader);
    default:
      return { state, effects: [] };
  }
}

function back(state: State, reader: ReaderState): Step {
  const block = blockOfLine(reader.doc, reader.top);
  return {
    state: { ...state, reader: undefined, positions: new Map(state.positions).set(reader.doc.slug, block) },
    effects: [positionEffect(reader)],
  };
}

function quit(state: State, code: number): Step {
  return { state, effects: [...(state.reader ? [positionEffect(state.reader)] : []), { kind: 'quit', code }] };
}

function positionEffect(reader: ReaderState): Effect {
  return { kind: 'position', slug: reader.doc.slug, block: blockOfLine(reader.doc, reader.top) };
}

function scrolled(state: State, reader: ReaderState, by: number): number {
  // A section jump may leave the top past where paging would stop; paging down from there
  // stays put rather than jumping back.
  const limit = Math.max(maxTop(state, reader.doc), reader.top);
  return Math.max(0, Math.min(reader.top + by, limit));
}

export function maxTop(state: State, doc: Doc): number {
  return Math.max(0, doc.lines.length - readerHeight(state));
}

/** Marks the article read once its end has been on screen. */
function settle(state: State): Step {
  const reader = state.reader;
  if (!reader || reader.reachedEnd || reader.top + readerHeight(state) < reader.doc.lines.length) return { state, effects: [] };
  // Not a copy of every mark: one slug fewer than before.
  const before = state.unread;
  const read = reader.doc.slug;
  const unread: UnreadMarks = { has: (slug) => slug !== read && before.has(slug) };
  return { state: { ...state, unread, reader: { ...reader, reachedEnd: true } }, effects: [{ kind: 'read', slug: reader.doc.slug }] };
}

/** The section the line is in, or -1 before the first. */
export function sectionAt(doc: Doc, line: number): number {
  let at = -1;
  doc.sections.forEach((section, index) => {
    if (section.line <= line) at = index;
  });
  return at;
}

/** How far through the article the bottom of the screen is, 0–100. */
export function percentRead(state: State, reader: ReaderState): number {
  const total = reader.doc.lines.length;
  const bottom = reader.top + readerHeight(state);
  // 100% only when the end is on screen, the moment the article counts as read.
  if (total === 0 || bottom >= total) return 100;
  return Math.min(99, Math.floor((bottom / total) * 100));
}

/**
 * Paragraphs are counted by the blank lines between them, the same at every width; a position
 * kept as a paragraph survives a resize and a change of terminal between runs.
 */
export function blockOfLine(doc: Doc, line: number): number {
  // A blank line at the top belongs to the paragraph below it, the one being read.
  let at = line;
  while (doc.plain[at] === '' && at < doc.plain.length - 1) at++;
  let block = 0;
  for (let index = 1; index <= Math.min(at, doc.plain.length - 1); index++) {
    if (doc.plain[index] !== '' && doc.plain[index - 1] === '') block++;
  }
  return block;
}

export function lineOfBlock(doc: Doc, block: number): number {
  if (block <= 0) return 0;
  let current = 0;
  for (let index = 1; index < doc.plain.length; index++) {
    if (doc.plain[index] !== '' && doc.plain[index - 1] === '') current++;
    if (current === block) return index;
    if (current > block) break;
  }
  return Math.max(0, doc.plain.length - 1);
}

// --- overlays ---------------------------------------------------------------------------------

function overlayKey(state: State, overlay: Overlay, key: Key): Step {
  const close = (): Step => ({ state: { ...state, overlay: undefined }, effects: [] });
  if (key.name === 'interrupt') return quit(state, 130);
  switch (overlay.kind) {
    case 'help': {
      const name = key.name === 'char' ? key.char : key.name;
      const by = name === 'j' || name === 'down' || name === 'wheeldown' ? 1 : name === 'k' || name === 'up' || name === 'wheelup' ? -1 : 0;
      if (by === 0) return close();
      const last = Math.max(0, HELP_LINES - Math.max(1, state.rows - 2));
      return { state: { ...state, overlay: { kind: 'help', top: Math.max(0, Math.min(last, overlay.top + by)) } }, effects: [] };
    }
    case 'outline':
      return outlineKey(state, overlay, key, close);
    case 'reactions':
      return reactionKey(state, overlay, key, close);
    case 'search':
      return searchKey(state, overlay, key, close);
  }
}

function outlineKey(state: State, overlay: { kind: 'outline'; selected: number }, key: Key, close: () => Step): Step {
  const reader = state.reader;
  if (!reader) return close();
  const count = reader.doc.sections.length;
  const select = (selected: number): Step => ({ state: { ...state, overlay: { kind: 'outline', selected: Math.max(0, Math.min(count - 1, selected)) } }, effects: [] });
  const name = key.name === 'char' ? key.char : key.name;
  switch (name) {
    case 'up':
    case 'k':
      return select(overlay.selected - 1);
    case 'down':
    case 'j':
    case 'tab':
      return select(overlay.selected + 1);
    case 'home':
    case 'g':
      return select(0);
    case 'end':
    case 'G':
      return select(count - 1);
    case 'enter': {
      const section = reader.doc.sections[overlay.selected];
      return settle({ ...state, overlay: undefined, reader: { ...reader, top: section?.line ?? reader.top } });
    }
    case 'escape':
    case 'q':
    case 't':
      return close();
    default:
      if (name.length === 1 && name >= '1' && name <= '9' && Number(name) <= count) return select(Number(name) - 1);
      return { state, effects: [] };
  }
}

function reactionKey(state: State, overlay: { kind: 'reactions'; selected: number }, key: Key, close: () => Step): Step {
  const reader = state.reader;
  if (!reader) return close();
  const slug = reader.doc.slug;
  const pick = (index: number): Step => {
    const choice = PALETTE[index];
    if (!choice) return { state, effects: [] };
    return {
      state: { ...state, overlay: undefined, reactions: new Map(state.reactions).set(slug, choice.emoji) },
      effects: [{ kind: 'react', slug, emoji: choice.emoji }, { kind: 'relayout', slug }],
    };
  };
  const select = (selected: number): Step => ({ state: { ...state, overlay: { kind: 'reactions', selected: (selected + PALETTE.length) % PALETTE.length } }, effects: [] });
  const name = key.name === 'char' ? key.char : key.name;
  switch (name) {
    case 'left':
    case 'h':
      return select(overlay.selected - 1);
    case 'right':
    case 'l':
    case 'tab':
      return select(overlay.selected + 1);
    case 'enter':
      return pick(overlay.selected);
    case 'x': {
      if (!state.reactions.has(slug)) return { state: { ...state, overlay: undefined, message: 'You have not reacted to this article' }, effects: [] };
      const reactions = new Map(state.reactions);
      reactions.delete(slug);
      return { state: { ...state, overlay: undefined, reactions }, effects: [{ kind: 'unreact', slug }, { kind: 'relayout', slug }] };
    }
    case 'escape':
    case 'q':
    case 'r':
      return close();
    default:
      if (/^[1-9]$/.test(name)) return pick(Number(name) - 1);
      return { state, effects: [] };
  }
}

function searchKey(state: State, overlay: { kind: 'search'; query: string }, key: Key, close: () => Step): Step {
  const reader = state.reader;
  if (!reader) return close();
  switch (key.name) {
    case 'escape':
      return close();
    case 'backspace':
      return { state: { ...state, overlay: { kind: 'search', query: [...overlay.query].slice(0, -1).join('') } }, effects: [] };
    case 'enter': {
      if (overlay.query.trim() === '') return { state: { ...state, overlay: undefined, reader: { ...reader, search: undefined } }, effects: [] };
      const search = withMatches(reader.doc, overlay.query, reader.top);
      const found = search.matches[search.current];
      const next = { ...state, overlay: undefined, reader: { ...reader, search } };
      if (!found) return { state: { ...next, message: `Not found: ${overlay.query}` }, effects: [] };
      const wrapped = found.line < reader.top ? 'Search wrapped to the top' : undefined;
      return settle({ ...next, message: wrapped, reader: { ...reader, search, top: topShowing(state, reader, found.line) } });
    }
    case 'char':
      return { state: { ...state, overlay: { kind: 'search', query: overlay.query + key.char } }, effects: [] };
    default:
      return { state, effects: [] };
  }
}

/** The matches of a query, the current one the first at or after the top line. */
function withMatches(doc: Doc, query: string, top: number): { query: string; matches: Match[]; current: number } {
  const matches = findInLines(doc.plain, query);
  const current = Math.max(0, matches.findIndex(({ line }) => line >= top));
  return { query, matches, current };
}

function nextMatch(state: State, reader: ReaderState, direction: 1 | -1): Step {
  const search = reader.search;
  if (!search || search.matches.length === 0) return { state: { ...state, message: search ? `Not found: ${search.query}` : 'Search with / first' }, effects: [] };
  const count = search.matches.length;
  const current = (search.current + direction + count) % count;
  const match = search.matches[current] as Match;
  const wrapped = direction === 1 ? current < search.current || count === 1 : current > search.current;
  return settle({
    ...state,
    message: wrapped ? (direction === 1 ? 'Search wrapped to the top' : 'Search wrapped to the end') : undefined,
    reader: { ...reader, search: { ...search, current }, top: topShowing(state, reader, match.line) },
  });
}

/** The top line that shows `line`: unchanged when it is on screen, else with it a third down. */
function topShowing(state: State, reader: ReaderState, line: number): number {
  const height = readerHeight(state);
  if (line >= reader.top && line < reader.top + height) return reader.top;
  return Math.max(0, Math.min(line - Math.floor(height / 3), maxTop(state, reader.doc)));
}
