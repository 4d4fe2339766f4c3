import { Command } from 'commander';
import type { Context } from '../context.js';
import { Interrupted } from '../errors.js';

export function browseCommand(ctx: Context): Command {
  return new Command('browse')
    .description('read full-screen: the list, the articles, your reactions, all by keys')
    .addHelpText(
      'after',
      `
The list: \u2191\u2193 or j k move, / filters, Enter opens, q quits.
An article: Space and b page, ] and [ jump between sections, t shows the
outline, / searches, r reacts (1\u20137), q goes back. ? shows every key.

Where you stop in an article is kept: opening it again resumes there, and
reading to the end marks it read. 'news' alone browses when it runs on a
terminal; in a pipe, or on a terminal with TERM=dumb, it prints the list.

Examples:
  $ news
  $ news browse`,
    )
    .action(async (_options: unknown, command: Command) => {
      await runBrowse(ctx, command.optsWithGlobals<{ color?: boolean }>());
    });
}

export async function runBrowse(ctx: Context, options: { color?: boolean }): Promise<void> {
  // The full-screen reader and what only it needs load here, for browsing runs only.
  const { browse } = await import('../browse/index.js');
  const code = await browse(ctx, options);
  if (code !== 0) throw new Interrupted(code);
}
