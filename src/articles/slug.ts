import { usageError } from '../errors.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 100;

export function isSlug(text: string): boolean {
  return text.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(text);
}

/** Refuses anything that is not a slug before it gets near a path. */
export function checkSlug(text: string): string {
  if (isSlug(text)) return text;
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  const why = text === '' ? 'an empty article name' : text.length > MAX_SLUG_LENGTH ? `an article name over ${MAX_SLUG_LENGTH} characters` : `${shown} is not an article name`;
  throw usageError(why, "Names are lower-case letters, digits and dashes, like witkoff-leak; run 'news list' to see them");
}

/** Turns a title into a slug: lower case, accents dropped, words joined by dashes. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2019']/g, '') // ’ and '
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '');
}

/** The slugs nearest to what was typed, for "did you mean …?". */
export function nearestSlugs(query: string, slugs: readonly string[], limit = 3): string[] {
  const threshold = Math.max(2, Math.floor(query.length / 3));
  return slugs
    .map((slug) => ({ slug, distance: slug.includes(query) ? 0 : editDistance(query, slug.slice(0, query.length + threshold)) }))
    .filter(({ distance }) => distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.slug.length - b.slug.length || a.slug.localeCompare(b.slug))
    .slice(0, limit)
    .map(({ slug }) => slug);
}

/** Edits between two words, a swap of neighbouring letters counting as one ("raed" → "read"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      row[j] = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] ?? 0, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
    }
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}
