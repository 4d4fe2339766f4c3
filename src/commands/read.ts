import { withHeadingText } from '../articles/headings.js';
import type { ArticleEntry } from '../articles/library.js';
import type { Article } from '../articles/model.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import type { Footer } from '../render/article.js';
import type { Styles } from '../render/styles.js';
import { articleJson, toJson } from '../render/json.js';
import { PALETTE, describeReaction } from '../reactions/palette.js';
import { sanitizeText } from '../render/text.js';
import type { Reaction } from '../reactions/store.js';
import { pickArticle, resolveStyles, resolveWidth, widthOption } from './shared.js';
import type { CommandSpec } from './spec.js';

const FORMATS = ['terminal', 'text', 'markdown', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface ReadOptions {
  section?: string;
  width?: number;
  json?: boolean;
  format?: Format;
  pager?: boolean;
  color?: boolean;
}

export const READ: CommandSpec = {
  name: 'read',
  description: 'read an article, set for the terminal',
  arguments: [{ name: '[article]', description: 'the article\'s name (slug) or the start of it, as `news list` shows (default: the one you read last)' }],
  options: [
    { flags: '-s, --section <n|words>', description: 'show one section, by its number in `news sections` or words from its heading' },
    widthOption(),
    { flags: '-f, --format <format>', description: 'terminal is styled, text plain, markdown the source, html a standalone page, json the article and its metadata', choices: FORMATS },
    { flags: '--json', description: 'the same as --format json' },
    { flags: '--pager', description: 'page the article even when it fits on the screen' },
    { flags: '--no-pager', description: 'never page; print straight to the terminal' },
  ],
  help: `
On a terminal, an article taller than the screen is paged with $NEWS_PAGER, else
$PAGER, else less -FRX (quit when it fits, keep colour). Piped output is never
paged, and is plain text unless --format says otherwise.

Examples:
  $ news read witkoff-leak
  $ news read witkoff --section 2
  $ news read witkoff-leak --section "what's next" --width 60
  $ news read witkoff-leak --format html > witkoff.html
  $ news read witkoff-leak | head -20`,
  run: (ctx, [name], options) => runRead(ctx, name, options as ReadOptions),
  // A first read of a plain article (the bundled one is) would leave a cache without the inline
  // Markdown of web articles (emphasis, links, lists, quotes), which every read of one would
  // then compile again: about 1 ms of a formatted read, measured.
  warmUp: async () => {
    const { FORMATTED_SAMPLE } = await import('../render/formatted-sample.js');
    const { parseArticle } = await import('../articles/parse.js');
    const { stylesFor } = await import('../render/styles.js');
    await setArticle(parseArticle(FORMATTED_SAMPLE, 'sample'), 80, await stylesFor(0), undefined, undefined);
  },
};

export async function runRead(ctx: Context, name: string | undefined, options: ReadOptions): Promise<void> {
  const entry = pickArticle(ctx, name, 'read');
  const written = ctx.library.load(entry);
  const article = await withHeadingText(written);
  const section = options.section === undefined ? undefined : pickSection(article, options.section);
  const format = options.json ? 'json' : (options.format ?? defaultFormat(ctx, options));
  // The Markdown source keeps its headings as written.
  const output = await renderAs(format, ctx, entry, format === 'markdown' ? written : article, section, options);
  if (format === 'terminal' || format === 'text') await showOnTerminal(ctx, output, options.pager);
  else ctx.io.out(output);
  await ctx.state.rememberLastRead(entry.slug);
  await ctx.unread.markRead(entry.slug);
}

/** Styled on a terminal (or when colour is forced), plain text in a pipe. */
function defaultFormat(ctx: Context, options: ReadOptions): Format {
  return ctx.io.stdoutIsTTY || (ctx.io.colorLevel > 0 && options.color !== false) ? 'terminal' : 'text';
}

async function renderAs(format: Format, ctx: Context, entry: ArticleEntry, article: Article, section: number | undefined, options: ReadOptions): Promise<string> {
  switch (format) {
    case 'json':
      return toJson(articleJson(entry, article, ctx.reactions.readForDisplay()[entry.slug], ctx.unread.readForDisplay().has(entry.slug), section));
    case 'html':
      return (await import('../render/html.js')).renderHtml(article, section);
    case 'markdown': {
      const source = section === undefined ? ctx.library.source(entry) : (await import('../render/source.js')).sectionSource(article, section);
      // The source is data, but a terminal would act on control characters in it.
      return ctx.io.stdoutIsTTY ? sanitizeText(source) : source;
    }
    default: {
      const width = resolveWidth(ctx, options.width);
      const styles = await resolveStyles(ctx, format === 'text' ? false : options.color);
      return setArticle(article, width, styles, section, ctx.reactions.readForDisplay()[entry.slug]);
    }
  }
}

/** The article (or one section) set for the terminal, styled or not, with its footer. */
async function setArticle(article: Article, width: number, styles: Styles, section: number | undefined, reaction: Reaction | undefined): Promise<string> {
  // The renderer, and marked only for an article with more than the Markdown web articles use
  // (render/fast-markdown.ts), are loaded only by the command that sets an article.
  const { renderArticle } = await import('../render/article.js');
  const markdown = await (await import('../render/renderer-for.js')).markdownRendererFor(article, styles, section);
  return renderArticle(article, { width, styles, markdown, section, footer: footerFor(article, reaction) });
}

/**
 * On a terminal, an article taller than the screen goes through the pager; `--pager` pages even
 * a short one, `--no-pager` never does; piped output is never paged.
 */
async function showOnTerminal(ctx: Context, output: string, pager: boolean | undefined): Promise<void> {
  const command = pagerCommand(ctx);
  // A screen of text and the prompt after it do not fit: as with less -F, a full screen pages.
  // Counted only for a terminal: piped, a long article is not split into lines again.
  const tall = (): boolean => lineCount(output) >= (ctx.io.rows ?? 24);
  if (!ctx.io.stdoutIsTTY || pager === false || command === undefined || !(pager === true || tall())) {
    ctx.io.out(output);
    return;
  }
  const status = await ctx.io.page(output, command);
  if (status === 127) {
    ctx.io.err(`news: the pager "${command}" was not found; set PAGER, or use --no-pager\n`);
    ctx.io.out(output);
  }
}

function lineCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** $NEWS_PAGER, else $PAGER, else less; an empty value or cat means no pager. */
export function pagerCommand(ctx: Context): string | undefined {
  const command = (ctx.io.env.NEWS_PAGER ?? ctx.io.env.PAGER ?? 'less').trim();
  return command === '' || command === 'cat' ? undefined : command;
}

/** The Markdown of the parts renderArticle shows: one section, or the lede and every section. */
export function footerFor(article: Article, reaction: Reaction | undefined): Footer {
  const change = `news react <emoji> ${article.slug}`;
  const remove = `news react --remove ${article.slug}`;
  const react = `news react 😮 ${article.slug}`;
  return {
    prompt: article.prompt,
    palette: PALETTE.map(({ emoji, name }) => `${emoji} ${name}`),
    current: reaction ? describeReaction(reaction.emoji) : undefined,
    hint: reaction ? [`Change it with: ${change}`, `Take it back: ${remove}`] : [`React with: ${react} (an emoji or a name above)`],
    commands: reaction ? [change, remove] : [react],
  };
}

/** A section by its number (1-based, as `news sections` shows) or by words from its heading. */
export function pickSection(article: Article, selector: string): number {
  const count = article.sections.length;
  if (count === 0) throw usageError(`"${article.slug}" has no sections`, `Read it whole with 'news read ${article.slug}'`);
  if (/^\d+$/.test(selector.trim())) {
    const number = Number(selector.trim());
    if (number >= 1 && number <= count) return number - 1;
    throw usageError(`there is no section ${number}: "${article.slug}" has ${count}`, `Run 'news sections ${article.slug}' to see them`);
  }
  const words = foldForSearch(selector).split(/\s+/).filter(Boolean);
  if (words.length === 0) throw usageError('--section needs a number or words from a heading', `Run 'news sections ${article.slug}' to see them`);
  const matches = article.sections
    .map((section, index) => ({ index, heading: foldForSearch(section.heading) }))
    .filter(({ heading }) => words.every((word) => heading.includes(word)));
  if (matches.length === 1 && matches[0]) return matches[0].index;
  if (matches.length === 0) {
    throw usageError(`no section heading in "${article.slug}" has "${selector}"`, `Run 'news sections ${article.slug}' to see them`);
  }
  throw usageError(
    `"${selector}" is in ${matches.length} section headings (${matches.map(({ index }) => index + 1).join(', ')})`,
    'Give more words, or the section number',
  );
}

/** Lower case, accents and curly quotes folded, so "whats next" finds "What’s next". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2019\u2018']/g, '') // ’ ‘ '
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ');
}
