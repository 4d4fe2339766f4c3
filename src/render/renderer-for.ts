import type { Article } from '../articles/model.js';
import type { MarkdownRenderer } from './blocks.js';
import { fastRenderer } from './fast-markdown.js';
import type { Styles } from './styles.js';

/**
 * How an article's Markdown is set, for `news read` and the full-screen reader alike: the fast
 * renderer for the Markdown web articles use, and marked, loaded only then, for the rest.
 */
export async function markdownRendererFor(article: Article, styles: Styles, section?: number): Promise<MarkdownRenderer> {
  const sections = article.sections.map((part) => part.markdown);
  const parts = section === undefined ? [article.lede, ...sections] : sections.slice(section, section + 1);
  return fastRenderer(parts, styles) ?? (await import('./markdown.js')).renderMarkdown;
}
