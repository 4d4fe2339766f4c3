import { readingMinutes, sourceIsAuthor, type Article } from '../articles/model.js';
import type { MarkdownRenderer } from './blocks.js';
import type { Styles } from './styles.js';
import { shownDate } from './list-notes.js';
import { columns, keepOnlyStyling, sanitizeLine, wrapKeepingWhole, wrapText } from './text.js';

/** What the reader's footer shows under the article: the question and how to answer it. */
export interface Footer {
  prompt: string;
  /** Each choice as it should appear, like "😮 wow". */
  palette: string[];
  /** The reader's current reaction, already described ("😮 wow"). */
  current: string | undefined;
  /** How to react, change or remove: a line of notes, parted by " · " where they share one. */
  hint: string[];
  /** The commands in the hint, each kept on one line when the hint is wrapped. */
  commands: string[];
}

export interface ArticleView {
  width: number;
  styles: Styles;
  /**
   * How the article's Markdown is rendered: render/markdown.ts (marked); for an article that
   * is only plain paragraphs, render/blocks.ts; for one in the Markdown web articles use,
   * render/fast-markdown.ts. The last two do without marked (render/renderer-for.ts chooses).
   */
  markdown: MarkdownRenderer;
  /** Show only this section (0-based), as `news read --section` asks. */
  section?: number | undefined;
  footer?: Footer | undefined;
}

/**
 * Article → the text a person reads: title, dek, meta line, sections, footer. The same function
 * makes the coloured terminal view and the plain one; colour level 0 simply styles nothing.
 */
export function renderArticle(article: Article, view: ArticleView): string {
  return `${layoutArticle(article, view).lines.join('\n')}\n`;
}

/** The article's lines as renderArticle sets them, and the line each section's heading starts on. */
export function layoutArticle(article: Article, view: ArticleView): { lines: string[]; headingLines: number[] } {
  const { width, styles, markdown: renderMarkdown } = view;
  const sectionStarts: number[] = [];
  const c = styles;
  const lines: string[] = [];
  const title = wrapText(sanitizeLine(article.title), width);
  lines.push(...title.map((line) => c.bold(line)));
  lines.push(c.dim('═'.repeat(Math.min(width, Math.max(...title.map(columns))))));
  if (article.dek) lines.push(...wrapText(sanitizeLine(article.dek), width).map((line) => c.italic(line)));
  const only = view.section;
  // One section takes its own time to read, not the whole article's.
  const words = only === undefined ? article.words : (article.sections[only]?.words ?? article.words);
  lines.push(...wrapText(metaLine(article, words), width).map((line) => c.dim(line)));

  if (only === undefined) {
    const lede = renderMarkdown(article.lede, width, styles);
    if (lede.length > 0) {
      lines.push('');
      pushAll(lines, lede);
    }
  }
  article.sections.forEach((section, index) => {
    if (only !== undefined && index !== only) return;
    const heading = wrapText(sanitizeLine(section.heading), width);
    lines.push('', '');
    sectionStarts.push(lines.length);
    lines.push(...heading.map((line) => c.bold(line)));
    lines.push(c.dim('─'.repeat(Math.min(width, Math.max(...heading.map(columns))))));
    const body = renderMarkdown(section.markdown, width, styles);
    if (body.length > 0) {
      lines.push('');
      pushAll(lines, body);
    }
  });
  if (only !== undefined) {
    lines.push('', ...sectionLines(`Section ${only + 1} of ${article.sections.length}`, article.slug, width).map((line) => c.dim(line)));
  }
  if (view.footer) lines.push('', '', ...renderFooter(view.footer, width, styles));
  // A renderer may return several lines in one string; the positions count real lines.
  const out: string[] = [];
  const headingLines: number[] = [];
  let next = 0;
  lines.forEach((line, index) => {
    while (sectionStarts[next] === index) {
      headingLines.push(out.length);
      next++;
    }
    const safe = keepOnlyStyling(line);
    if (safe.includes('\n')) out.push(...safe.split('\n'));
    else out.push(safe);
  });
  return { lines: out, headingLines };
}

/**
 * lines.push(...more) without spreading: a long article without headings is one part of
 * hundreds of thousands of lines, more arguments than a call can take.
 */
export function pushAll(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

export function metaLine(article: Article, words = article.words): string {
  const minutes = readingMinutes(words);
  const parts = [`${minutes} min read`];
  // A date-time as its day, as lists show it: the hour a feed stamped is not what a reader wants here.
  if (article.date) parts.push(shownDate(article.date));
  const author = article.author ? sanitizeLine(article.author) : '';
  const source = article.source ? sanitizeLine(article.source) : '';
  if (author) parts.push(author);
  if (source && !sourceIsAuthor(author, source)) parts.push(source);
  return parts.join(' · ');
}

function renderFooter(footer: Footer, width: number, styles: Styles): string[] {
  const c = styles;
  const lines = [c.dim('─'.repeat(width)), ...wrapText(sanitizeLine(footer.prompt), width).map((line) => c.bold(line))];
  lines.push(...wrapEntries(footer.palette, '  ', width));
  if (footer.current) lines.push(...wrapText(`Your reaction: ${footer.current}`, width).map((line) => c.bold(line)));
  lines.push(...wrapEntries(footer.hint, ' · ', width, footer.commands).map((line) => c.dim(line)));
  return lines;
}

/**
 * Lays out short entries on as few lines as fit, splitting an entry only when it is wider than
 * a line, and then not inside the commands in `whole` that fit on one.
 */
export function wrapEntries(entries: string[], separator: string, width: number, whole: readonly string[] = []): string[] {
  const lines: string[] = [];
  let current = '';
  for (const entry of entries) {
    const candidate = current === '' ? entry : current + separator + entry;
    if (columns(candidate) <= width || current === '') {
      current = candidate;
    } else {
      lines.push(current);
      current = entry;
    }
  }
  if (current !== '') lines.push(current);
  return lines.flatMap((line) => (columns(line) > width ? wrapKeepingWhole(line, whole, width) : [line]));
}

/**
 * "Section 2 of 5 · news sections witkoff-leak", or, when that is wider than the screen, the
 * command on a line of its own, never cut: it is what the reader types next.
 */
function sectionLines(where: string, slug: string, width: number): string[] {
  const command = `news sections ${slug}`;
  if (columns(`${where} · ${command}`) <= width) return [`${where} · ${command}`];
  return [...wrapText(where, width), ...(columns(command) <= width ? [command] : ['news sections', slug])];
}
