import type { Article } from './model.js';

/** What inline Markdown needs: a heading without any of these shows as it is written. */
const MAY_HAVE_MARKUP = /[*_`[\]\\&<!~]/;

/**
 * The article with each section's heading as the text it shows: `## **Consent**` is the heading
 * "Consent", as a `# Title` line's Markdown is the title (inline-text.ts). Web pages often hold
 * their headings in bold. marked reads a heading only when it has a character Markdown could
 * use, so most articles do without loading it; the Markdown source (`--format markdown`) keeps
 * the headings as written.
 */
export async function withHeadingText(article: Article): Promise<Article> {
  if (!article.sections.some((section) => MAY_HAVE_MARKUP.test(section.heading))) return article;
  const { markdownLineText } = await import('./inline-text.js');
  return {
    ...article,
    sections: article.sections.map((section) => (MAY_HAVE_MARKUP.test(section.heading) ? { ...section, heading: markdownLineText(section.heading) } : section)),
  };
}
