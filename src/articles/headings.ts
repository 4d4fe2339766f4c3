import type { Article, Section } from './model.js';

/**
 * What inline Markdown needs: emphasis, strikethrough (one ~ is enough for marked), code, links
 * and escapes by their characters; an entity and inline HTML by their forms (so "Q&A" and
 * "a < b" are plain text).
 */
const MAY_HAVE_MARKUP = /[*_~`[\]\\]|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);|<[a-z/!?]/i;
/** A heading emphasised whole, as web pages write them: `**Consent**`, `_Why_`. */
const EMPHASISED_WHOLE = /^(\*\*|__|\*|_)(\S(?:.*\S)?)\1$/;
/** A heading that is one link whole: `[The vote](https://…)`. */
const LINK_WHOLE = /^\[(\S(?:[^[\]]*\S)?)\]\([^()\s\\<>]*\)$/;

/**
 * The article with each section's heading as the text it shows: `## **Consent**` is the heading
 * "Consent", as a `# Title` line's Markdown is the title (inline-text.ts). Web pages often hold
 * their headings in bold. A heading emphasised or linked whole, around plain text, is read here
 * (marked reads it the same way); any other with a character Markdown could use is read by
 * marked, loaded then and only then, so that '5 * 3 * 2' and snake_case keep theirs. The
 * Markdown source (`--format markdown`) keeps the headings as written.
 */
export async function withHeadingText(article: Article): Promise<Article> {
  if (!article.sections.some((section) => MAY_HAVE_MARKUP.test(section.heading))) return article;
  const sections: Section[] = [];
  for (const section of article.sections) {
    if (!MAY_HAVE_MARKUP.test(section.heading)) {
      sections.push(section);
      continue;
    }
    // The words are counted when asked for, as the section counts them: not for a heading.
    sections.push({
      heading: await headingText(section.heading),
      markdown: section.markdown,
      get words() {
        return section.words;
      },
    });
  }
  // Copied with its getters as getters: spread, the article's would count all its words.
  const descriptors = { ...Object.getOwnPropertyDescriptors(article), sections: { value: sections, enumerable: true, writable: true, configurable: true } };
  return Object.create(Object.getPrototypeOf(article) as object, descriptors) as Article;
}

/** The text one heading shows (see withHeadingText), for a command that shows one heading of an article. */
export async function headingText(heading: string): Promise<string> {
  if (!MAY_HAVE_MARKUP.test(heading)) return heading;
  return simpleHeadingText(heading) ?? (await import('./inline-text.js')).markdownLineText(heading);
}

/** The text of a heading that is plain text emphasised or linked whole; undefined for any other. */
export function simpleHeadingText(heading: string): string | undefined {
  const inner = EMPHASISED_WHOLE.exec(heading)?.[2] ?? LINK_WHOLE.exec(heading)?.[1];
  return inner !== undefined && !MAY_HAVE_MARKUP.test(inner) ? inner : undefined;
}
