import type { Article } from '../articles/model.js';

/**
 * One section as Markdown with front matter, for `news read --format markdown --section`.
 * (The whole article is shown as its own file.) Values are written as JSON strings, which YAML
 * reads as double-quoted scalars, so no title can break the front matter.
 */
export function sectionSource(article: Article, index: number): string {
  const section = article.sections[index];
  const fields: [string, string | undefined][] = [
    ['title', article.title],
    ['dek', article.dek],
    ['date', article.date],
    ['author', article.author],
    ['source', article.source],
    ['prompt', article.prompt],
  ];
  const front = fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  if (article.tags.length > 0) front.push(`tags: [${article.tags.map((tag) => JSON.stringify(tag)).join(', ')}]`);
  return `---\n${front.join('\n')}\n---\n\n## ${section?.heading ?? ''}\n\n${section?.markdown ?? ''}\n`;
}
