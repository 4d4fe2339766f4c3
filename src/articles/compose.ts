/**
 * An article file written by news itself (from a "# Title" file, a web page, a feed item):
 * front matter with the fields that are known, in a fixed order, then the body as given.
 * Every value is quoted, so no text from a page can become YAML structure.
 */
export interface ComposedMeta {
  title: string;
  dek?: string | undefined;
  date?: string | undefined;
  author?: string | undefined;
  source?: string | undefined;
  url?: string | undefined;
  feed?: string | undefined;
}

const FIELDS = ['title', 'dek', 'date', 'author', 'source', 'url', 'feed'] as const;

export function composeArticle(meta: ComposedMeta, body: string): string {
  const lines = ['---'];
  for (const field of FIELDS) {
    const value = meta[field];
    if (value !== undefined && value.trim() !== '') lines.push(`${field}: ${yamlQuoted(value)}`);
  }
  lines.push('---', '', body);
  return lines.join('\n');
}

/**
 * Text as a YAML double-quoted string: JSON's quoting, which YAML reads the same way, with the
 * characters YAML does not allow unescaped (DEL, C1 controls, line and paragraph separators,
 * BOM) escaped too.
 */
export function yamlQuoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007F-\u009F\u2028\u2029\uFEFF]/g, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
