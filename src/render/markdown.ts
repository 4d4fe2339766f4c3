import { Marked, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import type { ColorLevel } from '../io.js';
import { decodeEntities } from './entities.js';
import type { Styles } from './styles.js';
import { assembleLines, inline, isPlainMarkdown, MARGIN_END, HARD_BREAK, renderPlainMarkdown } from './blocks.js';
import { sanitizeText, stripStyling } from './text.js';

/**
 * Markdown → terminal lines, through marked and marked-terminal. marked-terminal styles the inline
 * text (emphasis, code, lists); the block layout and the wrapping are ours, because its reflow
 * counts characters rather than terminal columns and leaves list items unwrapped.
 *
 * Each rendered block marks where its margin (indent, bullet, quote bar) ends with MARGIN_END, so
 * that wrapping afterwards can keep the text aligned after the margin on every line.
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
      // cli-table3 colours table heads and borders itself; without colour, none of that.
      table: (text: string) => (styles.level === 0 ? stripStyling(text) : text),
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
        return `${MARGIN_END}${c.bold(inline(this.parser.parseInline(token.tokens)))}\n\n`;
      },
      blockquote(token: Tokens.Blockquote) {
        const body = this.parser.parse(token.tokens).trim();
        const bar = c.dim('│ ');
        return `${body
          .split('\n')
          .map((line) => (line === '' ? bar.trimEnd() : bar + c.italic(line)))
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
      code(token: Tokens.Code) {
        const lines = sanitizeText(token.text).split('\n');
        return `${lines.map((line) => `  ${MARGIN_END}${c.yellow(line)}`).join('\n')}\n\n`;
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

/** Renders Markdown to lines no wider than `width` columns; plain paragraphs skip marked. */
export function renderMarkdown(markdown: string, width: number, styles: Styles): string[] {
  if (markdown.trim() === '') return [];
  if (isPlainMarkdown(markdown)) return renderPlainMarkdown(markdown, width);
  return renderWithMarked(markdown, width, styles);
}

/** Always through marked; the tests hold the plain-paragraph shortcut equal to this. */
export function renderWithMarked(markdown: string, width: number, styles: Styles): string[] {
  return assembleLines(markedFor(styles).parse(sanitizeText(markdown)) as string, width);
}
