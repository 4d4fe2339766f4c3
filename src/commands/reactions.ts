import type { Context } from '../context.js';
import { describeReaction, nameOf } from '../reactions/palette.js';
import { toJson } from '../render/json.js';
import { columns, padEnd, sanitizeLine, truncate } from '../render/text.js';
import { resolveStyles, resolveWidth, widthOption } from './shared.js';
import type { CommandSpec } from './spec.js';

interface ReactionsOptions {
  json?: boolean;
  width?: number;
  color?: boolean;
}

export const REACTIONS: CommandSpec = {
  name: 'reactions',
  description: 'show your reactions, newest first, and how often you used each emoji',
  arguments: [{ name: '[article]', description: 'only your reaction to this article' }],
  options: [widthOption('list'), { flags: '--json', description: 'print the reactions as JSON' }],
  help: '\nExamples:\n  $ news reactions\n  $ news reactions witkoff-leak\n  $ news reactions --json',
  run: (ctx, [name], options) => runReactions(ctx, name, options as ReactionsOptions),
};

export async function runReactions(ctx: Context, name: string | undefined, options: ReactionsOptions): Promise<void> {
  const only = name === undefined ? undefined : ctx.library.find(name).slug;
  const all = ctx.reactions.read();
  const rows = Object.entries(all)
    .filter(([slug]) => only === undefined || slug === only)
    .map(([slug, reaction]) => ({ slug, ...reaction, title: titleFor(ctx, slug) }))
    .sort((a, b) => b.at.localeCompare(a.at) || a.slug.localeCompare(b.slug));
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.emoji, (counts.get(row.emoji) ?? 0) + 1);
  const tally = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  if (options.json) {
    ctx.io.out(
      toJson({
        reactions: rows.map((row) => ({ slug: row.slug, title: row.title ?? null, emoji: row.emoji, name: nameOf(row.emoji) ?? null, at: row.at })),
        counts: tally.map(([emoji, count]) => ({ emoji, name: nameOf(emoji) ?? null, count })),
      }),
    );
    return;
  }
  if (rows.length === 0) {
    ctx.io.err(only ? `news: you have not reacted to ${only} yet. React with: news react 😮 ${only}\n` : 'news: no reactions yet. Read an article, then: news react 😮\n');
    return;
  }
  const width = resolveWidth(ctx, options.width, 'list');
  const c = await resolveStyles(ctx, options.color);
  const lines: string[] = [];
  const emojiWidth = Math.max(...rows.map((row) => columns(describeReaction(row.emoji))));
  const titles = rows.map((row) => (row.title === undefined ? `${row.slug} (no longer in the library)` : sanitizeLine(row.title)));
  // No wider than the longest title, so that the dates sit next to the titles on a wide screen.
  const longestTitle = Math.max(...titles.map(columns));
  // Dates give way first on a narrow screen: below ten columns a title says too little.
  const withDates = width - emojiWidth - DATE_WIDTH - 4 >= Math.min(10, longestTitle);
  const titleWidth = Math.max(1, Math.min(longestTitle, width - emojiWidth - 2 - (withDates ? DATE_WIDTH + 2 : 0)));
  rows.forEach((row, index) => {
    const lead = padEnd(describeReaction(row.emoji), emojiWidth);
    const title = truncate(titles[index] ?? '', titleWidth);
    lines.push(withDates ? `${lead}  ${padEnd(title, titleWidth)}  ${c.dim(localDay(new Date(row.at)))}` : `${lead}  ${title}`);
  });
  if (only === undefined) {
    lines.push('', c.bold('Your emoji'));
    const most = tally[0]?.[1] ?? 1;
    const countWidth = String(most).length;
    const barRoom = Math.max(1, Math.min(30, width - 2 - 2 - countWidth - 1));
    for (const [emoji, count] of tally) {
      const bar = '█'.repeat(Math.max(1, Math.round((count / most) * barRoom)));
      lines.push(`${padEnd(emoji, 2)}  ${c.cyan(bar)} ${count}`);
    }
  }
  ctx.io.out(`${lines.join('\n')}\n`);
}

function titleFor(ctx: Context, slug: string): string | undefined {
  const entry = ctx.library.findExact(slug);
  return entry && ctx.library.title(entry);
}

/** localDay's "YYYY-MM-DD". */
const DATE_WIDTH = 10;

function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
