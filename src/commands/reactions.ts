import { Command } from 'commander';
import type { Context } from '../context.js';
import { describeReaction, nameOf } from '../reactions/palette.js';
import { toJson } from '../render/json.js';
import { columns, padEnd, sanitizeLine, truncate } from '../render/text.js';
import { resolveStyles, resolveWidth, widthOption } from './shared.js';

interface ReactionsOptions {
  json?: boolean;
  width?: number;
  color?: boolean;
}

export function reactionsCommand(ctx: Context): Command {
  return new Command('reactions')
    .description('show your reactions, newest first, and how often you used each emoji')
    .argument('[article]', 'only your reaction to this article')
    .addOption(widthOption('list'))
    .option('--json', 'print the reactions as JSON')
    .addHelpText('after', '\nExamples:\n  $ news reactions\n  $ news reactions witkoff-leak\n  $ news reactions --json')
    .action(async (name: string | undefined, options: ReactionsOptions, command: Command) => {
      await runReactions(ctx, name, { ...command.optsWithGlobals<ReactionsOptions>(), ...options });
    });
}

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
  rows.forEach((row, index) => {
    const day = localDay(new Date(row.at));
    const lead = padEnd(describeReaction(row.emoji), emojiWidth);
    const titleWidth = Math.min(longestTitle, Math.max(10, width - emojiWidth - columns(day) - 4));
    lines.push(`${lead}  ${padEnd(truncate(titles[index] ?? '', titleWidth), titleWidth)}  ${c.dim(day)}`);
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

function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
