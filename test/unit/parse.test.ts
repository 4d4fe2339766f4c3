import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPT } from '../../src/articles/model.js';
import fc from 'fast-check';
import { ArticleFormatError, countWords, countWordsByCode, parseArticle, parseTitle, splitSections } from '../../src/articles/parse.js';

const article = (front: string, body = 'Some text.\n'): string => `---\n${front}\n---\n\n${body}`;

describe('parseArticle: front matter', () => {
  it('reads every field', () => {
    const parsed = parseArticle(
      article(
        [
          'title: The headline',
          'dek: The standfirst',
          'date: 2025-11-27',
          'author: A. Writer',
          'source: The Paper',
          'tags: [politics, diplomacy]',
          'prompt: How do you feel?',
        ].join('\n'),
      ),
      'the-slug',
    );
    expect(parsed).toMatchObject({
      slug: 'the-slug',
      title: 'The headline',
      dek: 'The standfirst',
      date: '2025-11-27',
      author: 'A. Writer',
      source: 'The Paper',
      tags: ['politics', 'diplomacy'],
      prompt: 'How do you feel?',
    });
  });

  it('leaves absent metadata undefined and uses the default prompt', () => {
    const parsed = parseArticle(article('title: Only a title'), 'x');
    expect(parsed.title).toBe('Only a title');
    expect(parsed.dek).toBeUndefined();
    expect(parsed.date).toBeUndefined();
    expect(parsed.author).toBeUndefined();
    expect(parsed.source).toBeUndefined();
    expect(parsed.tags).toEqual([]);
    expect(parsed.prompt).toBe(DEFAULT_PROMPT);
    expect(DEFAULT_PROMPT).toBe("What's your reaction?");
  });

  it('accepts a quoted date as text and a YAML date as YYYY-MM-DD', () => {
    expect(parseArticle(article('title: T\ndate: "27 November 2025"'), 'x').date).toBe('27 November 2025');
    expect(parseArticle(article('title: T\ndate: 2025-01-02'), 'x').date).toBe('2025-01-02');
  });

  it('turns numbers and booleans into text and trims whitespace', () => {
    const parsed = parseArticle(article('title: 1984\nauthor: "  Orwell  "\nsource: true'), 'x');
    expect(parsed.title).toBe('1984');
    expect(parsed.author).toBe('Orwell');
    expect(parsed.source).toBe('true');
  });

  it('treats a blank optional field as absent', () => {
    expect(parseArticle(article('title: T\ndek: "   "'), 'x').dek).toBeUndefined();
  });

  it('reads tags as a comma-separated string or a list, dropping empties', () => {
    expect(parseArticle(article('title: T\ntags: "a, b ,, c"'), 'x').tags).toEqual(['a', 'b', 'c']);
    expect(parseArticle(article('title: T\ntags:\n  - one\n  - 2\n  - " "'), 'x').tags).toEqual(['one', '2']);
    // An item with nothing after the dash, which YAML reads as null.
    expect(parseArticle(article('tags:\n- \n- two\ntitle: T'), 'x').tags).toEqual(['two']);
    expect(parseArticle(article('title: T\ntags: [one, null]'), 'x').tags).toEqual(['one']);
  });

  it('refuses tags that are not words', () => {
    expect(() => parseArticle(article('title: T\ntags: {a: 1}'), 'x')).toThrow(ArticleFormatError);
    expect(() => parseArticle(article('title: T\ntags: [[nested]]'), 'x')).toThrow(/tags/);
  });

  it('refuses a field that is not text', () => {
    expect(() => parseArticle(article('title: T\ndek: [a, b]'), 'x')).toThrow(/"dek" in the front matter must be text/);
    expect(() => parseArticle(article('title: {a: 1}'), 'x')).toThrow(ArticleFormatError);
  });

  it('requires a title', () => {
    expect(() => parseArticle(article('dek: No title here'), 'x')).toThrow(/no title/);
    expect(() => parseArticle(article('title: ""'), 'x')).toThrow(/no title/);
    expect(() => parseArticle(article('title:'), 'x')).toThrow(ArticleFormatError);
  });

  it('reports bad YAML on one line', () => {
    let caught: unknown;
    try {
      parseArticle(article('title: [unclosed\ndek: x'), 'x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArticleFormatError);
    expect((caught as Error).message).toMatch(/^bad YAML in the front matter: /);
    expect((caught as Error).message).not.toContain('\n');
  });

  it('refuses a file with no front matter', () => {
    expect(() => parseArticle('# Just Markdown\n\nText.\n', 'x')).toThrow(/no front matter/);
    expect(() => parseArticle('', 'x')).toThrow(ArticleFormatError);
    expect(() => parseArticle('---\ntitle: never closed\n\nText', 'x')).toThrow(/no front matter/);
    expect(() => parseArticle('\n---\ntitle: T\n---\n', 'x')).toThrow(/no front matter/);
  });

  it('refuses front matter that is not key: value lines', () => {
    expect(() => parseArticle(article('- a\n- b'), 'x')).toThrow(/must be "key: value" lines/);
    expect(() => parseArticle(article('just a string'), 'x')).toThrow(/must be "key: value" lines/);
    expect(() => parseArticle(article('42'), 'x')).toThrow(ArticleFormatError);
    expect(() => parseArticle(article('~'), 'x')).toThrow(ArticleFormatError);
  });

  it('accepts "..." as the closing line', () => {
    expect(parseArticle('---\ntitle: Dots\n...\nBody text.\n', 'x').lede).toBe('Body text.');
  });

  it('skips a byte-order mark', () => {
    const parsed = parseArticle(`\uFEFF${article('title: With BOM')}`, 'x');
    expect(parsed.title).toBe('With BOM');
    expect(parsed.lede).toBe('Some text.');
  });

  it('reads CRLF files the same as LF ones', () => {
    const lf = article('title: Line ends\ndek: Dek', 'Lede here.\n\n## One\n\nFirst.\n\n## Two\n\nSecond para.\n');
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = parseArticle(lf, 'x');
    const b = parseArticle(crlf, 'x');
    expect(b).toEqual(a);
    expect(b.sections.map((s) => s.heading)).toEqual(['One', 'Two']);
    expect(JSON.stringify(b)).not.toContain('\r');
  });
});

describe('splitSections', () => {
  it('puts text before the first ## heading in the lede', () => {
    const { lede, sections } = splitSections('\nThe lede.\n\nMore lede.\n\n## First\n\nBody one.\n## Second\nBody two.\n');
    expect(lede).toBe('The lede.\n\nMore lede.');
    expect(sections).toEqual([
      { heading: 'First', markdown: 'Body one.', words: 2 },
      { heading: 'Second', markdown: 'Body two.', words: 2 },
    ]);
  });

  it('has an empty lede when the body starts with a heading', () => {
    const { lede, sections } = splitSections('## Only\n\nText');
    expect(lede).toBe('');
    expect(sections).toHaveLength(1);
  });

  it('has no sections when there are no ## headings', () => {
    const { lede, sections } = splitSections('Just text.\n\n# Big heading\n\n### Small heading');
    expect(sections).toEqual([]);
    expect(lede).toContain('# Big heading');
    expect(lede).toContain('### Small heading');
  });

  it('needs a space after ## and drops closing hashes', () => {
    const { sections } = splitSections('##NotAHeading\n\n##  Spaced   \n\n## Closed ##\n\n##\ttabbed');
    expect(sections.map((s) => s.heading)).toEqual(['Spaced', 'Closed', 'tabbed']);
    expect(sections[0]?.markdown).toBe('');
  });

  it('does not split at ## inside fenced code, with backticks or tildes', () => {
    const body = [
      'Lede.',
      '```markdown',
      '## not a heading',
      '~~~',
      '## still code',
      '```',
      '## Real',
      '~~~~',
      '## in tildes',
      '```',
      '## in tildes still',
      '~~~~',
      '## Also real',
    ].join('\n');
    const { lede, sections } = splitSections(body);
    expect(sections.map((s) => s.heading)).toEqual(['Real', 'Also real']);
    expect(lede).toContain('## not a heading');
    expect(lede).toContain('## still code');
    expect(sections[0]?.markdown).toContain('## in tildes still');
  });

  it('closes a fence only with a marker at least as long', () => {
    const { sections } = splitSections('````\n```\n## inside\n````\n## Outside');
    expect(sections.map((s) => s.heading)).toEqual(['Outside']);
  });

  it('treats an unclosed fence as code to the end', () => {
    const { lede, sections } = splitSections('```\n## never a heading\n');
    expect(sections).toEqual([]);
    expect(lede).toContain('## never a heading');
  });

  it('allows up to three spaces before a fence but not four', () => {
    expect(splitSections('   ```\n## in code\n   ```\n## after').sections.map((s) => s.heading)).toEqual(['after']);
    expect(splitSections('    ```\n## heading\n').sections.map((s) => s.heading)).toEqual(['heading']);
  });
});

describe('word counts', () => {
  it('counts words, keeping contractions, decimals and hyphenated words whole', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  ** -- ## ')).toBe(0);
    expect(countWords('one two three')).toBe(3);
    expect(countWords("Moscow’s 28-point plan isn't 3.5 U.S. things")).toBe(7);
    expect(countWords('**bold** _em_ [link](https://example.org)')).toBe(5);
    expect(countWords('Ünïcödé wörds héré')).toBe(3);
  });

  it('counts a long text, character by character, as the RegExp counts a short one', () => {
    const unit = fc.constantFrom(...'aZ09 \n.-\'_*#\u2019\u00AA\u00B5\u00C0\u00D7\u00F7\u00F8\u1FFF\u2000\u2C00\u2E00\u3000\u3040\uD7FF\uD83D\uDC4D\uF900\uFDD0\uFDF0\uFE20\uFE30\uFFEF\uFFF0'.split(''));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 200 }).map((units) => units.join('')), (text) => {
        expect(countWordsByCode(text)).toBe(countWords(text));
      }),
      { numRuns: 3000 },
    );
    const long = 'Moscow\u2019s 28-point plan isn\'t 3.5 U.S. things. '.repeat(3000);
    expect(countWords(long)).toBe(7 * 3000);
  });

  it('sums the lede and the sections into the article total', () => {
    const parsed = parseArticle(article('title: Count me', 'One two three.\n\n## Heading words are not counted\n\nFour five.\n\n## B\n\nSix.\n'), 'x');
    expect(parsed.sections.map((s) => s.words)).toEqual([2, 1]);
    expect(parsed.words).toBe(6);
  });
});

describe('parseTitle', () => {
  it('reads the title parseArticle reads, and fails where it fails', () => {
    const line = fc.oneof(
      fc.constantFrom('title: A title', 'title: "Quoted: title"', 'title:', 'dek: x', 'tags: [a, b]', 'title: [1, 2]', 'title: {a: 1}', ': bad', '---', '...', '## Heading', '', 'Body text.'),
      fc.string({ maxLength: 20 }),
    );
    const file = fc.tuple(fc.constantFrom('---\n', '\uFEFF---\n', '', '--- \r\n'), fc.array(line, { maxLength: 5 }), fc.constantFrom('---\n', '...\n', ''), fc.array(line, { maxLength: 5 }));
    fc.assert(
      fc.property(file, ([open, head, close, body]) => {
        const text = `${open}${head.join('\n')}\n${close}${body.join('\n')}`;
        let expected: string | Error;
        try {
          expected = parseArticle(text, 'x').title;
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) expect(() => parseTitle(text)).toThrow(expected.message);
        else expect(parseTitle(text)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('headings written in Markdown', () => {
  it('reads a heading emphasised or linked whole as marked does, and leaves any other to marked', async () => {
    const { simpleHeadingText } = await import('../../src/articles/headings.js');
    const { markdownLineText } = await import('../../src/articles/inline-text.js');
    const piece = fc.constantFrom('a', 'Z', 'é', '中', ' ', '  ', '.', ',', ':', "'", '’', '"', '-', '(', ')', '!', '?', '1', '&', '<', '>', '#', '~', '*', '_', '`', '[', ']', '\\', '&amp;', '&#233;');
    const wrapper = fc.constantFrom(['**', '**'], ['__', '__'], ['*', '*'], ['_', '_'], ['[', ']('], ['**', '*'], ['', '']);
    // A link's address, and what may close it: escapes, angle brackets, parentheses, spaces.
    const address = fc.array(fc.constantFrom('h', '/', '.', '\\', '<', '>', '(', ')', ' ', '%20', '"t"'), { maxLength: 5 }).map((parts) => `${parts.join('')})`);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), wrapper, address, (pieces, [open, close], target) => {
        const heading = `${open}${pieces.join('')}${close}${close === '](' ? target : ''}`;
        const simple = simpleHeadingText(heading);
        if (simple !== undefined) expect(simple).toBe(markdownLineText(heading));
      }),
      { numRuns: 3000 },
    );
    expect(simpleHeadingText('**Consent**')).toBe('Consent');
    expect(simpleHeadingText('[The vote](https://example.org/v)')).toBe('The vote');
    expect(simpleHeadingText('5 * 3 * 2')).toBeUndefined();
  });

  it('counts no words to show headings: the article and its sections count them when asked', async () => {
    const { withHeadingText } = await import('../../src/articles/headings.js');
    const article = parseArticle('---\ntitle: T\n---\n\nLede.\n\n## **One**\n\nFirst part here.\n\n## Two & more\n\nSecond.\n', 'x');
    const counted: string[] = [];
    const sections = article.sections.map((section) => ({ heading: section.heading, markdown: section.markdown, get words() { counted.push(section.heading); return section.words; } }));
    // The article's own count watched too, and not run here: a copy of its descriptors.
    const watched = Object.create(Object.prototype, { ...Object.getOwnPropertyDescriptors(article), sections: { value: sections, enumerable: true }, words: { get: () => (counted.push('article'), article.words), enumerable: true } }) as typeof article;
    const shown = await withHeadingText(watched);
    expect(shown.sections.map((section) => section.heading)).toEqual(['One', 'Two & more']);
    expect(counted).toEqual([]);
    expect(shown.sections.map((section) => section.words)).toEqual([3, 1]);
    expect(shown.words).toBe(article.words);
    expect(counted).toContain('article');
  });
});
