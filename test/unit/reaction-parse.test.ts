import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NewsError } from '../../src/errors.js';
import { PALETTE, parseReaction, qualifyEmoji, type ShortcodeLookup } from '../../src/reactions/palette.js';

/** A stand-in for node-emoji: a few names, one of them giving an emoji without its selector. */
const SHORTCODES: Record<string, string> = { tada: '🎉', heart: '❤', fire: '🔥', two: '😮😮', word: 'hello' };
const lookup: ShortcodeLookup = (name) => SHORTCODES[name];
const noShortcodes: ShortcodeLookup = () => undefined;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string): string[] => [...segmenter.segment(text)].map(({ segment }) => segment);
// C0 and C1 controls, DEL, and the bidirectional formatting characters (marks, embeddings, overrides, isolates).
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Calls parseReaction and returns the NewsError it throws (failing if it does not throw one). */
function usageErrorFor(input: string, shortcodes: ShortcodeLookup = lookup): NewsError {
  try {
    const result = parseReaction(input, shortcodes);
    throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result)}`);
  } catch (error) {
    expect(error).toBeInstanceOf(NewsError);
    return error as NewsError;
  }
}

describe('parseReaction: accepted', () => {
  it.each([
    ['😮', '😮'],
    ['👍🏽', '👍🏽'],
    ['🇺🇦', '🇺🇦'],
    ['❤️', '❤️'],
    ['❤', '❤️'],
    ['👩‍👩‍👧', '👩‍👩‍👧'],
    ['🏴󠁧󠁢󠁥󠁮󠁧󠁿', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'],
    ['  😮\n', '😮'],
    ['👩‍❤‍👨', '👩‍❤️‍👨'],
  ])('%j → %j', (input, expected) => {
    expect(parseReaction(input, noShortcodes)).toBe(expected);
  });

  it('treats ❤ and ❤️ as the same reaction', () => {
    expect(parseReaction('❤', noShortcodes)).toBe(parseReaction('❤️', noShortcodes));
    expect(parseReaction('❤', noShortcodes)).toBe('\u2764\uFE0F');
  });

  it.each(PALETTE.map(({ name, emoji }) => [name, emoji]))('palette name %s → %s, in any case', (name, emoji) => {
    expect(parseReaction(name, noShortcodes)).toBe(emoji);
    expect(parseReaction(name.toUpperCase(), noShortcodes)).toBe(emoji);
    expect(parseReaction(name[0]?.toUpperCase() + name.slice(1), noShortcodes)).toBe(emoji);
    expect(parseReaction(` ${name} `, noShortcodes)).toBe(emoji);
  });

  it('offers exactly the seven palette names', () => {
    expect(PALETTE.map(({ name }) => name)).toEqual(['like', 'dislike', 'love', 'funny', 'wow', 'sad', 'angry']);
  });

  it('reads :shortcodes: through the lookup it is given', () => {
    const asked: string[] = [];
    const spy: ShortcodeLookup = (name) => {
      asked.push(name);
      return lookup(name);
    };
    expect(parseReaction(':tada:', spy)).toBe('🎉');
    expect(parseReaction(':TADA:', spy)).toBe('🎉');
    expect(parseReaction(':fire:', spy)).toBe('🔥');
    expect(asked).toEqual(['tada', 'tada', 'fire']);
  });

  it('qualifies what the lookup gives (❤ from :heart: becomes ❤️)', () => {
    expect(parseReaction(':heart:', lookup)).toBe('❤️');
  });
});

describe('parseReaction: refused with a usage error that lists the palette', () => {
  it.each([
    ['a word', 'hello'],
    ['two emoji', '😮😮'],
    ['the empty string', ''],
    ['only whitespace', ' \t\n '],
    ['a screen-clearing escape sequence', '\x1b[2J'],
    ['an escape sequence after an emoji', '😮\x1b[31m'],
    ['a bell after an emoji', '😮\x07'],
    ['a NUL after an emoji', '😮\0'],
    ['a C1 control after an emoji', '😮\u009b'],
    ['an emoji followed by a right-to-left override', '😮\u202e'],
    ['a right-to-left override before an emoji', '\u202e😮'],
    ['an emoji followed by a left-to-right mark', '😮\u200e'],
    ['an emoji followed by an isolate', '😮\u2066'],
    ['digits', '123'],
    ['a digit', '7'],
    ['a hash sign', '#'],
    ['a palette name with a typo', 'lvoe'],
    ['two palette names', 'love wow'],
    ['a name and an emoji', 'love 😮'],
    ['a lone zero-width joiner', '\u200d'],
    ['a lone regional indicator', '🇺'],
    ['a lone variation selector', '\ufe0f'],
  ])('%s', (_what, input) => {
    const error = usageErrorFor(input);
    expect(error.kind).toBe('usage');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/is not a reaction/);
    for (const { name, emoji } of PALETTE) expect(error.hint).toContain(`${name} ${emoji}`);
    expect(error.message + (error.hint ?? '')).not.toMatch(CONTROL_OR_BIDI);
  });

  it('an unknown :shortcode: names it', () => {
    const error = usageErrorFor(':nosuchthing:');
    expect(error.kind).toBe('usage');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(':nosuchthing:');
    expect(error.hint).toContain('like 👍');
  });

  it.each([':two:', ':word:'])('a :shortcode: whose lookup is not one emoji (%s) is refused', (input) => {
    expect(usageErrorFor(input).kind).toBe('usage');
  });

  it('shows control characters in the refused input as escapes, never raw', () => {
    const error = usageErrorFor('\x1b[2J');
    expect(error.message).toContain('\\u001b[2J');
    expect(usageErrorFor('😮\u202e').message).toContain('\\u202e');
  });

  it('shortens a long refused input', () => {
    const error = usageErrorFor('x'.repeat(500));
    expect(error.message.length).toBeLessThan(80);
    expect(error.message).toContain('…');
  });
});

describe('qualifyEmoji', () => {
  it.each([
    ['😮', '😮'],
    ['❤', '❤️'],
    ['❤️', '❤️'],
    ['☺', '☺️'],
    ['👍🏽', '👍🏽'],
    ['😮\uFE0F', '😮'],
    ['👩‍❤‍👨', '👩‍❤️‍👨'],
    ['🏳‍🌈', '🏳️‍🌈'],
  ])('%j → %j', (input, expected) => {
    expect(qualifyEmoji(input)).toBe(expected);
  });

  it.each(['', 'a', '1', '😮😮', '😮 ', ' 😮', '\x1b', '😮\u202e', '👍\u200d', '❤\uFE0F\uFE0F'])('%j is not one emoji', (input) => {
    expect(qualifyEmoji(input)).toBeUndefined();
  });
});

/** Pieces that emoji are built from, and pieces that must never get through. */
const PIECES = [
  '😮', '👍', '👩', '👧', '❤', '☺', '©', '🏴', '🇺', '🇦', '🎉',
  '🏽', '\u200d', '\ufe0f', '\ufe0e', '\u20e3', '\u{E0067}', '\u{E0062}', '\u{E007F}',
  '\u202e', '\u202a', '\u200e', '\u200f', '\u2066', '\u2069', '\u061c',
  '\x1b', '[2J', '\x00', '\x07', '\x7f', '\u0085', '\u009b', '\r',
  ' ', '\t', '\n', '\u00a0', '\u2028', 'a', '1', '#', '*',
  'love', 'WOW', 'like', ':', 'tada', 'heart', ':tada:', '\ud83d', '\ude2e',
];
const reactionLike = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((parts) => parts.join('')),
);

describe('parseReaction: properties', () => {
  it('returns exactly one grapheme with no control or bidi characters, or throws a usage NewsError', () => {
    fc.assert(
      fc.property(reactionLike, (input) => {
        let result: string;
        try {
          result = parseReaction(input, lookup);
        } catch (error) {
          if (!(error instanceof NewsError)) throw error;
          expect(error.kind).toBe('usage');
          expect(error.exitCode).toBe(2);
          // The message is printed to a terminal: what was typed must not reach it raw.
          expect(error.message).not.toMatch(CONTROL_OR_BIDI);
          return;
        }
        expect(typeof result).toBe('string');
        expect(graphemes(result)).toHaveLength(1);
        expect(result).not.toMatch(CONTROL_OR_BIDI);
        expect(/^\p{RGI_Emoji}$/v.test(result)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent: parsing a result gives the result', () => {
    fc.assert(
      fc.property(reactionLike, (input) => {
        let result: string;
        try {
          result = parseReaction(input, lookup);
        } catch {
          return;
        }
        expect(parseReaction(result, noShortcodes)).toBe(result);
        expect(qualifyEmoji(result)).toBe(result);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts at least some of the generated inputs (the generator reaches emoji)', () => {
    const samples = fc.sample(reactionLike, { numRuns: 2000, seed: 42 });
    const accepted = samples.filter((input) => {
      try {
        parseReaction(input, lookup);
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted.length).toBeGreaterThan(20);
  });
});
