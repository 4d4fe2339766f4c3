/** The article as the reader knows it: parsed, validated, and free of any file-system detail. */
export interface Section {
  /** The heading as written after `## `. */
  heading: string;
  /** The section's Markdown, without its heading. */
  markdown: string;
  /** Counted when first asked for (parse.ts). */
  readonly words: number;
}

export interface Article {
  slug: string;
  title: string;
  dek: string | undefined;
  date: string | undefined;
  author: string | undefined;
  source: string | undefined;
  /** The address it was published at: a page added from the web, or a feed item's link. */
  url: string | undefined;
  /** The name of the subscription it came from (`news feed list`), for articles fetched from feeds. */
  feed: string | undefined;
  tags: string[];
  /** The closing question the reader answers with `news react`. */
  prompt: string;
  /** Markdown before the first section heading. */
  lede: string;
  readonly sections: Section[];
  /** Counted when first asked for (parse.ts). */
  readonly words: number;
}

/** Where an article file lives: shipped with the package, or added by the reader. */
export type Origin = 'bundled' | 'user';

/** An article the library can open: its slug, its file and which folder it is in. */
export interface ArticleEntry {
  slug: string;
  path: string;
  origin: Origin;
  /** A user article that hides a bundled one of the same slug. */
  overridesBundled: boolean;
  /**
   * Set for an article `news fetch` wrote, listed from the index of the folder only news
   * writes: its size and mtime (and summary, which the library keeps) are that index's,
   * trusted without a stat.
   */
  fetched?: { size: number; mtime: number };
}

export const DEFAULT_PROMPT = "What's your reaction?";
const WORDS_PER_MINUTE = 230;

export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** Whether an article's source names its author again: sites credit themselves ("BBC News · BBC News"), said once where both are shown. */
export function sourceIsAuthor(author: string | undefined, source: string | undefined): boolean {
  return author !== undefined && author !== '' && source !== undefined && source !== '' && author.toLowerCase() === source.toLowerCase();
}

/** What `news list` needs of an article: small enough to keep an index of thousands. */
export type ArticleSummary = Pick<Article, 'title' | 'dek' | 'date' | 'author' | 'source' | 'url' | 'feed' | 'tags' | 'words'> & { sectionCount: number };

export function summarize(article: Article): ArticleSummary {
  const { title, dek, date, author, source, url, feed, tags, words } = article;
  return { title, dek, date, author, source, url, feed, tags, words, sectionCount: article.sections.length };
}
