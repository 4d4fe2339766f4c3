import { Command } from 'commander';
import type { Article } from '../articles/model.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { noteFeature } from '../features.js';
import type { Footer } from '../render/article.js';
import { articleJson, toJson } from '../render/json.js';
import { PALETTE, describeReaction } from '../reactions/palette.js';
import type { Reaction } from '../reactions/store.js';
import { resolveStyles, resolveWidth, widthOption } from './shared.js';

interface ReadOptions {
  section?: string;
  width?: number;
  json?: boolean;
  color?: boolean;
}

export function readCommand(ctx: Context): Command {
  return new Command('read')
    .description('read an article, set for the terminal')
    .argument('<article>', 'the article\'s name (slug) or the start of it, as `news list` shows')
    .option('-s, --section <n|words>', 'show one section, by its number in `news sections` or words from its heading')
    .addOption(widthOption())
    .option('--json', 'print the article as JSON (fields in the README)')
    .addHelpText('after', '\nExamples:\n  $ news read witkoff-leak\n  $ news read witkoff --section 2\n  $ news read witkoff-leak --section "what\'s next" --width 60\n  $ news read witkoff-leak | less')
    .action(async (name: string, options: ReadOptions, command: Command) => {
      await runRead(ctx, name, { ...command.optsWithGlobals<ReadOptions>(), ...options });
    });
}

export async function runRead(ctx: Context, name: string, options: ReadOptions): Promise<void> {
  const entry = ctx.library.find(name);
  const article = ctx.library.load(entry);
  const section = options.section === undefined ? undefined : pickSection(article, options.section);
  const reaction = ctx.reactions.readForDisplay()[entry.slug];
  if (options.json) {
    ctx.io.out(toJson(articleJson(entry, article, reaction, section)));
  } else {
    const width = resolveWidth(ctx, options.width);
    const styles = resolveStyles(ctx, options.color);
    // The renderer, and marked only for an article that has more than plain paragraphs, are
    // loaded only by the command that sets an article.
    const { renderArticle, needsMarked } = await import('../render/article.js');
    const markdown = needsMarked(article) ? await loadMarked() : (await import('../render/blocks.js')).renderPlainMarkdown;
    ctx.io.out(renderArticle(article, { width, styles, markdown, section, footer: footerFor(article, reaction) }));
  }
  await ctx.state.rememberLastRead(entry.slug);
}

async function loadMarked() {
  noteFeature('marked');
  return (await import('../render/markdown.js')).renderMarkdown;
}

export function footerFor(article: Article, reaction: Reaction | undefined): Footer {
  return {
    prompt: article.prompt,
    palette: PALETTE.map(({ emoji, name }) => `${emoji} ${name}`),
    current: reaction ? describeReaction(reaction.emoji) : undefined,
    hint: reaction
      ? `Change it with: news react <emoji> ${article.slug} · take it back: news react --remove ${article.slug}`
      : `React with: news react 😮 ${article.slug} (an emoji or a name above)`,
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
    .replace(/[’‘']/g, '')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ');
}
