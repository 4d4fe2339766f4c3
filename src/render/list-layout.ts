/**
 * How `news list` lays its articles out, chosen once for every row from the widths of the
 * widest slug, title and notes: commands/list.ts (layoutList) writes the lines as strings,
 * render/list-bytes.ts as bytes, and both by this choice.
 *
 * Best, one line an article: the slugs in a column as wide as the longest (a slug is never
 * cut), then the titles, cut with … to the room left, then the notes. When one long note (a
 * reaction, "over the bundled one") would cost every row its title, notes line up where most
 * rows need them and a row with a longer note gives its own title the room, as long as every
 * title keeps a useful width. When titles have too little room either way, a terminal gets
 * each title on its own indented line under the slug (or the notes too, when even that is too
 * narrow), and a pipe keeps one line an article and drops the titles, then the notes, as `ls`
 * keeps its columns for the screen.
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
  /** A pipe: the slug and the notes, no title. */
  | { kind: 'tails' }
  /** A pipe too narrow for the notes: the slugs alone. */
  | { kind: 'slugs' }
  /** A terminal: the slug, then the title cut to `room` and the notes on an indented line. */
  | { kind: 'indented'; room: number }
  /** A terminal narrower still: the slug, the title and the notes each on lines of their own. */
  | { kind: 'wrapped' };

/**
 * Slug, title and notes on one line: the room for the title of a row with notes this wide, at
 * most `widest`: min(widest, base - tail).
 */
export interface OneLineLayout {
  kind: 'one-line';
  room: (tail: number) => number;
  widest: number;
  base: number;
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
  const oneLineLayout = (widest: number, base: number): OneLineLayout => ({ kind: 'one-line', room: (tail) => Math.min(widest, base - tail), widest, base });
  const byOwnNotes = oneLineLayout(usual, width - slugWidth - 2 * GAP);
  if (oneLine < Math.min(titleMax, 2 * MIN_TITLE) && usual > Math.max(oneLine, 0) && everyRowHasRoom(byOwnNotes.room, enough)) return byOwnNotes;
  if (oneLine >= enough) return oneLineLayout(oneLine, Infinity);
  if (!terminal) return slugWidth + GAP + tailWidth > width ? { kind: 'slugs' } : { kind: 'tails' };
  const indented = Math.min(titleMax, width - INDENT - tailWidth - GAP);
  return indented >= enough ? { kind: 'indented', room: indented } : { kind: 'wrapped' };
}
