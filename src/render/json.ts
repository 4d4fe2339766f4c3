import type { ArticleEntry } from '../articles/library.js';
import { readingMinutes, summarize, type Article, type ArticleSummary } from '../articles/model.js';
import type { Reaction } from '../reactions/store.js';

/**
 * The `--json` shapes, one function each, so the fields scripts rely on are declared in one
 * place (and pinned by a test). Strings are the article's own; JSON.stringify escapes controls.
 */
export function articleSummaryJson(entry: ArticleEntry, article: ArticleSummary, reaction: Reaction | undefined, unread: boolean) {
  return {
    slug: entry.slug,
    title: article.title,
    dek: article.dek ?? null,
    date: article.date ?? null,
    author: article.author ?? null,
    source: article.source ?? null,
    url: article.url ?? null,
    feed: article.feed ?? null,
    unread,
    tags: article.tags,
    words: article.words,
    minutes: readingMinutes(article.words),
    sections: article.sectionCount,
    origin: entry.origin,
    overridesBundled: entry.overridesBundled,
    reaction: reaction ?? null,
  };
}

export function sectionsJson(article: Article) {
  return article.sections.map((section, index) => ({
    number: index + 1,
    heading: section.heading,
    words: section.words,
    minutes: readingMinutes(section.words),
  }));
}

export function articleJson(entry: ArticleEntry, article: Article, reaction: Reaction | undefined, unread: boolean, only?: number) {
  return {
    ...articleSummaryJson(entry, summarize(article), reaction, unread),
    prompt: article.prompt,
    lede: only === undefined ? article.lede : '',
    sections: article.sections
      .map((section, index) => ({ number: index + 1, heading: section.heading, words: section.words, markdown: section.markdown }))
      .filter((section) => only === undefined || section.number === only + 1),
  };
}

export function toJson(value: unknown): string {
  // JSON.stringify escapes only C0 controls; DEL and C1 (0x9B is an 8-bit CSI) are escaped too.
  return `${JSON.stringify(value, null, 2).replace(/[\u007F-\u009F]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
