import { readingMinutes } from '../articles/model.js';
import { sanitizeLine } from './text.js';

/** A date as lists show it: the day of an ISO date-time, or the text as the article gives it. */
export function shownDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(date) ? date.slice(0, 10) : sanitizeLine(date);
}

/** What `news list` says of an article after its title: "2026-12-01 · The Gazette · 4 min". */
export function listNotes({ date, source, words }: { date?: string | undefined; source?: string | undefined; words: number }): string {
  const where = [date === undefined ? '' : shownDate(date), source === undefined ? '' : sanitizeLine(source)].filter(Boolean);
  return [...where, `${readingMinutes(words)} min`].join(' \u00B7 ');
}
