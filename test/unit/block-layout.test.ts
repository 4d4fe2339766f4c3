// Code, lists and tables as `news read` sets them: code keeps every space, lists number as the
// Markdown says, tables line up and fit the width (or become lists when they cannot).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/parse.js';
import { metaLine } from '../../src/render/article.js';
import { renderHtml } from '../../src/render/html.js';
import { renderFast } from '../../src/render/fast-markdown.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { drawTable, shareRoom } from '../../src/render/table.js';
import { columns, expandTabs, stripStyling, wrapPreformatted } from '../../src/render/text.js';
import { STYLES } from '../helpers.js';

const plain = STYLES[0];
const render = (markdown: string, width = 80): string[] => renderMarkdown(markdown, width, plain);
const codeLine = fc.array(fc.constantFrom('a', 'b', ' ', ' ', '=', '(', '中', '👍', '\t', '#'), { minLength: 1, maxLength: 90 }).map((characters) => characters.join('').trimEnd().replace(/^\s*$/, 'x'));

describe('code blocks', () => {
  it('keep their indentation and every space between words', () => {
    expect(render('```\nx   =   1\n    y\n\nz\n```\n')).toEqual(['  x   =   1', '      y', '', '  z']);
  });

  it('break a line longer than the width between characters, losing none, in every colour', () => {
    fc.assert(
      fc.property(codeLine, fc.integer({ min: 20, max: 120 }), fc.constantFrom(0, 1, 3), (line, width, level) => {
        const lines = renderMarkdown(`\`\`\`\n${line}\n\`\`\`\n`, width, STYLES[level]);
        for (const out of lines) expect(columns(out)).toBeLessThanOrEqual(width);
        // The margin off each piece, the pieces together: the line, its tabs set to stops of four.
        expect(lines.map((out) => stripStyling(out).slice(2)).join('')).toBe(expandTabs(line));
      }),
      { numRuns: 500 },
    );
  });

  it('set tabs to the next stop of four', () => {
    expect(render('```\nif x:\n\tgo()\n  \tmixed\nab\tc\n```\n')).toEqual(['  if x:', '      go()', '      mixed', '  ab  c']);
  });

  it('carry their styling over a break', () => {
    const pieces = wrapPreformatted('\u001B[33mabcdef\u001B[39m', 4);
    expect(pieces).toEqual(['\u001B[33mabcd\u001B[0m', '\u001B[33mef\u001B[39m']);
  });

  it('inside a quote and a list keep their spaces too', () => {
    expect(render('> ```\n> a    b\n> ```\n')).toEqual(['│   a    b']);
    expect(render('1. item\n\n   ```\n   p  q\n   ```\n')).toEqual(['  1. item', '', '       p  q']);
  });
});

describe('lists', () => {
  it('number a numbered list from its first number, and leave a nested bullet list unnumbered', () => {
    expect(render('3. first\n4. second\n   - nested\n   - another\n5. third\n')).toEqual(['  3. first', '  4. second', '     * nested', '     * another', '  5. third']);
    expect(render('1. a\n2. b\n   1. one\n   2. two\n')).toEqual(['  1. a', '  2. b', '     1. one', '     2. two']);
  });

  it('show tasks with their boxes, and an item\'s second paragraph under its first', () => {
    expect(render('- [x] done\n- [ ] to do\n')).toEqual(['  * [x] done', '  * [ ] to do']);
    expect(render('1. five\n\n   more of five\n2. six\n')).toEqual(['  1. five', '', '     more of five', '  2. six']);
  });

  it('show a loose task list\'s boxes once, and a blank line of code in an item as a blank line', () => {
    expect(render('- [ ] a\n\n- [x] b\n')).toEqual(['  * [ ] a', '  * [x] b']);
    expect(render('1. loose\n\n   ```\n   x\n\n   y\n   ```\n')).toEqual(['  1. loose', '', '       x', '', '       y']);
  });

  it('are set the same by the fast renderer, where it sets them', () => {
    for (const markdown of ['3. a\n4. b\n', '- one\n- two\n', '7) x\n8) y\n'] as const) expect(renderFast(markdown, 40, plain)).toEqual(render(markdown, 40));
  });
});

describe('tables', () => {
  it('line their cells up, padded to the widest, with the alignment the table asks', () => {
    expect(render('| a | bbbb | n |\n|---|:---:|--:|\n| 1 | 2 | 33 |\n')).toEqual([
      '┌───┬──────┬────┐',
      '│ a │ bbbb │  n │',
      '├───┼──────┼────┤',
      '│ 1 │  2   │ 33 │',
      '└───┴──────┴────┘',
    ]);
  });

  it('wrap a long cell within its column to fit the width, and break a line at <br>', () => {
    const lines = render(`| Name | Description |\n|---|---|\n| alpha | ${'word '.repeat(30)}|\n| beta | one<br>two |\n`, 40);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(40);
    expect(lines.every((line) => /^[┌│├└]/.test(line))).toBe(true);
    expect(lines).toContain('│ beta  │ one                          │');
    expect(lines).toContain('│       │ two                          │');
  });

  it('become lists of named cells when even narrow columns do not fit', () => {
    const lines = render('| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n| one | two | three | four | five | six |\n', 20);
    expect(lines.slice(0, 3)).toEqual(['a: one', 'b: two', 'c: three']);
  });

  it('of any cells, at any width, never pass the width and lose no character', () => {
    const cell = fc.array(fc.constantFrom('a', 'bc', 'longerword', '中文', '👍', ' ', '**b**', '`c`'), { maxLength: 8 }).map((parts) => parts.join(' ').trim().replaceAll('|', ''));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 20, max: 160 }), (count, rows, width) => {
        const header = Array.from({ length: count }, (_, column) => `h${column}`);
        const body = rows.map((row) => row.slice(0, count));
        const markdown = `| ${header.join(' | ')} |\n|${'---|'.repeat(count)}\n${body.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`;
        const lines = render(markdown, width);
        for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(width);
        if (!lines[0]?.startsWith('┌')) return;
        const visible = (text: string): string => [...text.replace(/[\s│┌┐└┘├┤┬┴┼─*`]/g, '')].sort().join('');
        expect(visible(lines.join(''))).toBe(visible([...header, ...body.flat()].join('')));
      }),
      { numRuns: 400 },
    );
  });

  it('in a list item or a quote, fit the room its margin leaves', () => {
    const table = `| name | description |\n|---|---|\n| alpha | ${'word '.repeat(40)}|\n`;
    for (const markdown of [`- item\n\n${table.replace(/^/gm, '  ')}`, table.replace(/^/gm, '> ')]) {
      const lines = render(markdown, 60);
      for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(60);
      const boxes = lines.filter((line) => /[┌│├└]/.test(line.replace(/^│ /, '')));
      expect(boxes.length).toBeGreaterThan(4);
      expect(new Set(boxes.map((line) => columns(line))).size).toBe(1);
    }
  });

  it('of heads alone, too narrow for boxes, show their heads', () => {
    expect(render('Before.\n\n| alpha | beta | gamma | delta |\n|---|---|---|---|\n\nAfter.\n', 20)).toEqual(['Before.', '', 'alpha · beta · gamma', '· delta', '', 'After.']);
  });

  it('share the room: narrow columns keep their width, wide ones split the rest', () => {
    expect(shareRoom([3, 50, 50], 43)).toEqual([3, 20, 20]);
    expect(shareRoom([3, 5], 20)).toEqual([3, 5]);
    expect(shareRoom([10, 10, 10], 9)).toBeUndefined();
    expect(drawTable(['a'], [['b']], [null], 5, { border: (text) => text, head: (text) => text }, '\n')).toEqual(['┌───┐', '│ a │', '├───┤', '│ b │', '└───┘']);
  });
});

describe('the line under the title', () => {
  it('names the site once when it is also the author', () => {
    const article = (meta: string) => parseArticle(`---\ntitle: T\n${meta}\n---\n\nWords.\n`, 't');
    expect(metaLine(article('author: BBC News\nsource: BBC News'))).toBe('1 min read · BBC News');
    expect(metaLine(article('author: bbc news\nsource: BBC News'))).toBe('1 min read · bbc news');
    expect(metaLine(article('author: Jane Roe\nsource: BBC News'))).toBe('1 min read · Jane Roe · BBC News');
    expect(metaLine(article('source: BBC News'))).toBe('1 min read · BBC News');
    // The HTML format's line by the same rule.
    expect(renderHtml(article('author: BBC News\nsource: bbc news'))).not.toContain('bbc news');
    expect(renderHtml(article('author: Jane Roe\nsource: BBC News'))).toContain('Jane Roe · BBC News');
  });
});

describe('quotes', () => {
  it('close their italics at the end of every line, wrapped or not, in both renderers', () => {
    // Italics on at the end of a line run into the next (the bar of the next line, or the
    // shell's prompt after `| head`).
    const italicAtEnd = (line: string): boolean => {
      let on = false;
      // eslint-disable-next-line no-control-regex
      for (const [, code] of line.matchAll(/\u001B\[([0-9;]*)m/g)) {
        if (code === '3') on = true;
        else if (code === '23' || code === '0' || code === '') on = false;
      }
      return on;
    };
    const quote = `> ${'words of a quote that runs on '.repeat(6)}\n>\n> - an item in it that also runs on and on and on past the width\n`;
    for (const markdown of [quote, '> a short one\n']) {
      const fast = renderFast(markdown, 30, STYLES[1]);
      for (const lines of [renderMarkdown(markdown, 30, STYLES[1]), ...(fast ? [fast] : [])]) {
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(italicAtEnd(line), JSON.stringify(line)).toBe(false);
      }
    }
  });
});

describe('headings within the text', () => {
  it('are underlined with a light rule without colour, as wide as their widest line, and bold with it', () => {
    expect(render('Text.\n\n### Release histories of the kernel\n\nMore.\n', 20)).toEqual(['Text.', '', 'Release histories of', 'the kernel', '┄'.repeat(20), '', 'More.']);
    expect(render('- item\n\n  #### In a list\n', 40)).toEqual(['  * item', '', '    In a list', '    ┄┄┄┄┄┄┄┄┄']);
    const coloured = renderMarkdown('### Release histories\n', 40, STYLES[1]);
    expect(coloured.map(stripStyling)).toEqual(['Release histories']);
    expect(coloured[0]).not.toBe('Release histories');
  });
});
