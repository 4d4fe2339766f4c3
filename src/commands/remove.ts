import { createRequire } from 'node:module';
import { Command } from 'commander';
import type { Context } from '../context.js';
import { NewsError, usageError } from '../errors.js';

interface RemoveOptions {
  yes?: boolean;
}

/** Asks the reader a question on the terminal; the line typed, or undefined at end of input. */
export type Ask = (question: string) => Promise<string | undefined>;

export function removeCommand(ctx: Context, dependencies: { ask?: Ask } = {}): Command {
  return new Command('remove')
    .description('remove an article of your own')
    .argument('<article>', 'the article\'s name (slug) or the start of it, as `news list` shows')
    .option('-y, --yes', 'remove without asking (needed when not on a terminal)')
    .addHelpText(
      'after',
      `
On a terminal news asks before removing; elsewhere, pass --yes. Bundled articles cannot be
removed; removing yours that replaced a bundled one brings the bundled one back. Your
reaction to the article is kept.

Examples:
  $ news remove my-story
  $ news remove my-story --yes           # without asking, as in a script`,
    )
    .action(async (name: string, options: RemoveOptions) => {
      await runRemove(ctx, name, options, dependencies.ask ?? ((question) => askOnTerminal(ctx, question)));
    });
}

export async function runRemove(ctx: Context, name: string, options: RemoveOptions, ask: Ask): Promise<void> {
  const { removeUserArticle, titleOf } = await import('../articles/user-articles.js');
  const entry = ctx.library.find(name);
  const title = titleOf(ctx.library, entry);
  const named = title === undefined ? entry.slug : `“${title}” (${entry.slug})`;
  if (entry.origin === 'user' && !options.yes) {
    if (!(ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY)) {
      throw usageError(`not removing ${named} without --yes when not on a terminal`, `Run 'news remove ${entry.slug} --yes'`);
    }
    const answer = await ask(`Remove ${named}? [y/N] `);
    if (answer === undefined) ctx.io.err('\n');
    // Not an error of the reader's, but the command did not do what it was asked: exit 1.
    if (!/^\s*y(es)?\s*$/i.test(answer ?? '')) throw new NewsError('io', 'nothing removed');
  }
  const bundled = removeUserArticle(ctx.library, entry);
  let back = '';
  if (bundled) {
    const bundledTitle = titleOf(ctx.library, bundled);
    back = ` The bundled ${bundledTitle === undefined ? 'one' : `“${bundledTitle}”`} is back: news read ${entry.slug}`;
  }
  ctx.io.out(`Removed ${named}.${back}\n`);
}

/** One line typed at the terminal, edited by the terminal itself (not raw mode: Ctrl-C stops news as usual). */
function askOnTerminal(ctx: Context, question: string): Promise<string | undefined> {
  // Built-ins are loaded with require: the bundle runs where import() has no loader (scripts/build.mjs).
  const { createInterface } = createRequire(import.meta.url)('node:readline') as typeof import('node:readline');
  ctx.io.err(question);
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin, terminal: false });
    let answer: string | undefined;
    lines.once('line', (line) => {
      answer = line;
      lines.close();
    });
    lines.once('close', () => resolve(answer));
  });
}
