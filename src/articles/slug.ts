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
    .replace(/[’']/g, '')
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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
