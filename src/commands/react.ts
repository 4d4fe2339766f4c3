import type { Context } from '../context.js';
import { isSlug } from '../articles/slug.js';
import { NewsError, usageError } from '../errors.js';
import { describeReaction, parseReaction, type ShortcodeLookup } from '../reactions/palette.js';
import { requirePackage } from '../packages.js';
import { sanitizeLine } from '../render/text.js';
import { pickArticle, say } from './shared.js';
import type { CommandSpec } from './spec.js';

interface ReactOptions {
  article?: string;
  remove?: boolean;
  repair?: boolean;
}

export const REACT: CommandSpec = {
  name: 'react',
  description: 'record your reaction to an article (by default the one you read last)',
  arguments: [
    { name: '[reaction]', description: 'one emoji (😮, 👍🏽, 🇺🇦, ❤️), a name (like, dislike, love, funny, wow, sad, angry) or a :shortcode:' },
    { name: '[article]', description: 'the article (default: the one you read last)' },
  ],
  options: [
    { flags: '-a, --article <article>', description: 'the article to react to' },
    { flags: '--remove', description: 'take your reaction to the article back' },
    { flags: '--repair', description: 'move an unreadable reactions.json aside and start a fresh one' },
  ],
  // 😮 is two columns wide: its line has one space fewer before the #, so the comments align.
  help: `
Examples:
  $ news react 😮                            # the article you read last
  $ news react love witkoff-leak             # a name from the palette
  $ news react :tada: --article witkoff-leak # a :shortcode:
  $ news react --remove witkoff-leak         # take it back`,
  run: (ctx, [reaction, article], options) => runReact(ctx, reaction, article, options as ReactOptions),
};

export async function runReact(ctx: Context, first: string | undefined, second: string | undefined, options: ReactOptions): Promise<void> {
  if (options.repair) {
    if (first !== undefined || options.remove) throw usageError('--repair takes no reaction or article', "Run 'news react --repair' on its own");
    if (!ctx.reactions.exists()) {
      ctx.io.out(`There is no ${ctx.reactions.path} yet; nothing to repair.\n`);
      return;
    }
    const aside = await ctx.reactions.repair(ctx.now());
    ctx.io.out(aside ? `Moved the unreadable file to ${aside}\nStarted a fresh ${ctx.reactions.path}\n` : `${ctx.reactions.path} is fine; nothing to repair.\n`);
    return;
  }
  if (options.remove) {
    if (second !== undefined || (first !== undefined && /\p{Extended_Pictographic}/u.test(first))) {
      throw usageError('--remove takes only the article, not a reaction', "Like 'news react --remove witkoff-leak', or 'news react --remove' for the one you read last");
    }
    const target = reactionTarget(ctx, named(first, options.article));
    const change = await ctx.reactions.remove(target.slug);
    say(ctx, change.kind === 'removed' ? `Removed your ${describeReaction(change.previous.emoji)} from “${target.title}”.` : `You had not reacted to “${target.title}”; nothing to remove.`);
    return;
  }
  if (first === undefined) {
    throw usageError('which reaction?', "Give one emoji or a name, like 'news react 😮' or 'news react love'");
  }
  const emoji = parseReactionOrExplain(ctx, first, shortcodeLookup(first));
  const entry = pickArticle(ctx, named(second, options.article), 'react 😮', { writes: true });
  const title = titleOf(ctx, entry);
  const change = await ctx.reactions.set(entry.slug, emoji, ctx.now());
  switch (change.kind) {
    case 'added':
      say(ctx, `Reacted ${describeReaction(emoji)} to “${title}”.`);
      break;
    case 'changed':
      say(ctx, `Changed your reaction to “${title}” from ${describeReaction(change.previous.emoji)} to ${describeReaction(emoji)}.`);
      break;
    default:
      say(ctx, `You already reacted ${describeReaction(emoji)} to “${title}”; nothing changed.`);
  }
}

/**
 * What --remove takes a reaction from: an article in the library, or, by its exact name, one
 * that has since been removed but whose reaction is still kept.
 */
function reactionTarget(ctx: Context, name: string | undefined): { slug: string; title: string } {
  try {
    const entry = pickArticle(ctx, name, 'react --remove', { writes: true });
    return { slug: entry.slug, title: titleOf(ctx, entry) };
  } catch (error) {
    if (error instanceof NewsError && name !== undefined && isSlug(name) && Object.hasOwn(ctx.reactions.readForDisplay(), name)) {
      return { slug: name, title: name };
    }
    throw error;
  }
}

/** A reader who types only the article (`news react witkoff-leak`) is told how to add the emoji. */
function parseReactionOrExplain(ctx: Context, input: string, shortcodes: ShortcodeLookup): string {
  try {
    return parseReaction(input, shortcodes);
  } catch (error) {
    if (isSlug(input) && ctx.library.findExact(input)) {
      throw usageError(`"${input}" is an article, not a reaction`, `React to it with an emoji or a name: news react 😮 ${input}`);
    }
    throw error;
  }
}

function named(positional: string | undefined, option: string | undefined): string | undefined {
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw usageError(`two articles named: "${positional}" and --article "${option}"`, 'Name one');
  }
  return positional ?? option;
}

/** The title for messages; a broken article file still gets its reaction, named by slug. */
function titleOf(ctx: Context, entry: ReturnType<Context['library']['find']>): string {
  return sanitizeLine(ctx.library.title(entry) ?? entry.slug);
}

/**
 * node-emoji's table is large: it is loaded only when a :shortcode: is typed, from
 * node_modules rather than the bundle (see scripts/build.mjs).
 */
function shortcodeLookup(input: string): ShortcodeLookup {
  if (!/^\s*:.+:\s*$/.test(input)) return () => undefined;
  const emoji = requirePackage<typeof import('node-emoji')>('node-emoji');
  return (name) => emoji.get(name);
}
