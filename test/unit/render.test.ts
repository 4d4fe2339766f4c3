import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { summarize, type Article } from '../../src/articles/model.js';
import { ArticleFormatError, parseArticle } from '../../src/articles/parse.js';
import { renderArticle, wrapEntries, type ArticleView, type Footer } from '../../src/render/article.js';
import { decodeEntities } from '../../src/render/entities.js';
import { articleJson, articleSummaryJson, sectionsJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { columns, graphemes, keepOnlyStyling, sanitizeLine, sanitizeText, stripStyling, truncate, wrapKeepingWhole, wrapText } from '../../src/render/text.js';
import type { ColorLevel } from '../../src/io.js';
import { ANY_ESCAPE, BUNDLED_ARTICLES, FIXTURES, STYLES } from '../helpers.js';

// eslint-disable-next-line no-control-regex
const SGR = /\u001B\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const ANY_ESCAPE_GLOBAL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const SEED = readFileSync(join(FIXTURES, 'witkoff-leak.txt'), 'utf8');
const WITKOFF = parseArticle(readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'), 'utf8'), 'witkoff-leak');

const FOOTER: Footer = {
  prompt: WITKOFF.prompt,
  palette: ['👍 like', '👎 dislike', '❤️ love', '😂 funny', '😮 wow', '😢 sad', '😡 angry'],
  current: undefined,
  hint: ['React with: news react 😮 witkoff-leak (an emoji or a name above)'],
  commands: ['news react 😮 witkoff-leak'],
};

const view = (width: number, level: ColorLevel = 0, extra: Partial<ArticleView> = {}): ArticleView => ({ width, styles: STYLES[level], markdown: renderMarkdown, ...extra });
const unwrap = (text: string): string => stripStyling(text).replace(/\s+/g, ' ').trim();
const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');
const md = (body: string, front = 'title: Test'): Article => parseArticle(`---\n${front}\n---\n\n${body}\n`, 'test');
const plain = (body: string, width = 80): string => renderArticle(md(body), view(width));
const colored = (body: string, width = 80): string => renderArticle(md(body), view(width, 3));

/** Escapes other than SGR in the output; with colour off, every escape. */
function foreignControls(output: string): string[] {
  return output.replace(SGR, '').match(ANY_ESCAPE_GLOBAL) ?? [];
}

function expectFits(output: string, width: number): void {
  for (const line of lines(output)) {
    if (stringWidth(line) > width) expect.fail(`line wider than ${width}: ${JSON.stringify(line)} (${stringWidth(line)})`);
  }
}

describe('a long article', () => {
  // More lines than a function call takes arguments: nothing may spread them into a push.
  it('of one part, one paragraph or many, renders whole', () => {
    const paragraph = 'ab '.repeat(1_500_000);
    expect(lines(plain(paragraph, 20)).length).toBeGreaterThan(200_000);
    expect(lines(plain(`Some *emphasis*.\n\n${paragraph}`, 20)).length).toBeGreaterThan(200_000);
    expect(lines(plain('ab\n\n'.repeat(150_000), 20)).length).toBeGreaterThan(200_000);
  });
});

describe('plain rendering of the seed article', () => {
  const output = renderArticle(WITKOFF, view(80, 0, { footer: FOOTER }));

  it('has no escape sequences or control characters at colour level 0', () => {
    expect(output).not.toMatch(ANY_ESCAPE);
    expect(output).not.toContain('\u001B');
  });

  it('keeps every sentence of the source text', () => {
    const source = SEED.split('\n').map((line) => line.trim()).filter(Boolean);
    expect(source.at(-1)).toBe("What's Your Reaction?");
    const text = unwrap(output);
    for (const line of source.slice(0, -1)) {
      for (const sentence of line.match(/[^.!?]+[.!?]+["”’)]*|[^.!?]+$/g) ?? []) {
        expect(text).toContain(sentence.trim());
      }
      expect(text).toContain(line);
    }
  });

  it('ends with the prompt as the footer question', () => {
    const outLines = lines(output);
    const promptAt = outLines.indexOf("What's Your Reaction?");
    expect(promptAt).toBeGreaterThan(outLines.indexOf('Why this matters, more than politics'));
    expect(outLines[promptAt - 1]).toBe('─'.repeat(80));
    expect(output.match(/What's Your Reaction\?/g)).toHaveLength(1);
    expect(output.trimEnd().endsWith('React with: news react 😮 witkoff-leak (an emoji or a name above)')).toBe(true);
  });

  it('keeps curly quotes and apostrophes as they are', () => {
    for (const quoted of ['“a man of peace”', 'Moscow’s interests', 'Trump’s reaction, “deal-maker” defence', '“my pal”']) {
      expect(unwrap(output)).toContain(quoted);
    }
    expect(output).not.toMatch(/&#|&[lr]dquo;/);
  });

  it('underlines the title and headings with a rule, so they stand out without colour', () => {
    const outLines = lines(output);
    expect(outLines[0]).toBe('Trump defends Witkoff after leak appears to show envoy coaching Russia');
    expect(outLines[1]).toBe('═'.repeat(outLines[0]?.length ?? 0));
    const at = outLines.indexOf('What happened, the leak and the fallout');
    expect(outLines[at + 1]).toBe('─'.repeat('What happened, the leak and the fallout'.length));
    expect(outLines).toContain('3 min read');
  });

  it('gives one section its own reading time', () => {
    const sectionLines = lines(renderArticle(WITKOFF, view(80, 0, { section: 1 })));
    expect(sectionLines).toContain('1 min read');
    expect(sectionLines).not.toContain('3 min read');
  });

  it.each([20, 21, 33, 40, 59, 60, 79, 80, 100, 120])('fits width %i and keeps all words', (width) => {
    const out = renderArticle(WITKOFF, view(width, 0, { footer: FOOTER }));
    expectFits(out, width);
    const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
    const source = words(SEED.replace("What's Your Reaction?", ''));
    const rendered = unwrap(out);
    for (const word of new Set(source)) expect(rendered).toContain(word);
  });

  it('fits every width from 20 to 120, coloured or not', () => {
    for (let width = 20; width <= 120; width++) {
      expectFits(renderArticle(WITKOFF, view(width, 0, { footer: FOOTER })), width);
      expectFits(renderArticle(WITKOFF, view(width, 3, { footer: { ...FOOTER, current: '😮 wow' } })), width);
    }
  });

  it('shows one section with a note of where it is', () => {
    const out = renderArticle(WITKOFF, view(80, 0, { section: 3 }));
    expect(out).toContain('What’s next: diplomacy, distrust, and uncertainty');
    expect(out).not.toContain('What happened, the leak and the fallout');
    expect(out).toContain('Section 4 of 5 · news sections witkoff-leak');
    expect(out.startsWith('Trump defends Witkoff')).toBe(true);
  });
});

describe('wide characters', () => {
  it('counts CJK and emoji as two columns', () => {
    expect(columns('中文')).toBe(4);
    expect(columns('😀')).toBe(2);
    expect(columns('👍🏽')).toBe(2);
    expect(columns('🇺🇦')).toBe(2);
    expect(columns('\u001B[1mab\u001B[22m')).toBe(2);
  });

  it('never splits a wide character or an emoji, and never overflows', () => {
    const text = '中文字符测试'.repeat(8) + ' ' + '😀👍🏽🇺🇦👨‍👩‍👧'.repeat(6) + ' 한국어 텍스트 日本語のテキスト';
    for (let width = 20; width <= 45; width++) {
      const out = plain(text, width);
      expectFits(out, width);
      expect(out).not.toContain('\uFFFD');
      expect(unwrap(out).replace(/ /g, '')).toContain(text.replace(/ /g, ''));
      for (const line of lines(out)) {
        expect(line).not.toMatch(/[\uD800-\uDBFF]$/); // no line ends in half a surrogate pair
        expect(line).not.toMatch(/^(?:\u200D|\uFE0F|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF})/u); // nor starts with the rest of one
      }
    }
  });

  it('wraps an odd width of CJK without passing it', () => {
    const out = wrapText('中'.repeat(30), 21);
    expect(out.every((line) => columns(line) <= 21)).toBe(true);
    expect(out.join('')).toBe('中'.repeat(30));
  });
});

describe('inline formatting', () => {
  it('styles emphasis in paragraphs without leaving markup', () => {
    const body = 'Some **bold** and *italic* and __strong__ and _em_ and `code` and ~~gone~~ text.';
    expect(unwrap(plain(body))).toContain('Some bold and italic and strong and em and code and gone text.');
    const out = colored(body);
    expect(out).toContain('\u001B[1mbold\u001B[22m');
    expect(out).toContain('\u001B[3mitalic\u001B[23m');
    expect(stripStyling(out)).not.toContain('**');
  });

  it('renders bold and links inside list items, tight or loose', () => {
    for (const body of ['- **bold** item with a [link](https://example.org/a)\n- *second* item', '- **bold** item with a [link](https://example.org/a)\n\n- *second* item', '1. **bold** item with a [link](https://example.org/a)\n2. *second* item']) {
      const out = plain(body);
      expect(out).not.toContain('**');
      expect(out).not.toMatch(/\*second\*/);
      expect(out).not.toContain('](');
      expect(unwrap(out)).toContain('bold item with a link (https://example.org/a)');
      expect(unwrap(out)).toContain('second item');
      expect(colored(body)).toContain('\u001B[1mbold\u001B[22m');
    }
  });

  it('indents every item of a list alike', () => {
    for (const body of ['- one\n- two\n- three', 'Intro.\n\n- one\n- two\n- three', '1. one\n2. two\n3. three']) {
      const items = lines(plain(body)).filter((line) => /one|two|three/.test(line));
      expect(items).toHaveLength(3);
      const indents = items.map((line) => line.length - line.trimStart().length);
      expect(new Set(indents).size, JSON.stringify(items)).toBe(1);
    }
  });

  it('keeps wrapped list items aligned after the bullet', () => {
    const out = plain(`- ${'word '.repeat(30)}end`, 30);
    const body = lines(out).slice(lines(out).findIndex((line) => line.includes('word')));
    expect(body.length).toBeGreaterThan(2);
    const textColumn = (body[0] ?? '').search(/word/);
    for (const line of body.slice(1)) expect(line.search(/\S/)).toBe(textColumn);
    expectFits(out, 30);
  });

  it('marks block quotes with a bar, with inline formatting inside', () => {
    const out = plain(`> A **quoted** line with a [link](https://q.example) and ${'more words '.repeat(12)}`, 40);
    const quoted = lines(out).filter((line) => line.startsWith('│'));
    expect(quoted.length).toBeGreaterThan(1);
    expect(out).not.toContain('**');
    expect(out).not.toContain('> A');
    expect(unwrap(out.replace(/│/g, ''))).toContain('A quoted line with a link (https://q.example) and more words');
    expectFits(out, 40);
  });

  it('shows a link with its address, once when the text is the address', () => {
    expect(unwrap(plain('See [the report](https://example.org/report) now.'))).toContain('See the report (https://example.org/report) now.');
    expect(unwrap(plain('See <https://example.org/x> now.'))).toContain('See https://example.org/x now.');
    expect(plain('See <https://example.org/x> now.')).not.toContain('(https://example.org/x)');
    expect(unwrap(plain('Mail [me@example.org](mailto:me@example.org).'))).toContain('Mail me@example.org.');
  });

  it('shows an image as its alt text and address', () => {
    expect(unwrap(plain('![A chart of votes](https://example.org/chart.png)'))).toContain('[image: A chart of votes] (https://example.org/chart.png)');
    expect(unwrap(plain('![](pic.png)'))).toContain('[image: image] (pic.png)');
  });

  it('decodes entities', () => {
    const out = unwrap(plain('Fish &amp; chips, &#8220;quoted&#8221;, &lt;tag&gt;, caf&eacute;, &#x2014; dash, &mdash; and &hellip;'));
    expect(out).toContain('Fish & chips, “quoted”, <tag>, café, — dash, — and …');
    expect(unwrap(plain('In code: `&amp;`'))).toContain('In code: &');
    expect(decodeEntities('&unknown; &#0; &#x110000;')).toBe('&unknown; \uFFFD \uFFFD');
  });

  it('leaves colons and shortcode-like text alone', () => {
    expect(unwrap(plain('Ratio a:b:c and time 10:30 and :tada: and :smile:'))).toContain('Ratio a:b:c and time 10:30 and :tada: and :smile:');
  });

  it('keeps code blocks as written, indented', () => {
    const out = plain('Intro.\n\n```\nconst x = **not bold**;\n```');
    expect(out).toContain('  const x = **not bold**;');
    expect(lines(plain('```\nfirst = 1\n```'))).toContain('  first = 1');
  });

  it('turns a hard line break into a new line, and soft breaks into spaces', () => {
    const hard = lines(plain('line one\\\nline two'));
    expect(hard).toContain('line one');
    expect(hard).toContain('line two');
    expect(lines(plain('soft one\nsoft two'))).toContain('soft one soft two');
  });

  it('has no escapes in a plain table', () => {
    const out = plain('| a | b |\n|---|---|\n| 1 | 2 |');
    expect(out).not.toMatch(ANY_ESCAPE);
    expect(unwrap(out)).toMatch(/a .* b/);
  });
});

describe('untrusted text never drives the terminal', () => {
  const NASTY = [
    'clear \u001B[2J screen',
    'clipboard \u001B]52;c;aGVsbG8=\u0007 grab',
    'link \u001B]8;;https://evil.example\u0007click\u001B]8;;\u0007 here',
    'title \u001B]0;x\u0007 change',
    'csi8 \u009B31m red',
    'bidi \u202Eevil\u202C text \u2066iso\u2069',
    'entity &#27;[2J and &#x1b;]0;t&#7; and &#155;31m and &#8238;rev',
    'bell \u0007 bs \u0008 del \u007F nul \u0000 vt \u000B ff \u000C cr \r',
    'st \u001B\\ dcs \u001BP1;2q \u0090 osc \u009D0;t\u009C',
  ];
  const body = [
    NASTY.join('\n\n'),
    `- ${NASTY[0]}\n- ${NASTY[1]}`,
    `> ${NASTY[2]}`,
    `[${NASTY[3]}](https://x.example/\u001B[2J) ![${NASTY[4]}](pic\u001B]0;x\u0007.png)`,
    '`code \u001B[31m span` and **bold \u009B2J**',
    '```\nfenced \u001B[2J \u001B]52;c;x\u0007\n```',
    '<span>\u001B[2J html</span>',
  ].join('\n\n');
  const front = [
    'title: "Title \\e[2J \\e]0;pwned\\a \\u202E"',
    'dek: "Dek \\e]52;c;abc\\a"',
    'author: "\\x9B31m Author"',
    'date: "\\e[5m2025"',
    'source: "\\e]8;;http://x\\aSrc"',
    'prompt: "React? \\e[2J"',
  ].join('\n');
  const article = parseArticle(`---\n${front}\n---\n\n${body}\n\n## Head \u001B[2J \u202E ing\n\n${body}\n`, 'nasty');
  const footer: Footer = { ...FOOTER, prompt: article.prompt, current: 'x \u001B[2J' };

  it('parses the escapes from the YAML front matter (so the test exercises them)', () => {
    expect(article.title).toContain('\u001B[2J');
    expect(article.dek).toContain('\u001B]52');
    expect(article.author).toContain('\u009B');
  });

  it.each([0, 1, 2, 3] as const)('at colour level %i, only SGR escapes reach the output', (level) => {
    for (const width of [20, 40, 80]) {
      for (const section of [undefined, 0]) {
        const out = renderArticle(article, view(width, level, { footer, section }));
        expect(foreignControls(out)).toEqual([]);
        expect(out).not.toMatch(BIDI);
        if (level === 0) expect(out).not.toMatch(ANY_ESCAPE);
        else expect(out).toMatch(SGR);
        expectFits(out, width);
      }
    }
  });

  it('keeps the readable words around the removed controls, and no leftovers of the sequences', () => {
    const out = unwrap(renderArticle(article, view(80, 0)));
    expect(out).toContain('clear screen');
    expect(out).not.toContain('[2J');
    expect(out).toContain('evil');
    expect(out).toContain('click');
    expect(out).toContain('Head ing');
  });

  it('removes controls in the text helpers', () => {
    // Whole sequences go: 0x9B is an 8-bit CSI, and the "e" after it is its final byte.
    expect(sanitizeText('a\u001B[2Jb\tc\u202Ed\u009Be')).toBe('ab    cd');
    expect(sanitizeText('x\u001B]0;pwned\u0007y\u001B]52;c;aGk=\u001B\\z')).toBe('xyz');
    expect(sanitizeLine('a\r\nb\n  c')).toBe('a b c');
    expect(keepOnlyStyling('\u001B[1mok\u001B[22m\u001B[2J\u001B]0;x\u0007')).toBe('\u001B[1mok\u001B[22m[2J]0;x');
  });

  it('keeps newlines, and leaves text with nothing else to remove as it is', () => {
    expect(sanitizeText('one\ntwo\n\nthree')).toBe('one\ntwo\n\nthree');
    expect(sanitizeText('one\n\u001B[2Jtwo\n\u001B]0;x\ny')).toBe('one\ntwo\n\ny');
    const character = fc.constantFrom('a', ' ', '\n', '\t', '\r', '\u001B', '[', ']', '2', 'J', '\u0007', '\u009B', '\u202E', '\uFDD0', '\u00E9');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 30 }).map((characters) => characters.join('')), (text) => {
        // eslint-disable-next-line no-control-regex
        const full = text.replace(/\t/g, '    ').replace(/(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]?|(?:\u001B[\]PX^_]|[\u0090\u0098\u009D-\u009F])[^\u0007\u001B\u009C\n]*(?:\u0007|\u001B\\|\u009C)?|\u001B[ -~]?/g, '').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]/g, '');
        expect(sanitizeText(text)).toBe(full);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('text helpers', () => {
  it('truncates to a width with an ellipsis, by graphemes', () => {
    expect(truncate('hello world', 20)).toBe('hello world');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('中文中文', 5)).toBe('中文…');
    expect(truncate('abc', 1)).toBe('…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('lays out palette entries without splitting one', () => {
    const entries = ['👍 like', '👎 dislike', '❤️ love', '😂 funny'];
    const out = wrapEntries(entries, '  ', 20);
    expect(out.join('  ')).toBe(entries.join('  '));
    for (const line of out) expect(columns(line)).toBeLessThanOrEqual(20);
  });

  it('renders empty Markdown as no lines', () => {
    expect(renderMarkdown('  \n\n ', 40, STYLES[0])).toEqual([]);
  });
});

describe('JSON shapes', () => {
  const entry = { slug: 'witkoff-leak', path: '/x', origin: 'bundled' as const, overridesBundled: false };
  it('pins the field names', () => {
    expect(Object.keys(articleSummaryJson(entry, summarize(WITKOFF), undefined, false))).toEqual([
      'slug', 'title', 'dek', 'date', 'author', 'source', 'url', 'feed', 'unread', 'tags', 'words', 'minutes', 'sections', 'origin', 'overridesBundled', 'reaction',
    ]);
    const full = articleJson(entry, WITKOFF, undefined, false, 1);
    expect(Object.keys(full)).toEqual([...Object.keys(articleSummaryJson(entry, summarize(WITKOFF), undefined, false)), 'prompt', 'lede']);
    expect(full.sections).toEqual([{ number: 2, heading: 'Trump’s reaction, “deal-maker” defence', words: WITKOFF.sections[1]?.words, markdown: WITKOFF.sections[1]?.markdown }]);
    expect(Object.keys(sectionsJson(WITKOFF)[0] ?? {})).toEqual(['number', 'heading', 'words', 'minutes']);
  });
});

// ——— Property-based tests ———

const PIECES = [
  'word', 'Word', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '**', '*', '_', '__', '`', '```', '~~~', '~~', '#', '## ', '# ', '- ', '* ', '1. ', '> ',
  '[', ']', '(', ')', '![', '](', '<', '>', '|', '---', '===', '\\', '&amp;', '&#27;', '&#x9b;', '&#8238;', '&#8220;', '&lt;', ':', 'a:b:c', ':tada:',
  'https://example.org/a_b', 'www.example.org', 'me@example.org', '\u001B', '\u001B[2J', '\u001B]52;c;x\u0007', '\u001B]8;;u\u0007', '\u001B]0;x\u0007',
  '\u009B', '\u009D', '\u0007', '\u0000', '\u0008', '\u007F', '\u000B', '\u000C', '\r', '\u202E', '\u2066', '\u200D', '\u200B', '\u00AD', '\uFEFF',
  '中文', '字', '한국어', 'Ｗ', '😀', '👍🏽', '🇺🇦', '👨‍👩‍👧', '❤️', 'e\u0301', 'ﷺ', 'ｶ', '“', '”', '’', '…', '—', 'supercalifragilisticexpialidocious', '-',
];
const piece = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) });
const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
const arbitraryArticleText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  text,
  text.map((body) => `---\ntitle: T\n---\n${body}`),
);
const yamlText = fc.oneof(fc.constant(undefined), text.map((value) => JSON.stringify(value)));
const structuredArticle = fc
  .record({
    title: text.map((value) => JSON.stringify(`T ${value}`)),
    dek: yamlText,
    author: yamlText,
    date: yamlText,
    source: yamlText,
    prompt: yamlText,
    tags: fc.array(fc.constantFrom('a', 'b c', '中文'), { maxLength: 3 }),
    lede: text,
    sections: fc.array(fc.record({ heading: text, body: text }), { maxLength: 4 }),
  })
  .map(({ lede, sections, tags, ...meta }) => {
    const front = Object.entries(meta)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}: ${value}`)
      .concat(`tags: ${JSON.stringify(tags)}`)
      .join('\n');
    return `---\n${front}\n---\n\n${lede}\n\n${sections.map(({ heading, body }) => `## ${heading.replace(/[\r\n]/g, ' ')}\n\n${body}`).join('\n\n')}\n`;
  });

function parseOrFormatError(source: string): Article | undefined {
  try {
    return parseArticle(source, 'prop');
  } catch (error) {
    if (error instanceof ArticleFormatError) return undefined;
    throw error;
  }
}

function checkRendering(article: Article, width: number, level: ColorLevel, withFooter: boolean, section: number | undefined): void {
  const out = renderArticle(article, view(width, level, { footer: withFooter ? { ...FOOTER, prompt: article.prompt } : undefined, section }));
  expect(out.endsWith('\n')).toBe(true);
  expect(foreignControls(out)).toEqual([]);
  expect(out).not.toMatch(BIDI);
  if (level === 0) expect(out).not.toMatch(ANY_ESCAPE);
  expectFits(out, width);
}

describe('properties', () => {
  it('parseArticle either succeeds or throws ArticleFormatError, for any text', () => {
    fc.assert(
      fc.property(arbitraryArticleText, (source) => {
        const article = parseOrFormatError(source);
        if (article) {
          expect(article.title.length).toBeGreaterThan(0);
          expect(article.words).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('structured articles parse, or fail only with ArticleFormatError', () => {
    let parsed = 0;
    fc.assert(
      fc.property(structuredArticle, (source) => {
        if (parseOrFormatError(source)) parsed++;
      }),
      { numRuns: 200 },
    );
    expect(parsed).toBeGreaterThan(100);
  });

  it('renderArticle never throws, writes no raw controls, and fits the width (any text)', () => {
    fc.assert(
      fc.property(
        arbitraryArticleText,
        fc.integer({ min: 20, max: 120 }),
        fc.constantFrom<ColorLevel>(0, 3),
        fc.boolean(),
        (source, width, level, withFooter) => {
          const article = parseOrFormatError(source) ?? parseArticle(`---\ntitle: Fallback\n---\n${source}`, 'prop');
          checkRendering(article, width, level, withFooter, undefined);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('renderArticle never throws, writes no raw controls, and fits the width (structured articles)', () => {
    fc.assert(
      fc.property(
        structuredArticle,
        fc.integer({ min: 20, max: 120 }),
        fc.constantFrom<ColorLevel>(0, 1, 3),
        fc.boolean(),
        fc.nat(4),
        (source, width, level, withFooter, sectionPick) => {
          const article = parseOrFormatError(source);
          if (!article) return;
          const section = article.sections.length > 0 && sectionPick < article.sections.length ? sectionPick : undefined;
          checkRendering(article, width, level, withFooter, section);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('renderArticle handles hand-built articles with any field contents', () => {
    const anyText = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 80 }));
    fc.assert(
      fc.property(
        fc.record({
          title: anyText,
          dek: fc.option(anyText, { nil: undefined }),
          date: fc.option(anyText, { nil: undefined }),
          author: fc.option(anyText, { nil: undefined }),
          source: fc.option(anyText, { nil: undefined }),
          prompt: anyText,
          lede: anyText,
          sections: fc.array(fc.record({ heading: anyText, markdown: anyText, words: fc.nat(1000) }), { maxLength: 3 }),
        }),
        fc.integer({ min: 20, max: 120 }),
        fc.constantFrom<ColorLevel>(0, 3),
        (fields, width, level) => {
          const article: Article = { slug: 'prop', tags: [], words: 0, url: undefined, feed: undefined, ...fields };
          checkRendering(article, width, level, true, undefined);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a command to type on one line when it fits, and still never passes the width', () => {
    const command = 'news react --remove witkoff-leak';
    const hint = `Change it with: news react <emoji> witkoff-leak · take it back: ${command}`;
    expect(wrapText(hint, 80)).toEqual(['Change it with: news react <emoji> witkoff-leak · take it back: news react', '--remove witkoff-leak']);
    expect(wrapKeepingWhole(hint, [command], 80)).toEqual(['Change it with: news react <emoji> witkoff-leak · take it back:', command]);
    // Narrower than the command: it breaks between its words, not inside one.
    expect(wrapKeepingWhole(hint, [command], 20).join(' ').split(' ')).toEqual(hint.split(' '));
    fc.assert(
      fc.property(fc.array(fc.constantFrom('news', 'react', '😮', 'a-slug', '·', 'take', 'it', 'back:', '--remove', '中文'), { maxLength: 16 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 60 }), (words, length, width) => {
        const text = words.join(' ');
        const whole = words.slice(0, length).join(' ');
        const wrapped = wrapKeepingWhole(text, whole === '' ? [] : [whole], width);
        expect(wrapped.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
        for (const line of wrapped) expect(columns(line)).toBeLessThanOrEqual(Math.max(width, 2));
        if (whole !== '' && columns(whole) <= width) expect(wrapped.some((line) => line.includes(whole))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('wrapText never passes the width and loses no visible characters', () => {
    fc.assert(
      fc.property(text.map(sanitizeLine), fc.integer({ min: 1, max: 60 }), (line, width) => {
        const wrapped = wrapText(line, width);
        // A character (grapheme) is never broken, so a line may be as wide as the widest one:
        // usually 2 columns, but a wide character with a spacing mark after it takes 3.
        const widest = Math.max(2, ...graphemes(line).map(({ segment }) => columns(segment)));
        for (const part of wrapped) expect(columns(part)).toBeLessThanOrEqual(Math.max(width, widest));
        expect(wrapped.join('').replace(/\s/g, '')).toBe(line.replace(/\s/g, ''));
      }),
      // Found by this test: ⿰ followed by the spacing mark ਾ is one 3-column character.
      { numRuns: 200, examples: [['⿰ਾ', 1]] },
    );
  });
});
