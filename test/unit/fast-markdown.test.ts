import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColorLevel } from '../../src/io.js';
import { renderFast } from '../../src/render/fast-markdown.js';
import { renderWithMarked } from '../../src/render/markdown.js';
import { columns, stripStyling } from '../../src/render/text.js';
import { ANY_ESCAPE, FIXTURES, STYLES } from '../helpers.js';

// Words and the inline constructs web articles use, put together at random: whatever the fast
// renderer agrees to render must come out exactly as marked renders it.
const word = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,10}$/) },
  { weight: 2, arbitrary: fc.constantFrom('don\u2019t', '\u201Cquoted\u201D', '(aside)', 'end.', 'list:', 'so,', '\u4E2D\u6587\u5B57', '\uD83D\uDC4D', 'caf\u00E9', 'x_y', '5', '*', '-', '\u2014') },
);
const plain = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
const href = fc.constantFrom('https://example.org/a', 'https://example.org/a_(b)', 'http://x.org/?q=1&r=2', '/relative/path', 'https://example.org/a*b*', 'example.org', 'mailto:me@x.org', 'https://example.org/\u00E9t\u00E9');
const span: fc.Arbitrary<string> = fc.letrec<{ span: string }>((tie) => ({
  span: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: plain },
    { weight: 1, arbitrary: tie('span').map((inner) => `**${inner}**`) },
    { weight: 1, arbitrary: tie('span').map((inner) => `*${inner}*`) },
    { weight: 1, arbitrary: tie('span').map((inner) => `_${inner}_`) },
    { weight: 1, arbitrary: tie('span').map((inner) => `__${inner}__`) },
    { weight: 1, arbitrary: fc.tuple(plain, fc.constantFrom('', ' ')).map(([code, pad]) => `\`${pad}${code}${pad}\``) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(plain, plain.map((t) => `**${t}**`), href.filter((h) => !h.startsWith('mailto'))), href).map(([text, to]) => `[${text}](${to})`) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constant(''), plain), href).map(([alt, to]) => `![${alt}](${to})`) },
    { weight: 1, arbitrary: href.filter((h) => /^https?:/.test(h)).map((to) => `<${to}>`) },
    { weight: 1, arbitrary: fc.constantFrom('\\*', '\\_', '\\[', '\\]', '\\`', '\\\\', '\\#', '\\a', '\\(', '\\!') },
  ).map((text) => text),
})).span;
const line = fc.array(span, { minLength: 1, maxLength: 6 }).chain((spans) =>
  fc.array(fc.constantFrom(' ', ' ', '', ', ', '. ', ' (', ') '), { minLength: spans.length, maxLength: spans.length }).map((gaps) => spans.map((s, i) => s + (gaps[i] ?? '')).join('').trim()),
);
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).chain((lines) =>
  fc.array(fc.constantFrom('\n', '\n', '  \n'), { minLength: lines.length, maxLength: lines.length }).map((ends) => lines.map((l, i) => (i === lines.length - 1 ? l : l + (ends[i] ?? '\n'))).join('')),
);
export const block = fc.oneof(
  { weight: 6, arbitrary: paragraph },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('- ', '* ', '+ ', '1. ', '1) '), fc.array(line, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([marker, items, loose]) =>
    items.map((item, i) => (/\d/.test(marker) ? `${i + 1}${marker.slice(1)}` : marker) + item).join(loose ? '\n\n' : '\n')) },
  { weight: 1, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 2 }).map((ps) => ps.map((p) => p.split('\n').map((l) => `> ${l}`).join('\n')).join('\n>\n')) },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '* * *', '___') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('### ', '#### '), line).map(([h, l]) => h + l) },
);
const markdown = fc.array(block, { minLength: 1, maxLength: 5 }).map((blocks) => blocks.join('\n\n'));

// The same, closer to what the extractor writes: emphasis around words, links around words,
// one construct at a time. Nearly all of it is in the subset.
const simplePlain = fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), fc.constantFrom('don\u2019t', '\u201Cquoted\u201D', '(aside)', 'end.', 'so,', '\u4E2D\u6587', '\u2014')), { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
const simpleSpan = fc.oneof(
  { weight: 8, arbitrary: simplePlain },
  { weight: 1, arbitrary: simplePlain.map((t) => `**${t}**`) },
  { weight: 1, arbitrary: simplePlain.map((t) => `*${t}*`) },
  { weight: 1, arbitrary: fc.tuple(simplePlain, simplePlain).map(([a, b]) => `**${a} *${b}* ${a}**`) },
  { weight: 1, arbitrary: simplePlain.map((t) => `_${t}_`) },
  { weight: 1, arbitrary: simplePlain.map((t) => `\`${t}\``) },
  { weight: 2, arbitrary: fc.tuple(fc.oneof(simplePlain, simplePlain.map((t) => `*${t}*`)), href.filter((h) => !h.startsWith('mailto'))).map(([t, to]) => `[${t}](${to})`) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constant(''), simplePlain), href).map(([alt, to]) => `![${alt}](${to})`) },
  { weight: 1, arbitrary: fc.constantFrom('\\*', '\\_', '\\[', '\\]', '\\`', '\\\\', '\\#', '\\a') },
);
const simpleWord = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,10}$/) },
  { weight: 2, arbitrary: fc.constantFrom('don\u2019t', '\u201Cquoted\u201D', '(aside)', 'end.', 'list:', 'so,', '\u4E2D\u6587\u5B57', 'caf\u00E9', '5', '\u2014', '\uD83D\uDC4D\uD83C\uDFFD') },
);
const simpleLine = fc.array(fc.oneof({ weight: 3, arbitrary: simpleWord }, { weight: 1, arbitrary: simpleSpan }), { minLength: 1, maxLength: 12 }).map((spans) => spans.join(' '));
const simpleParagraph = fc.array(simpleLine, { minLength: 1, maxLength: 3 }).chain((lines) =>
  fc.array(fc.constantFrom('\n', '\n', '  \n'), { minLength: lines.length, maxLength: lines.length }).map((ends) => lines.map((l, i) => (i === lines.length - 1 ? l : l + (ends[i] ?? '\n'))).join('')),
);
export const simpleBlock = fc.oneof(
  { weight: 6, arbitrary: simpleParagraph },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('- ', '* ', '1. ', '1) '), fc.array(simpleLine, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([marker, items, loose]) =>
    items.map((item, i) => (/\d/.test(marker) ? `${i + 1}${marker.slice(1)}` : marker) + item).join(loose ? '\n\n' : '\n')) },
  { weight: 1, arbitrary: fc.array(simpleParagraph, { minLength: 1, maxLength: 2 }).map((ps) => ps.map((p) => p.split('\n').map((l) => `> ${l}`).join('\n')).join('\n>\n')) },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '* * *', '___') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('### ', '#### '), simpleLine).map(([h, l]) => h + l) },
);
const articleMarkdown = fc.array(simpleBlock, { minLength: 1, maxLength: 6 }).map((blocks) => blocks.join('\n\n'));

function sameAsMarked(text: string, width: number, level: ColorLevel): boolean {
  // renderMarkdown renders nothing for blank Markdown, without asking either renderer.
  if (text.trim() === '') return false;
  const fast = renderFast(text, width, STYLES[level]);
  if (fast === undefined) return false;
  const marked = renderWithMarked(text, width, STYLES[level]);
  // The visible text first, for a readable failure; then every escape code.
  expect(fast.map(stripStyling)).toEqual(marked.map(stripStyling));
  expect(fast).toEqual(marked);
  return true;
}

describe('the fast renderer gives what marked gives', () => {
  it('for article-like Markdown, at widths 20 to 200 and every colour level, nearly all of it in the subset', () => {
    let rendered = 0;
    fc.assert(
      fc.property(articleMarkdown, fc.integer({ min: 20, max: 200 }), fc.constantFrom<ColorLevel>(0, 1, 3), (text, width, level) => {
        if (sameAsMarked(text, width, level)) rendered++;
      }),
      { numRuns: 2000 },
    );
    expect(rendered).toBeGreaterThan(1600);
  });

  it('or leaves it to marked, for constructs mixed and nested at random', () => {
    fc.assert(
      fc.property(markdown, fc.integer({ min: 20, max: 200 }), fc.constantFrom<ColorLevel>(0, 3), (text, width, level) => {
        sameAsMarked(text, width, level);
      }),
      { numRuns: 2000 },
    );
  });

  it('or leaves it to marked, for runs of * and _ among escapes, links, code and punctuation', () => {
    // Where marked's pairing of emphasis parts from CommonMark's: its own rules are decided by
    // what stands beside each run, which these tokens put side by side far more often.
    const token = fc.constantFrom('*', '*', '**', '**', '_', '__', '\\]', '\\[', '\\*', '\\_', '\\a', '\\\\', 'w', 'a', '\u00E9', '\u4E2D', ' ', ' ', ' ', '[x](/u)', '[**y**](/p)', '[*y*](/p)', '![i](/i)', '(', ')', '.', ',', '\u201C', '\u2014', '`c`', 'x_y', '  \n', '\n');
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 16 }).map((tokens) => tokens.join('')), fc.constantFrom<ColorLevel>(0, 3), (text, level) => {
        sameAsMarked(text, 200, level);
      }),
      { numRuns: 3000 },
    );
  });

  it('or leaves it to marked, for Markdown characters at random', () => {
    // Autolinks and entities in any case: marked reads HTTP://, WwW. and &AMP; as it reads them in lower case.
    const character = fc.constantFrom(...'ab Z9*_`[]()!\\<>#-+.1):/\n\n\n '.split(''), 'http://', 'HTTP://', 'Ftp://', 'WwW.', 'x@y.z', '&AMP;', '&#X41;', '  \n', '\u00E9', '\u4E2D', '\uD83D\uDC4D', '\u00AB', '\u00BB', '\u201C', '\u2014', '\u00A9', '\u00A0', '\u001B[2J', '\u009B1m', '\u202E');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 60 }).map((characters) => characters.join('')), fc.integer({ min: 20, max: 80 }), fc.constantFrom<ColorLevel>(0, 3), (text, width, level) => {
        sameAsMarked(text, width, level);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the fast renderer, case by case', () => {
  const same = (text: string, width = 40): string[] => {
    for (const level of [0, 3] as const) {
      const fast = renderFast(text, width, STYLES[level]);
      expect(fast, text).toBeDefined();
      expect(fast).toEqual(renderWithMarked(text, width, STYLES[level]));
    }
    return renderFast(text, width, STYLES[0]) ?? [];
  };

  it('nests emphasis in strong and strong in emphasis', () => {
    expect(same('A **bold *and em* text** and *em **and bold** text*.', 80)).toEqual(['A bold and em text and em and bold text.']);
    expect(same('**x**, (*aside*), \u201C*quoted*\u201D, x*y*z, *\u00AB dit \u00BB*.', 80)).toEqual(['x, (aside), \u201Cquoted\u201D, xyz, \u00AB dit \u00BB.']);
  });

  it('keeps parentheses in a link address, and shows the address once when the text is it', () => {
    expect(same('See [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) now.', 80)).toEqual(['See Foo (https://en.wikipedia.org/wiki/Foo_(bar)) now.']);
    expect(same('[https://example.org](https://example.org) and [example.org](https://example.org)', 80)).toEqual(['https://example.org and example.org']);
    expect(same('[![Photo](https://example.org/p.jpg)](https://example.org/a)', 80)).toEqual(['[image: Photo] (https://example.org/p.jpg) (https://example.org/a)']);
    expect(same('[a [b] c](u) and [not a link] and [x]')).toEqual(['a [b] c (u) and [not a link] and [x]']);
    expect(same('write to [me@example.org](mailto:me@example.org)', 80)).toEqual(['write to me@example.org']);
  });

  it('reads backslash escapes as the characters', () => {
    expect(same('\\*not em\\*, \\[not a link\\](x), a\\\\b, \\_ and \\a', 80)).toEqual(['*not em*, [not a link](x), a\\b, _ and \\a']);
  });

  it('counts CJK and emoji as two columns when it wraps', () => {
    const lines = same('**\u4E2D\u6587\u5B57\u4E2D\u6587\u5B57** \uD83D\uDC4D \uD83D\uDC4D\uD83C\uDFFD *caf\u00E9* \u4E2D\u6587\u5B57\u4E2D\u6587\u5B57\u4E2D\u6587\u5B57', 20);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(20);
  });

  it('sets lists, quotes, rules, headings and hard breaks as marked does', () => {
    expect(same('- one **b**\n- two\n\n1. first\n7. second\n\n> quoted *words*\n>\n> more\n\n---\n\n### A *heading*\n\nline  \nbreak')).toEqual([
      '  * one b', '  * two', '', '  1. first', '  2. second', '', '\u2502 quoted words', '\u2502', '\u2502 more', '', '* * *', '', 'A heading', '\u2504'.repeat(9), '', 'line', 'break',
    ]);
  });

  it('never lets control characters or escape sequences from the text through, nor a line wider than asked', () => {
    const hostile = 'Text \u001B[2J\u001B]0;owned\u0007 **bold\u001B[31m** [link\u009B1m](https://example.org/\u001B[5m) `code\u001B[?25l` ![alt\u202E](https://x.org/\u0007i.png) \u0000end';
    for (const level of [0, 3] as const) {
      const fast = renderFast(hostile, 30, STYLES[level]);
      expect(fast).toBeDefined();
      expect(fast).toEqual(renderWithMarked(hostile, 30, STYLES[level]));
      for (const line of fast ?? []) {
        expect(stripStyling(line)).not.toMatch(ANY_ESCAPE);
        expect(stripStyling(line)).not.toMatch(/[\u202A-\u202E]/);
        expect(columns(line)).toBeLessThanOrEqual(30);
      }
    }
  });

  it('leaves to marked what it does not render', () => {
    for (const text of [
      '| a | b |\n| - | - |\n| 1 | 2 |', '```\ncode\n```', '    indented code', '<div>html</div>', 'a <b>tag</b>', '- outer\n  - nested', '- item\ncontinued',
      '[ref][1]\n\n[1]: https://example.org', '~~struck~~', 'see https://example.org', 'www.example.org', 'mail me@example.org', 'a &amp; b',
      '***both***', 'a *b', 'Title\n===', 'para\n---', '> quote\nlazy', '> - list in quote', '# Heading #', 'a\\\nb', '1. a\n- b',
    ]) {
      expect(renderFast(text, 40, STYLES[0]), text).toBeUndefined();
    }
  });

  it('leaves to marked emphasis it pairs otherwise than a stack would', () => {
    // Each of these, rendered as CommonMark pairs it, differed from marked (fuzzing found them).
    for (const text of [
      '**a *b*w**', // a run that may open or close, of the other length, inside a pair
      '*a a **L1**a*',
      '*)\\]. **[x](https://example.org/a*b*)**)*',
      '.**\\].*a*[x](https://example.org/a*b*)[*y*](/p)**\\])', // a pair whose end may open or close, with runs inside
      '`c`*\\a__a[x](https://example.org/a*b*)*(__w__', // `_` runs inside a pair of `*`
      '*x a__b* c__d', // marked passes over a `*` between two `__`, words' own too
    ]) {
      expect(renderFast(text, 80, STYLES[3]), text).toBeUndefined();
      expect(renderWithMarked(text, 80, STYLES[3]).length, text).toBeGreaterThan(0);
    }
    // The common shapes stay: nested pairs of other lengths, and a pair inside a word.
    expect(same('**a *b* c** and *a **b** c* and x*y*z', 80)).toEqual(['a b c and a b c and xyz']);
  });
});

describe('web articles from the extraction fixtures', () => {
  it('render without marked, as marked renders them', async () => {
    const { extractArticle } = await import('../../src/web/extract/index.js');
    const { splitSections } = await import('../../src/articles/parse.js');
    let parts = 0;
    let fast = 0;
    for (const name of readdirSync(join(FIXTURES, 'pages'))) {
      const page = join(FIXTURES, 'pages', name, 'source.html');
      if (!existsSync(page)) continue;
      const { lede, sections } = splitSections(extractArticle(readFileSync(page, 'utf8'), 'https://example.org/a').markdown);
      for (const part of [lede, ...sections.map((section) => section.markdown)]) {
        if (part.trim() === '') continue;
        parts++;
        if (sameAsMarked(part, 80, 3)) fast++;
      }
    }
    expect(parts).toBeGreaterThan(10);
    // The rest hold code blocks (v8-blog) or tables.
    expect(fast / parts).toBeGreaterThan(0.7);
  });
});

describe('the sample read sets before writing its code cache', () => {
  it('is all in the subset, as marked sets it, and so loads no marked', async () => {
    const { FORMATTED_SAMPLE } = await import('../../src/render/formatted-sample.js');
    const { parseArticle } = await import('../../src/articles/parse.js');
    const { fastRenderer } = await import('../../src/render/fast-markdown.js');
    const article = parseArticle(FORMATTED_SAMPLE, 'sample');
    const parts = [article.lede, ...article.sections.map((section) => section.markdown)];
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(sameAsMarked(part, 80, 0), part).toBe(true);
    expect(fastRenderer(parts, STYLES[0])).toBeDefined();
  });
});
