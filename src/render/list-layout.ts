/**
 * How `news list` lays its articles out, chosen once for every row from the widths of the
 * widest slug, title and notes: commands/list.ts (layoutList) writes the lines as strings,
 * render/list-bytes.ts as bytes, and both by this choice.
 *
 * Best, one line an article: the slugs in a column as wide as the longest (a slug is cut only
 * when it is wider than the line itself: layoutList), then the titles, cut with … to the room
 * left, then the notes. When one long note (a reaction, "over the bundled one") would cost
 * every row its title, notes line up where most rows need them and a row with a longer note
 * gives its own title the room, as long as every title keeps a useful width. When titles have too little room either way, a terminal gets
 * each title on its own indented line under the slug (or the notes too, when even that is too
 * narrow), and a pipe keeps one line an article and drops the notes, then the titles: a title
 * says what an article is, and `news list | grep` looks for words in it.
 */
export const MIN_TITLE = 12;
export const GAP = 2;
export const INDENT = 2;

export interface ListWidths {
  slugWidth: number;
  titleMax: number;
  tailWidth: number;
  shortestTail: number;
}

export type ListLayout =
  | OneLineLayout
  /** A pipe: the slug and the title cut to `room`, no notes. */
  | { kind: 'titles'; room: number }
  /** A pipe too narrow for a title: the slug and the notes. */
  | { kind: 'tails' }
  /** A pipe too narrow for the notes: the slugs alone. */
  | { kind: 'slugs' }
  /** A terminal: the slug, then the title cut to `room` and the notes on an indented line. */
  | { kind: 'indented'; room: number }
  /** A terminal narrower still: the slug, the title and the notes each on lines of their own. */
  | { kind: 'wrapped' };

/** Slug, title and notes on one line: each title given titleRoom(), at most `widest`. */
export interface OneLineLayout {
  kind: 'one-line';
  widest: number;
  /** The columns a row's title and notes share, when the notes decide the title's room. */
  base: number;
}

/** The room for the title of a row whose notes are `tail` columns wide. */
export function titleRoom(layout: OneLineLayout, tail: number): number {
  return Math.min(layout.widest, layout.base - tail);
}

/**
 * The layout for rows of these widths. `everyRowHasRoom(roomFor, enough)` says whether each
 * row, given the room its own notes leave, keeps `enough` of its title (or all of a shorter one).
 */
export function chooseListLayout(widths: ListWidths, width: number, terminal: boolean, everyRowHasRoom: (roomFor: (tail: number) => number, enough: number) => boolean): ListLayout {
  const { slugWidth, titleMax, tailWidth, shortestTail } = widths;
  const enough = Math.max(1, Math.min(MIN_TITLE, titleMax));
  const oneLine = Math.min(titleMax, width - slugWidth - tailWidth - 2 * GAP);
  const usual = Math.min(titleMax, width - slugWidth - shortestTail - 2 * GAP);
  const byOwnNotes: OneLineLayout = { kind: 'one-line', widest: usual, base: width - slugWidth - 2 * GAP };
  if (oneLine < Math.min(titleMax, 2 * MIN_TITLE) && usual > Math.max(oneLine, 0) && everyRowHasRoom((tail) => titleRoom(byOwnNotes, tail), enough)) return byOwnNotes;
  // The same room for every title.
  if (oneLine >= enough) return { kind: 'one-line', widest: oneLine, base: Infinity };
  if (!terminal) {
    const titles = Math.min(titleMax, width - slugWidth - GAP);
    if (titles >= enough) return { kind: 'titles', room: titles };
    return slugWidth + GAP + tailWidth > width ? { kind: 'slugs' } : { kind: 'tails' };
  }
  const indented = Math.min(titleMax, width - INDENT - tailWidth - GAP);
  return indented >= enough ? { kind: 'indented', room: indented } : { kind: 'wrapped' };
}
