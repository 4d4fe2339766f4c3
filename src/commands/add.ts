import { Command } from 'commander';
import { checkSlug } from '../articles/slug.js';
import type { Context } from '../context.js';
import { say } from './shared.js';

interface AddOptions {
  slug?: string;
  force?: boolean;
}

export function addCommand(ctx: Context): Command {
  return new Command('add')
    .description('add an article of your own, from a Markdown or plain-text file')
    .argument('<file>', 'the file, or - for standard input')
    .option('--slug <name>', 'the article\'s name (default: made from its title)')
    .option('-f, --force', 'replace your article of the same name, or put yours in place of a bundled one')
    .addHelpText(
      'after',
      `
A Markdown file starts with front matter ("---", "title: …", "---"), or with a
"# Title" line, and has a body. Any other file is read as plain text: the
title, the dek, then paragraphs, with short lines that do not end like a
sentence taken as section headings. When blank lines separate them, each is
the lines between blank lines (wrapped paragraphs are joined); otherwise each
is one line.

Examples:
  $ news add story.md                    # Markdown with front matter
  $ news add story.txt                   # plain text
  $ pbpaste | news add -                 # from standard input
  $ news add story.txt --slug my-story   # under a name of your choice
  $ news add story.txt --force           # replace the article of the same name`,
    )
    .action(async (file: string, options: AddOptions) => {
      await runAdd(ctx, file, options);
    });
}

export async function runAdd(ctx: Context, file: string, options: AddOptions): Promise<void> {
  const { addArticle, readInput } = await import('../articles/user-articles.js');
  // A bad --slug is a usage error before anything is read.
  if (options.slug !== undefined) checkSlug(options.slug);
  const input = await readInput(file, ctx.io);
  const added = await addArticle(ctx.library, input, options);
  const replaced =
    added.replaces?.origin === 'bundled'
      ? `, in place of the bundled article (news remove ${added.slug} brings it back)`
      : added.replaces?.origin === 'user'
        ? `, replacing your ${added.replaces.title === undefined ? 'earlier one' : `“${added.replaces.title}”`}`
        : '';
  const read = `news read ${added.slug}`;
  say(ctx, `Added “${added.title}” as ${added.slug}${replaced}. Read it with: ${read}`, [read, `news remove ${added.slug}`]);
}
