import { usageError } from '../errors.js';
import { quoteTyped } from '../render/text.js';

/** The reactions the footer offers by name, as a news site's reaction bar does. */
export const PALETTE = [
  { name: 'like', emoji: '👍' },
  { name: 'dislike', emoji: '👎' },
  { name: 'love', emoji: '❤️' },
  { name: 'funny', emoji: '😂' },
  { name: 'wow', emoji: '😮' },
  { name: 'sad', emoji: '😢' },
  { name: 'angry', emoji: '😡' },
] as const;

// The full emoji table as a RegExp takes ~40 ms to build and compile, as long as the rest of
// `news react` together. The common shapes are recognised without it: a single emoji, one
// made an emoji by U+FE0F (❤️), and one with a skin tone (👍🏽). Each rule was checked against
// \p{RGI_Emoji} over every code point. Flags, ZWJ sequences and keycaps go to the table.
const PRESENTATION = /^(?![\u{1F1E6}-\u{1F1FF}])\p{Emoji_Presentation}$/u;
const WITH_SELECTOR = /^(?![#*0-9])\p{Emoji}\uFE0F$/u;
const WITH_SKIN_TONE = /^(?!\u{1F46A})\p{Emoji_Modifier_Base}\p{Emoji_Modifier}$/u;
let everyEmoji: RegExp | undefined;

function isSingleEmoji(text: string): boolean {
  if (PRESENTATION.test(text) || WITH_SKIN_TONE.test(text)) return true;
  if (WITH_SELECTOR.test(text)) return !/^\p{Emoji_Presentation}/u.test(text) || isRgi(text);
  return isRgi(text);
}

function isRgi(text: string): boolean {
  everyEmoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v');
  return everyEmoji.test(text);
}
const EMOJI_PRESENTATION = '\uFE0F';
const SHORTCODE = /^:([a-z0-9_+-]+):$/;

export type ShortcodeLookup = (name: string) => string | undefined;

/**
 * Reads what the reader typed as one reaction: a single emoji as typed or pasted (skin tones,
 * ZWJ sequences and flags included), a palette name, or a `:shortcode:`. The result is the
 * emoji in its fully-qualified form, so that ❤ and ❤️ are the same reaction.
 */
export function parseReaction(input: string, shortcodes: ShortcodeLookup): string {
  const text = input.trim();
  // The palette's own, by emoji or name, without the emoji patterns (each compiled on first use).
  const named = PALETTE.find(({ name, emoji }) => emoji === text || name === text.toLowerCase());
  if (named) return named.emoji;
  const shortcode = SHORTCODE.exec(text.toLowerCase());
  if (shortcode?.[1]) {
    const emoji = shortcodes(shortcode[1]);
    const qualified = emoji === undefined ? undefined : qualifyEmoji(emoji);
    if (qualified) return qualified;
    throw notAReaction(input, `there is no emoji called :${shortcode[1]}:`);
  }
  const qualified = qualifyEmoji(text);
  if (qualified) return qualified;
  throw notAReaction(input);
}

/** The fully-qualified form of a single emoji, or undefined when the text is not exactly one. */
export function qualifyEmoji(text: string): string | undefined {
  if (isSingleEmoji(text)) return text;
  // Emoji typed without the presentation selector (❤ rather than ❤️), whole or in a sequence.
  // Only pictographs that are text-style by default take the selector (👩‍❤‍👨 → 👩‍❤️‍👨, not 👩️‍❤️‍👨️).
  const withSelector = text.replace(/((?!\p{Emoji_Presentation})\p{Extended_Pictographic})(?!\uFE0F|\p{Emoji_Modifier})/gu, `$1${EMOJI_PRESENTATION}`);
  if (withSelector !== text && isSingleEmoji(withSelector)) return withSelector;
  const withoutSelector = text.replaceAll(EMOJI_PRESENTATION, '');
  if (withoutSelector !== text && isSingleEmoji(withoutSelector)) return withoutSelector;
  return undefined;
}

export function nameOf(emoji: string): string | undefined {
  return PALETTE.find((entry) => entry.emoji === emoji)?.name;
}

/** "😮 wow" for palette emoji, the emoji alone otherwise. */
export function describeReaction(emoji: string): string {
  const name = nameOf(emoji);
  return name ? `${emoji} ${name}` : emoji;
}

function notAReaction(input: string, why?: string) {
  const shown = quoteTyped(input);
  const names = PALETTE.map(({ name, emoji }) => `${name} ${emoji}`).join(', ');
  return usageError(
    why ? `${shown} is not a reaction: ${why}` : `${shown} is not a reaction`,
    `React with one emoji, or one of these names: ${names}, or a :shortcode: like :tada:`,
  );
}
