import { Command } from 'commander';
import type { ArticleEntry } from '../articles/library.js';
import { checkSlug } from '../articles/slug.js';
import type { Context } from '../context.js';
import { NewsError, usageError } from '../errors.js';
import { say } from './shared.js';

interface RemoveOptions {
  yes?: boolean;
}

export function removeCommand(ctx: Context): Command {
  return new Command('remove')
    .description('remove an article of your own')
    .argument('<article>', 'the article\'s whole name (slug), as `news list` shows it')
    .option('-y, --yes', 'remove without asking (needed when not on a terminal)')
    .addHelpText(
      'after',
      `
The whole name is needed: the start of one, enough for news read, is not
enough to delete it. On a terminal news asks before removing; elsewhere, pass
--yes. Bundled articles cannot be removed; removing yours that replaced a
bundled one brings the bundled one back. Your reaction to the article is kept.

Examples:
  $ news remove my-story
  $ news remove my-story --yes           # without asking, as in a script`,
    )
    .action(async (name: string, options: RemoveOptions) => {
      await runRemove(ctx, name, options);
    });
}

export async function runRemove(ctx: Context, name: string, options: RemoveOptions): Promise<void> {
  const { removeUserArticle, titleOf } = await import('../articles/user-articles.js');
  const entry = findToRemove(ctx, name);
  const title = titleOf(ctx.library, entry);
  const named = title === undefined ? entry.slug : `“${title}” (${entry.slug})`;
  if (entry.origin === 'user' && !options.yes) {
    // The question goes to stderr: someone must be there to see it and answer.
    if (!(ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY && ctx.io.stderrIsTTY)) {
      throw usageError(`not removing ${named} without --yes when not on a terminal`, `Run 'news remove ${entry.slug} --yes'`);
    }
    const answer = await ctx.io.ask(`Remove ${named}? [y/N] `);
    if (answer === undefined) ctx.io.err('\n');
    // Not an error of the reader's, but the command did not do what it was asked: exit 1.
    if (!/^\s*y(es)?\s*$/i.test(answer ?? '')) throw new NewsError('io', 'nothing removed');
  }
  const bundled = await removeUserArticle(ctx.library, entry);
  let back = '';
  if (bundled) {
    const bundledTitle = titleOf(ctx.library, bundled);
    back = ` The bundled ${bundledTitle === undefined ? 'one' : `“${bundledTitle}”`} is back: news read ${entry.slug}`;
  }
  say(ctx, `Removed ${named}.${back}`, [`news read ${entry.slug}`]);
}

/**
 * The article with exactly this name. Deleting is not reading: the start of a name, enough for
 * `news read`, only brings the names it could be, so that nothing is removed that was not named.
 */
function findToRemove(ctx: Context, name: string): ArticleEntry {
  const slug = checkSlug(name);
  const exact = ctx.library.findExact(slug);
  if (exact) return exact;
  // Only the reader's own articles are worth suggesting: bundled ones cannot be removed.
  const starting = ctx.library
    .list()
    .entries.filter((entry) => entry.origin === 'user')
    .map((entry) => entry.slug)
    .filter((candidate) => candidate.startsWith(slug));
  if (starting.length === 0) {
    // Nothing starts so: the library's own "no article named …", with its suggestions.
    const found = ctx.library.find(slug);
    if (found.slug === slug) return found;
    if (found.origin !== 'user') {
      throw new NewsError('not-found', `no article of yours is named "${slug}"`, "Only your own articles can be removed; 'news list' marks them 'yours'");
    }
    starting.push(found.slug); // one appeared meanwhile
  }
  const shown = starting.slice(0, 5).map((candidate) => `'news remove ${candidate}'`);
  throw new NewsError(
    'not-found',
    `no article is named exactly "${slug}", and news remove needs the whole name`,
    `${starting.length === 1 ? 'Did you mean' : 'Did you mean one of'} ${shown.join(', ')}${starting.length > 5 ? ' or more (see news list)' : ''}?`,
  );
}
