import { Command, InvalidArgumentError, Option } from 'commander';
import { checkSlug } from '../articles/slug.js';
import type { Input } from '../articles/user-articles.js';
import type { Context } from '../context.js';
import { say } from './shared.js';

interface AddOptions {
  slug?: string;
  force?: boolean;
  url?: string;
  timeout?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

const MIN_TIMEOUT_SECONDS = 1;
const MAX_TIMEOUT_SECONDS = 3600;

/** `--timeout <seconds>`, for the commands that fetch. */
export function timeoutOption(): Option {
  return new Option('--timeout <seconds>', `give up on an address after this many seconds (default: ${DEFAULT_TIMEOUT_SECONDS})`).argParser((value) => {
    const seconds = Number(value);
    // At least a second, as the message says: less is no time for a server to answer (0.001
    // was taken, and reported as "gave up after 0 s"). Fractions above one are taken as given.
    if (!/^\d+(?:\.\d+)?$/.test(value) || seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
      throw new InvalidArgumentError(`Give a number of seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}`);
    }
    return seconds;
  });
}

export function addCommand(ctx: Context): Command {
  return new Command('add')
    .description('add an article: a web page or its address, Markdown, or plain text')
    .argument('<file>', 'the file, an http(s) address, or - for standard input')
    .option('--slug <name>', 'the article\'s name (default: made from its title)')
    .option('-f, --force', 'replace your article of the same name, or put yours in place of a bundled one')
    .option('--url <address>', 'where a saved page came from: its links are resolved against it, and it is kept as the article\'s address')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
A web page (a saved .html file, or an address) is read as a browser's reader
mode reads it: the article's text, headings, lists, quotes and links, without
menus, banners, comments or scripts; its title, standfirst, author, date and
site are kept. Nothing else is fetched (images stay as their addresses).

A Markdown file starts with front matter ("---", "title: …", "---"), or with a
"# Title" line, and has a body. Any other file is read as plain text: the
title, the dek, then paragraphs, with short lines that do not end like a
sentence taken as section headings. When blank lines separate them, each is
the lines between blank lines (wrapped paragraphs are joined); otherwise each
is one line.

Examples:
  $ news add https://example.org/story   # a page on the web
  $ news add page.html --url <address>   # a saved page, and where it was
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

// A scheme of two letters or more: "C:\story.txt" is a Windows path, not an address.
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;

export async function runAdd(ctx: Context, file: string, options: AddOptions): Promise<void> {
  const { addArticle, readInput, isHtml } = await import('../articles/user-articles.js');
  // Bad options are usage errors before anything is read or fetched.
  if (options.slug !== undefined) checkSlug(options.slug);
  const web = SCHEME.test(file) || options.url !== undefined ? await import('../web/index.js') : undefined;
  const pageUrl = options.url === undefined ? undefined : web?.checkAddress(options.url);
  let input: Input;
  if (web && SCHEME.test(file)) {
    const page = await web.fetchPage(ctx.net, file, (options.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
    input = { name: page.url, bytes: page.kind === 'html' ? utf8(web.pageToArticleFile(page.bytes, page.charset, page.url, page.url).text) : page.bytes };
  } else {
    input = await readInput(file, ctx.io);
    if (isHtml(input)) {
      const { pageToArticleFile } = web ?? (await import('../web/index.js'));
      input = { name: input.name, bytes: utf8(pageToArticleFile(input.bytes, undefined, pageUrl, input.name).text) };
    }
  }
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

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
