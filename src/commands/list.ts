import { Command } from 'commander';
import { readingMinutes } from '../articles/model.js';
import type { Context } from '../context.js';
import { articleSummaryJson, toJson } from '../render/json.js';
import { columns, sanitizeLine, truncate, wrapText } from '../render/text.js';
import { resolveStyles, resolveWidth, widthOption } from './shared.js';

interface ListOptions {
  json?: boolean;
  width?: number;
  color?: boolean;
}

export function listCommand(ctx: Context): Command {
  return new Command('list')
    .description('list every article: bundled ones and your own')
    .addOption(widthOption())
    .option('--json', 'print the list as JSON')
    .addHelpText('after', '\nExamples:\n  $ news list\n  $ news list --json | jq -r \'.[].slug\'')
    .action(async (options: ListOptions, command: Command) => {
      await runList(ctx, { ...command.optsWithGlobals<ListOptions>(), ...options });
    });
}

export async function runList(ctx: Context, options: ListOptions): Promise<void> {
  const { results, warnings } = await ctx.library.summaries();
  const reactions = ctx.reactions.readForDisplay();
  const rows = [];
  for (const result of results) {
    if ('summary' in result) rows.push({ entry: result.entry, article: result.summary });
    else warnings.push(result.problem);
  }
  for (const warning of warnings) ctx.io.err(`news: warning: ${warning}\n`);
  if (options.json) {
    ctx.io.out(toJson(rows.map(({ entry, article }) => articleSummaryJson(entry, article, reactions[entry.slug]))));
    return;
  }
  if (rows.length === 0) {
    ctx.io.err(`news: no articles yet. Add Markdown files to ${ctx.library.userDir}\n`);
    return;
  }
  const width = resolveWidth(ctx, options.width);
  const c = await resolveStyles(ctx, options.color);
  const listed = rows.map(({ entry, article }) => {
    const notes = [`${readingMinutes(article.words)} min`];
    if (entry.overridesBundled) notes.push('yours, over the bundled one');
    else if (entry.origin === 'user') notes.push('yours');
    const reaction = reactions[entry.slug];
    return { slug: entry.slug, title: sanitizeLine(article.title), tail: `${notes.join(' · ')}${reaction ? `  ${reaction.emoji}` : ''}` };
  });
  const style = { slug: c.bold, title: (text: string) => text, tail: c.dim };
  const lines = layoutList(listed, width, ctx.io.stdoutIsTTY).map((pieces) => pieces.map(({ kind, text }) => (kind === 'space' ? text : style[kind](text))).join(''));
  // One write for the whole list: thousands of small writes cost more than building it.
  ctx.io.out(`${lines.join('\n')}\n`);
}

/** One article as `news list` shows it: the slug to type, the title, and the notes after it. */
export interface ListRow {
  slug: string;
  title: string;
  tail: string;
}

/** A line of the list, in pieces so that each can be styled; it never ends in spaces. */
export type ListLine = { kind: 'slug' | 'title' | 'tail' | 'space'; text: string }[];

/** The narrowest title column worth showing: a few words. */
const MIN_TITLE = 12;
const GAP = 2;
const INDENT = 2;

/**
 * One layout for every row, never cutting a slug (it is what the reader types). Best, one line
 * per article: the slugs in a column as wide as the longest, then the titles, cut with … to
 * the room left, then the notes in a column of their own. When that leaves too little room for
 * titles, a terminal gets the title on its own indented line under the slug (the notes after
 * it, or under it when even that is too narrow); a pipe keeps one line per article, slug first,
 * and drops the titles (then the notes) instead, as `ls` keeps its columns for the screen.
 * No line is wider than `width`, except a slug that is wider on its own: it is never broken.
 */
export function layoutList(rows: ListRow[], width: number, terminal: boolean): ListLine[] {
  // Each text is measured once: with ten thousand articles, measuring is most of the layout.
  const measured = rows.map((row) => ({ ...row, slugWidth: columns(row.slug), titleWidth: columns(row.title), tailWidth: columns(row.tail) }));
  let slugWidth = 0;
  let titleMax = 0;
  let tailWidth = 0;
  let shortestTail = Infinity;
  for (const row of measured) {
    slugWidth = Math.max(slugWidth, row.slugWidth);
    titleMax = Math.max(titleMax, row.titleWidth);
    tailWidth = Math.max(tailWidth, row.tailWidth);
    shortestTail = Math.min(shortestTail, row.tailWidth);
  }
  const enough = Math.max(1, Math.min(MIN_TITLE, titleMax));
  const space = (used: number, upTo: number): ListLine[number] => ({ kind: 'space', text: ' '.repeat(Math.max(0, upTo - used)) });
  // The title cut to `room` columns, and its width.
  const cutTitle = (row: (typeof measured)[number], room: number): [string, number] => {
    if (row.titleWidth <= room) return [row.title, row.titleWidth];
    const cut = truncate(row.title, room);
    return [cut, columns(cut)];
  };

  const oneLine = Math.min(titleMax, width - slugWidth - tailWidth - 2 * GAP);
  // One long note (a reaction, "over the bundled one") should not cost every row its title:
  // notes line up where most rows need them, and a row with a longer note gives its own
  // title the room, as long as every title keeps a useful width.
  const usual = Math.min(titleMax, width - slugWidth - shortestTail - 2 * GAP);
  const roomFor = (tail: number): number => Math.min(usual, width - slugWidth - tail - 2 * GAP);
  if (oneLine < Math.min(titleMax, 2 * MIN_TITLE) && usual > Math.max(oneLine, 0) && measured.every((row) => roomFor(row.tailWidth) >= Math.min(enough, row.titleWidth))) {
    return measured.map((row) => {
      const room = roomFor(row.tailWidth);
      const [cut, cutWidth] = cutTitle(row, room);
      return [{ kind: 'slug', text: row.slug }, space(row.slugWidth, slugWidth + GAP), { kind: 'title', text: cut }, space(cutWidth, room + GAP), { kind: 'tail', text: row.tail }];
    });
  }
  if (oneLine >= enough) {
    return measured.map((row) => {
      const [cut, cutWidth] = cutTitle(row, oneLine);
      return [{ kind: 'slug', text: row.slug }, space(row.slugWidth, slugWidth + GAP), { kind: 'title', text: cut }, space(cutWidth, oneLine + GAP), { kind: 'tail', text: row.tail }];
    });
  }
  if (!terminal) {
    if (slugWidth + GAP + tailWidth > width) return measured.map(({ slug }) => [{ kind: 'slug', text: slug }]);
    return measured.map((row) => [{ kind: 'slug', text: row.slug }, space(row.slugWidth, slugWidth + GAP), { kind: 'tail', text: row.tail }]);
  }
  const indent = space(0, INDENT);
  const indented = Math.min(titleMax, width - INDENT - tailWidth - GAP);
  if (indented >= enough) {
    return measured.flatMap((row): ListLine[] => {
      const [cut, cutWidth] = cutTitle(row, indented);
      return [[{ kind: 'slug', text: row.slug }], [indent, { kind: 'title', text: cut }, space(cutWidth, indented + GAP), { kind: 'tail', text: row.tail }]];
    });
  }
  return measured.flatMap(({ slug, title, tail }): ListLine[] => [
    [{ kind: 'slug', text: slug }],
    ...(title.trim() === '' ? [] : [[indent, { kind: 'title', text: truncate(title, width - INDENT).trimEnd() }] satisfies ListLine]),
    ...wrapNotes(tail, width - INDENT).map((line): ListLine => [indent, { kind: 'tail', text: line }]),
  ]);
}

/** Notes on as few lines as fit, breaking between notes (at " · ", or before the reaction) first. */
function wrapNotes(tail: string, width: number): string[] {
  const pieces = tail.split(/( · | {2})/);
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
