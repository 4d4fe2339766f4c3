import { emptyColumns, pushListed, type Listed, type ListColumns, type LongList } from '../articles/library.js';
import { NewsError } from '../errors.js';
import type { Context } from '../context.js';
import { articleSummaryJson, toJson } from '../render/json.js';
import { columns, columnsOfEach, truncate, truncateSingleColumn, wrapText } from '../render/text.js';
import { resolveStyles, resolveWidth, widthOption } from './shared.js';
import { InvalidValue, type CommandSpec } from './spec.js';
import { newestFirst } from '../articles/order.js';
import { USER as USER_ORIGIN, USER_OVER_BUNDLED as USER_OVER_BUNDLED_ORIGIN } from '../articles/own-index.js';
import { chooseListLayout, GAP, INDENT, titleRoom } from '../render/list-layout.js';
import { extraNotes, inOnePiece, listBytes, UNREAD, UNREAD_NOTE, YOURS, YOURS_NOTE, YOURS_OVER_BUNDLED, YOURS_OVER_BUNDLED_NOTE, type ByteRows, type ShownRows } from '../render/list-bytes.js';
import { FetchedListError } from '../articles/fetched-list.js';
import { compareBytes, positionInSorted, valueAt, type ByteColumn } from '../storage/byte-column.js';

export { newestFirst };

interface ListOptions {
  json?: boolean;
  width?: number;
  color?: boolean;
  unread?: boolean;
  feed?: string;
  limit?: number;
}

export const LIST: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  description: 'list every article, newest first: bundled ones, your own, and those from feeds',
  options: [
    widthOption('list'),
    { flags: '--unread', description: 'only the articles from feeds that you have not read yet' },
    { flags: '--feed <name>', description: 'only the articles from this feed (news feed list names them)' },
    { flags: '-n, --limit <n>', description: 'at most this many articles', parse: parseLimit },
    { flags: '--json', description: 'print the list as JSON' },
  ],
  help: "\nIn a pipe (80 columns unless --width says), a title with no room beside its\nnotes is kept and the notes (date, source, marks) are left out: --width 200\nor --json has them all.\n\nExamples:\n  $ news list\n  $ news list --unread --limit 20\n  $ news list --feed lwn\n  $ news list --json | jq -r '.[].slug'",
  run: (ctx, _args, options) => runList(ctx, options as ListOptions),
};

/** A plain list reads its rows as columns when it shows more than this many (beyond the cached list's head). */
const FEW_ROWS = 200;

export async function runList(ctx: Context, options: ListOptions): Promise<void> {
  const few = options.json === true || (options.limit !== undefined && options.limit <= FEW_ROWS);
  // A long list without styling (in a pipe, above all) is written from bytes.
  if (!few && (options.color === false || ctx.io.colorLevel === 0) && (await listAsBytes(ctx, options))) return;
  // A long list asks about every row: the marks are read whole at once, not searched for each.
  const marks = ctx.unread.lookupForDisplay({ many: !few });
  try {
    await listWith(ctx, options, few, (slug) => marks.has(slug));
  } finally {
    marks.close();
  }
}

async function listWith(ctx: Context, options: ListOptions, few: boolean, unread: (slug: string) => boolean): Promise<void> {
  // Read after the library, whose data folder may be unusable: the error says so on its own,
  // without a warning about the reactions before it.
  let reactions: ReturnType<Context['reactions']['readForDisplay']>;
  const filtered = options.feed !== undefined || options.unread === true;
  const wanted = (slug: string, feed: string | undefined): boolean => (options.feed === undefined || feed === options.feed) && (!options.unread || unread(slug));
  let shown: ListColumns;
  let warnings: string[];
  if (few) {
    // Taken in order until the limit: with fifty thousand articles, --limit 20 reads twenty.
    const ordered = ctx.library.newestFirst();
    const rows: Listed[] = [];
    try {
      for (const row of ordered.rows) {
        if (!wanted(row.entry.slug, row.summary.feed)) continue;
        rows.push(row);
        if (rows.length === options.limit) break;
      }
    } finally {
      ordered.close();
    }
    warnings = ordered.warnings;
    reactions = ctx.reactions.readForDisplay();
    if (options.json) {
      reportWarnings(ctx, warnings);
      if (rows.length === 0) await checkFeedName(ctx, options.feed);
      ctx.io.out(toJson(rows.map(({ entry, summary }) => articleSummaryJson(entry, summary, reactions[entry.slug], unread(entry.slug)))));
      return;
    }
    shown = columnsOf(rows);
  } else {
    const listing = ctx.library.listColumns();
    warnings = listing.warnings;
    reactions = ctx.reactions.readForDisplay();
    const all = listing.columns;
    shown = filtered || options.limit !== undefined ? pick(all, (index) => wanted(all.slug[index] as string, all.feed[index]), options.limit) : all;
  }
  reportWarnings(ctx, warnings);
  if (shown.slug.length === 0) {
    await sayNoneShown(ctx, options);
    return;
  }
  const width = resolveWidth(ctx, options.width, 'list');
  const c = await resolveStyles(ctx, options.color);
  const rows: ListRow[] = [];
  const tailWidths: number[] = [];
  for (let index = 0; index < shown.slug.length; index++) {
    const slug = shown.slug[index] as string;
    const reaction = reactions[slug];
    // Fetched articles say where they came from; "yours" is for articles the reader added.
    const mine = shown.feed[index] !== undefined ? '' : shown.overridesBundled[index] ? YOURS_OVER_BUNDLED_NOTE : shown.origin[index] === 'user' ? YOURS_NOTE : '';
    const mark = unread(slug) ? UNREAD_NOTE : '';
    const emoji = reaction ? `  ${reaction.emoji}` : '';
    rows.push({ slug, title: shown.title[index] as string, tail: `${shown.notes[index] as string}${mine}${mark}${emoji}` });
    tailWidths.push((shown.notesWidth[index] as number) + mine.length + mark.length + (emoji === '' ? 0 : columns(emoji)));
  }
  const measured = { titleWidths: shown.titleWidth, titlesSingleColumn: shown.titleSingle.every(Boolean), tailWidths };
  const lines = layoutList(rows, width, ctx.io.stdoutIsTTY, { slug: c.bold, title: (text) => text, tail: c.dim }, measured);
  // One write for the whole list: thousands of small writes cost more than building it.
  ctx.io.out(`${lines.join('\n')}\n`);
}

/**
 * A long list as list-bytes.ts writes it: the articles in list order, each with the notes that
 * follow its own (yours, unread, the reaction), the unread marks found by walking the marks
 * beside the sorted slugs. A layout that puts an article on more than one line (a narrow
 * terminal) is laid out by layoutList from the same rows. False, having written nothing, only
 * when the fetched list turned out damaged while it was read and the journal changed meanwhile:
 * the caller lists from scratch.
 */
async function listAsBytes(ctx: Context, options: ListOptions): Promise<boolean> {
  const list = ctx.library.longList();
  try {
    const shown = shownRows(ctx, options, list);
    if (shown.count === 0) {
      reportWarnings(ctx, list.warnings);
      await sayNoneShown(ctx, options);
      return true;
    }
    const width = resolveWidth(ctx, options.width, 'list');
    // Every column the lines need is read before the warnings are said: a cache found damaged
    // on the way is left for the journal (FetchedListError), which says them itself.
    const lines = listBytes(list.sources, shown, width, ctx.io.stdoutIsTTY) ?? inOnePiece(linesOf(list.sources, shown, width, ctx.io.stdoutIsTTY));
    reportWarnings(ctx, list.warnings);
    lines.writeTo((bytes) => ctx.io.out(bytes));
    return true;
  } catch (error) {
    if (error instanceof FetchedListError) return false;
    throw error;
  } finally {
    list.close();
  }
}

/** The rows laid out by layoutList, from their text. */
function linesOf(sources: readonly ByteRows[], shown: ShownRows, width: number, terminal: boolean): Buffer {
  const rows: ListRow[] = [];
  for (let index = 0; index < shown.count; index++) {
    const from = sources[shown.source[index] as number] as ByteRows;
    const row = shown.row[index] as number;
    rows.push({ slug: valueAt(from.slug, row), title: valueAt(from.title(), row), tail: `${valueAt(from.notes(), row)}${extraNotes(shown.flags[index] as number, shown.reaction.get(index))}` });
  }
  return Buffer.from(`${layoutList(rows, width, terminal).join('\n')}\n`);
}

/** The rows of a long list that it shows, in order, with the notes their flags and reactions add. */
function shownRows(ctx: Context, options: ListOptions, list: LongList): ShownRows {
  const { own, fetched } = list;
  // Unread marks, of the fetched rows and of the reader's own (by slug, as marks are kept).
  let unreadOwn = ctx.unread.unreadRows(own.sortedSlugs, own.slugRows, 'own');
  let unreadFetched = fetched && ctx.unread.unreadRows(fetched.sortedSlugs, fetched.slugRows, 'fetched');
  if (unreadOwn === undefined || (fetched && unreadFetched === undefined)) {
    // A marks file news did not write in its layout: asked slug by slug, as a short list asks.
    const marks = ctx.unread.lookupForDisplay({ many: true });
    const byRow = (sortedSlugs: ByteColumn, slugRows: Uint32Array): Uint8Array => {
      const marked = new Uint8Array(slugRows.length);
      slugRows.forEach((row, position) => (marked[row] = Number(marks.has(valueAt(sortedSlugs, position)))));
      return marked;
    };
    try {
      unreadOwn = byRow(own.sortedSlugs, own.slugRows);
      if (fetched) unreadFetched = byRow(fetched.sortedSlugs, fetched.slugRows);
    } finally {
      marks.close();
    }
  }
  const unreadFetchedRows = unreadFetched ?? new Uint8Array(0);
  // Reactions, by source and row.
  const reactions = ctx.reactions.readForDisplay();
  const reacted = [new Map<number, string>(), new Map<number, string>()];
  for (const [slug, reaction] of Object.entries(reactions)) {
    const mine = positionInSorted(own.sortedSlugs, slug);
    if (mine >= 0) reacted[0]?.set(own.slugRows[mine] as number, reaction.emoji);
    const position = fetched ? positionInSorted(fetched.sortedSlugs, slug) : -1;
    if (fetched && position >= 0) reacted[1]?.set(fetched.slugRows[position] as number, reaction.emoji);
  }
  // The notes each row's flags add: yours (or over the bundled one), unread.
  const ownFlags = new Uint8Array(own.count);
  for (let row = 0; row < own.count; row++) {
    const origin = own.origin[row];
    const mine = own.hasFeed[row] === 1 ? 0 : origin === USER_OVER_BUNDLED_ORIGIN ? YOURS_OVER_BUNDLED : origin === USER_ORIGIN ? YOURS : 0;
    ownFlags[row] = mine | (unreadOwn[row] ? UNREAD : 0);
  }
  const fetchedFlags = new Uint8Array(unreadFetchedRows.length);
  if (fetched) {
    const starts = fetched.feed.start;
    for (let row = 0; row < fetchedFlags.length; row++) {
      // A fetched article of no feed (one added from the web) is the reader's own, as one in their folder is.
      const mine = starts[row] === starts[row + 1] ? (fetched.overBundled.has(row) ? YOURS_OVER_BUNDLED : YOURS) : 0;
      fetchedFlags[row] = mine | (unreadFetchedRows[row] ? UNREAD : 0);
    }
  }
  const feed = options.feed === undefined ? undefined : Buffer.from(options.feed);
  const inFeed = (source: number, row: number): boolean => {
    if (source === 0 && own.hasFeed[row] !== 1) return false;
    const column = source === 0 ? own.feed : (fetched?.feed as ByteColumn);
    const start = column.start[row] as number;
    const end = column.start[row + 1] as number;
    // A fetched article of no feed is kept as an empty one, which names none.
    if (source === 1 && start === end) return false;
    return feed !== undefined && compareBytes(column.bytes, start, end, feed, 0, feed.length) === 0;
  };
  const total = list.source.length;
  const shown: ShownRows = { count: 0, source: new Uint8Array(total), row: new Uint32Array(total), flags: new Uint8Array(total), reaction: new Map() };
  const limit = options.limit ?? total;
  for (let index = 0; index < total && shown.count < limit; index++) {
    const source = list.source[index] as number;
    const row = list.row[index] as number;
    const flags = (source === 0 ? ownFlags[row] : fetchedFlags[row]) as number;
    if ((options.unread && !(flags & UNREAD)) || (feed !== undefined && !inFeed(source, row))) continue;
    shown.source[shown.count] = source;
    shown.row[shown.count] = row;
    shown.flags[shown.count] = flags;
    shown.count++;
  }
  // The reactions, few: each found among the rows shown.
  const shownAt = new Map<number, number>();
  if (reacted[0]?.size || reacted[1]?.size) for (let index = 0; index < shown.count; index++) shownAt.set((shown.source[index] as number) * 2 ** 32 + (shown.row[index] as number), index);
  reacted.forEach((rows, source) => {
    for (const [row, emoji] of rows) {
      const index = shownAt.get(source * 2 ** 32 + row);
      if (index !== undefined) (shown.reaction as Map<number, string>).set(index, emoji);
    }
  });
  return shown;
}

/** A list with no article in it: none matches the filters, or the library is empty. */
async function sayNoneShown(ctx: Context, options: ListOptions): Promise<void> {
  await checkFeedName(ctx, options.feed);
  // Said as what was asked: "no unread articles" is news a reader is glad of, "no match" is not.
  const which = options.unread === true ? (options.feed !== undefined ? `no unread articles from ${options.feed}` : 'no unread articles') : options.feed !== undefined ? `no articles from ${options.feed}` : undefined;
  ctx.io.err(which !== undefined ? `news: ${which}. Run news list to see them all\n` : `news: no articles yet. Add one with news add <file or address>, or follow a feed with news feed add <address>\n`);
}

function reportWarnings(ctx: Context, warnings: readonly string[]): void {
  for (const warning of warnings) ctx.io.err(`news: warning: ${warning}\n`);
}

/** A --feed that matched nothing must at least name a feed. */
async function checkFeedName(ctx: Context, feed: string | undefined): Promise<void> {
  if (feed !== undefined && !(await isFeedName(ctx, feed))) throw new NewsError('not-found', `no feed named "${feed}"`, "See 'news feed list'");
}

/** The few rows of a short list, as the columns a long one reads. */
function columnsOf(rows: readonly Listed[]): ListColumns {
  const out = emptyColumns();
  for (const row of rows) pushListed(out, row);
  return out;
}

/** The rows that `keep` keeps, at most `limit` of them; all of them as they are when it keeps every one. */
function pick(all: ListColumns, keep: (index: number) => boolean, limit: number | undefined): ListColumns {
  const count = all.slug.length;
  const kept: number[] = [];
  for (let index = 0; index < count && kept.length !== limit; index++) if (keep(index)) kept.push(index);
  if (kept.length === count) return all;
  const out = {} as ListColumns;
  for (const key of Object.keys(all) as (keyof ListColumns)[]) {
    const column = all[key] as unknown[];
    (out as unknown as Record<string, unknown[]>)[key] = kept.map((index) => column[index]);
  }
  return out;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1) throw new InvalidValue('Give a whole number of articles, 1 or more');
  return limit;
}

async function isFeedName(ctx: Context, name: string): Promise<boolean> {
  const { Subscriptions } = await import('../feeds/subscriptions.js');
  try {
    return new Subscriptions(ctx.dataDir).read().some((feed) => feed.name === name);
  } catch (error) {
    if (error instanceof NewsError) return false;
    throw error;
  }
}

/** One article as `news list` shows it: the slug to type, the title, and the notes after it. */
export interface ListRow {
  slug: string;
  title: string;
  tail: string;
}

/** How each part of a line is styled. */
export interface ListStyle {
  slug: (text: string) => string;
  title: (text: string) => string;
  tail: (text: string) => string;
}

/** The widths of the rows' titles and tails, when the caller has them already (the cached list keeps them). */
export interface Measured {
  titleWidths: readonly number[];
  /** Whether every title's characters are each one column wide. */
  titlesSingleColumn: boolean;
  tailWidths: readonly number[];
}

const UNSTYLED: ListStyle = { slug: (text) => text, title: (text) => text, tail: (text) => text };

/**
 * The rows as lines, in one layout for every row, chosen as render/list-layout.ts says. No line
 * is wider than `width` (a slug wider than that is cut, never broken across lines), and no line
 * ends in spaces.
 */
export function layoutList(rows: ListRow[], width: number, terminal: boolean, style: ListStyle = UNSTYLED, measured?: Measured): string[] {
  // Each text is measured once, into plain arrays: with ten thousand articles, measuring and
  // the objects made for each row are most of the cost of the layout. Slugs are ASCII.
  // A slug wider than the line is cut, as a title is: what is left of it is a beginning, which
  // `news read` takes as the slug when no other article's begins the same.
  const slugs = rows.map(({ slug }) => (slug.length > width ? truncateSingleColumn(slug, width) : slug));
  const slugWidths = slugs.map((slug) => slug.length);
  const titles = measured ? { widths: measured.titleWidths, singleColumn: measured.titlesSingleColumn } : columnsOfEach(rows.map(({ title }) => title));
  const titleWidths = titles.widths;
  const tailWidths = measured?.tailWidths ?? columnsOfEach(rows.map(({ tail }) => tail)).widths;
  // Row `index`'s title cut to `room` columns, and its width then; set apart, as a pair
  // would be one more object per row.
  let cutWidth = 0;
  const cutTitle = (index: number, room: number): string => {
    const title = (rows[index] as ListRow).title;
    cutWidth = titleWidths[index] ?? 0;
    if (cutWidth <= room) return title;
    const cut = titles.singleColumn ? truncateSingleColumn(title, room) : truncate(title, room);
    cutWidth = titles.singleColumn ? cut.length : columns(cut);
    return cut;
  };
  // Loops, not Math.max(...widths): spreading a hundred thousand arguments overflows the stack.
  let slugWidth = 0;
  let titleMax = 0;
  let tailWidth = 0;
  let shortestTail = Infinity;
  for (let index = 0; index < rows.length; index++) {
    slugWidth = Math.max(slugWidth, slugWidths[index] ?? 0);
    titleMax = Math.max(titleMax, titleWidths[index] ?? 0);
    tailWidth = Math.max(tailWidth, tailWidths[index] ?? 0);
    shortestTail = Math.min(shortestTail, tailWidths[index] ?? 0);
  }
  // Runs of spaces, each made once: most rows need one of the same few.
  const spaces: string[] = [];
  const space = (used: number, upTo: number): string => {
    const count = Math.max(0, upTo - used);
    return (spaces[count] ??= ' '.repeat(count));
  };
  // Row `index` on one line: the slug, its title cut to `room`, and the notes after them.
  const oneLineRow = (index: number, room: number): string => {
    const { tail } = rows[index] as ListRow;
    const slug = slugs[index] as string;
    const cut = cutTitle(index, room);
    return `${style.slug(slug)}${space(slugWidths[index] ?? 0, slugWidth + GAP)}${style.title(cut)}${space(cutWidth, room + GAP)}${style.tail(tail)}`;
  };

  const layout = chooseListLayout({ slugWidth, titleMax, tailWidth, shortestTail }, width, terminal, (roomFor, enough) => tailWidths.every((tail, index) => roomFor(tail) >= Math.min(enough, titleWidths[index] ?? 0)));
  if (layout.kind === 'one-line') return rows.map((_, index) => oneLineRow(index, titleRoom(layout, tailWidths[index] ?? 0)));
  if (layout.kind === 'slugs') return slugs.map((slug) => style.slug(slug));
  if (layout.kind === 'titles') {
    return slugs.map((slug, index) => {
      // Nothing after the title: no spaces either (those the byte writers trim too).
      const cut = cutTitle(index, layout.room).replace(/[\t-\r ]+$/, '');
      return cut === '' ? style.slug(slug) : `${style.slug(slug)}${space(slugWidths[index] ?? 0, slugWidth + GAP)}${style.title(cut)}`;
    });
  }
  if (layout.kind === 'tails') return rows.map(({ tail }, index) => `${style.slug(slugs[index] as string)}${space(slugWidths[index] ?? 0, slugWidth + GAP)}${style.tail(tail)}`);
  const indent = space(0, INDENT);
  if (layout.kind === 'indented') {
    return rows.flatMap(({ tail }, index) => {
      const cut = cutTitle(index, layout.room);
      return [style.slug(slugs[index] as string), `${indent}${style.title(cut)}${space(cutWidth, layout.room + GAP)}${style.tail(tail)}`];
    });
  }
  return rows.flatMap(({ title, tail }, index) => [
    style.slug(slugs[index] as string),
    ...(title.trim() === '' ? [] : [`${indent}${style.title(truncate(title, width - INDENT).trimEnd())}`]),
    ...wrapNotes(tail, width - INDENT).map((line) => `${indent}${style.tail(line)}`),
  ]);
}

/** Notes on as few lines as fit, breaking between notes (at " · ", or before the reaction) first. */
function wrapNotes(tail: string, width: number): string[] {
  const pieces = tail.split(/( \u00B7 | {2})/);
  const lines: string[] = [];
  for (let index = 0; index < pieces.length; index += 2) {
    const note = pieces[index] ?? '';
    const last = lines.length - 1;
    const joined = `${lines[last] ?? ''}${pieces[index - 1] ?? ''}${note}`;
    if (last >= 0 && columns(joined) <= width) lines[last] = joined;
    else lines.push(...wrapText(note, width));
  }
  return lines;
}
