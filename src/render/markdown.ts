import { Marked, type Token, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import type { ColorLevel } from '../io.js';
import { decodeEntities } from './entities.js';
import type { Styles } from './styles.js';
import { assembleLines, DEFERRED, inline, isPlainMarkdown, MARGIN_END, HARD_BREAK, PREFORMATTED, quoteLine, renderPlainMarkdown, subheading, type DeferredBlocks } from './blocks.js';
import { drawTable } from './table.js';
import { expandTabs, sanitizeText, stripStyling, wrapText } from './text.js';

/**
 * Markdown → terminal lines, through marked and marked-terminal. marked-terminal styles the inline
 * text (emphasis, code spans); the blocks (lists, tables, code, quotes) and the wrapping are ours,
 * because its reflow counts characters rather than terminal columns, leaves list items unwrapped,
 * and its tables and lists came out wrong in ways the commits say.
 *
 * Each rendered block marks where its margin (indent, bullet, quote bar) ends with MARGIN_END, so
 * that wrapping afterwards can keep the text aligned after the margin on every line; code and
 * tables mark their lines PREFORMATTED or DEFERRED (blocks.ts), so that their spaces are kept.
 */

export { stylesFor, type Styles } from './styles.js';

const renderers = new Map<ColorLevel, Marked>();

function markedFor(styles: Styles): Marked {
  const cached = renderers.get(styles.level);
  if (cached) return cached;
  const c = styles;
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use(
    markedTerminal({
      code: c.yellow,
      blockquote: c.italic,
      html: c.gray,
      heading: c.bold,
      firstHeading: c.bold,
      hr: c.dim,
      listitem: (text: string) => text,
      paragraph: (text: string) => text,
      strong: c.bold,
      em: c.italic,
      codespan: c.yellow,
      del: c.strikethrough,
      link: (text: string) => text,
      href: c.underline,
      text: (text: string) => text,
      unescape: false,
      emoji: false,
      reflowText: false,
      showSectionPrefix: false,
      tab: 2,
    }),
  );
  marked.use({
    renderer: {
      paragraph(token: Tokens.Paragraph) {
        return `${MARGIN_END}${inline(this.parser.parseInline(token.tokens))}\n\n`;
      },
      // Tight list items hold a block-level text token whose inline tokens marked-terminal
      // would print raw (`**bold**`); render them as inline content instead.
      text(token: Tokens.Text | Tokens.Escape) {
        if ('tokens' in token && token.tokens) return `${MARGIN_END}${inline(this.parser.parseInline(token.tokens))}`;
        return readable(token.text);
      },
      heading(token: Tokens.Heading) {
        return subheading(inline(this.parser.parseInline(token.tokens)), c);
      },
      blockquote(token: Tokens.Blockquote) {
        // Blank lines off, not spaces: a quote that opens with code keeps its indent.
        const body = this.parser.parse(token.tokens).replace(/^\n+|\s+$/g, '');
        const bar = c.dim('│ ');
        return `${body
          .split('\n')
          .map((line) => quoteLine(line, bar, c.italic))
          .join('\n')}\n\n`;
      },
      // A link always shows where it goes: no hidden terminal hyperlinks.
      link(token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        const href = sanitizeText(token.href);
        // Text that already is the address (an autolink, www.…, an e-mail) is shown once.
        const shown = stripStyling(text);
        if (href === '' || shown === href || shown === href.replace(/^(?:https?:\/\/|mailto:)/, '')) return c.underline(text);
        return `${text} ${c.dim(`(${c.underline(href)})`)}`;
      },
      image(token: Tokens.Image) {
        const alt = readable(token.text) || 'image';
        return `${c.dim('[image: ')}${alt}${c.dim(`] (${c.underline(sanitizeText(token.href))})`)}`;
      },
      // Code is shown as written, every space kept (PREFORMATTED): it is its layout.
      code(token: Tokens.Code) {
        const lines = sanitizeText(token.text).split('\n');
        return `${lines.map((line) => (line.trimEnd() === '' ? PREFORMATTED : `  ${MARGIN_END}${PREFORMATTED}${c.yellow(line.trimEnd())}`)).join('\n')}\n\n`;
      },
      // Ours, not marked-terminal's: its list numbered the items of a list nested in a numbered
      // one, ran an item's paragraphs together and ignored the number a list starts at.
      list(token: Tokens.List) {
        const start = typeof token.start === 'number' ? token.start : 1;
        // A list is set in two columns, as marked-terminal set it; one inside an item lines up
        // with the item's text.
        const setIn = listDepth === 0 ? '  ' : '';
        const blocksOf = (item: Tokens.ListItem): string[] => {
          listDepth++;
          try {
            return item.tokens.filter((block) => block.type !== 'checkbox' && block.type !== 'space').map((block) => this.parser.parse([block]).replace(/^\n+|\n+$/g, ''));
          } finally {
            listDepth--;
          }
        };
        const items = token.items.map((item, index) => {
          const bullet = `${setIn}${token.ordered ? `${start + index}.` : '*'}`;
          const box = item.task ? `[${item.checked ? 'x' : ' '}] ` : '';
          const blocks = blocksOf(item);
          const lines = blocks.filter((block) => block !== '').join(item.loose ? '\n\n' : '\n').split('\n');
          const indent = ' '.repeat(bullet.length + 1);
          // The checkbox is text, after the margin: a wrapped line lines up under it, not beside it.
          const first = lines[0] ?? '';
          const opening = first.includes(MARGIN_END) ? first.replace(MARGIN_END, MARGIN_END + box) : `${MARGIN_END}${box}${first}`;
          return [`${bullet} ${opening}`, ...lines.slice(1).map((line) => (line === '' ? '' : indent + line))].join('\n');
        });
        // Items one under another even in a loose list, as the fast renderer sets them.
        return `${items.join('\n')}\n\n`;
      },
      // Ours, as the list: marked-terminal's drew a second box in a loose task list.
      checkbox() {
        return '';
      },
      table(token: Tokens.Table) {
        // A <br> in a cell is how GFM tables break a line in one.
        const cell = (one: Tokens.TableCell): string => inlineCell(this.parser.parseInline(one.tokens.map((token): Token => (token.type === 'html' && /^<br\s*\/?>$/i.test(token.raw) ? { type: 'br', raw: token.raw } : token))));
        const header = token.header.map(cell);
        const rows = token.rows.map((row) => row.map(cell));
        // Drawn when the lines are put together, in the room that a list's or a quote's margin leaves.
        const draw = (room: number): string[] => {
          const drawn = drawTable(header, rows, token.align, room, { border: c.dim, head: c.bold }, HARD_BREAK);
          if (drawn) return drawn;
          // Too narrow for boxes: each row as its cells named by their heads (a table of heads alone, its heads).
          const named = rows.map((row) => row.map((text, column) => `${c.bold(`${stripStyling(header[column] ?? '')}:`)} ${text.replaceAll(HARD_BREAK, ' ')}`));
          const blocks = named.length > 0 ? named : [[header.map((text) => c.bold(text.replaceAll(HARD_BREAK, ' '))).join(' · ')]];
          return blocks.flatMap((lines, index) => [...(index > 0 ? [''] : []), ...lines.flatMap((line) => wrapText(line, room))]);
        };
        deferred.push(draw);
        return `${MARGIN_END}${DEFERRED}${deferred.length - 1}\n\n`;
      },
      codespan(token: Tokens.Codespan) {
        // Code is shown as written: marked leaves entities in code spans alone, and so do we.
        return c.yellow(sanitizeText(token.text));
      },
      hr() {
        return `${MARGIN_END}${c.dim('* * *')}\n\n`;
      },
      br() {
        return HARD_BREAK;
      },
      html(token: Tokens.HTML | Tokens.Tag) {
        return c.gray(sanitizeText(token.text));
      },
    },
  });
  renderers.set(styles.level, marked);
  return marked;
}

const readable = (text: string): string => sanitizeText(decodeEntities(text));

/** A table cell's inline text on one line: soft breaks are spaces, hard ones (`<br>`) stay HARD_BREAK. */
const inlineCell = (text: string): string => (text.includes('\n') ? text.replace(/\s*\n\s*/g, ' ') : text);

/** How many lists the one being rendered is inside. */
let listDepth = 0;

/** The tables of the Markdown being rendered, drawn when its lines are put together: marked's renderer is made once, for every render. */
let deferred: DeferredBlocks = [];

/** Renders Markdown to lines no wider than `width` columns; plain paragraphs skip marked. */
export function renderMarkdown(markdown: string, width: number, styles: Styles): string[] {
  if (markdown.trim() === '') return [];
  if (isPlainMarkdown(markdown)) return renderPlainMarkdown(markdown, width);
  return renderWithMarked(markdown, width, styles);
}

/** Always through marked; the tests hold the plain-paragraph shortcut equal to this. */
export function renderWithMarked(markdown: string, width: number, styles: Styles): string[] {
  deferred = [];
  try {
    return assembleLines(markedFor(styles).parse(sanitizeText(expandTabs(markdown))) as string, width, deferred);
  } finally {
    deferred = [];
  }
}
