import { Command } from 'commander';
import { readingMinutes } from '../articles/model.js';
import type { Context } from '../context.js';
import { articleSummaryJson, toJson } from '../render/json.js';
import { columns, padEnd, sanitizeLine, truncate } from '../render/text.js';
import { resolveStyles, resolveWidth, widthOption } from './shared.js';

interface ListOptions {
  json?: boolean;
  width?: number;
  color?: boolean;
}

export function listCommand(ctx: Context): Command {
  return new Command('list')
    .alias('ls')
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
  const c = resolveStyles(ctx, options.color).chalk;
  const slugWidth = Math.min(Math.max(...rows.map(({ entry }) => entry.slug.length)), Math.floor(width / 3));
  const lines: string[] = [];
  for (const { entry, article } of rows) {
    const notes = [`${readingMinutes(article.words)} min`];
    if (entry.overridesBundled) notes.push('yours, replaces the bundled one');
    else if (entry.origin === 'user') notes.push('yours');
    const reaction = reactions[entry.slug];
    const tail = `${notes.join(' · ')}${reaction ? `  ${reaction.emoji}` : ''}`;
    const titleWidth = width - slugWidth - columns(tail) - 4;
    const slug = padEnd(truncate(entry.slug, slugWidth), slugWidth);
    if (titleWidth >= 10) {
      lines.push(`${c.bold(slug)}  ${padEnd(truncate(sanitizeLine(article.title), titleWidth), titleWidth)}  ${c.dim(tail)}`);
    } else {
      lines.push(c.bold(truncate(entry.slug, width)));
    }
  }
  // One write for the whole list: thousands of small writes cost more than building it.
  ctx.io.out(`${lines.join('\n')}\n`);
}
