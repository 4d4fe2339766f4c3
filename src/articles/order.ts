/**
 * Newest first, by the date each article states; articles without one (most of the reader's
 * own) after them, by name. The sort is stable, so equal dates keep the order by name.
 */
export function newestFirst<T extends { article: { date: string | undefined } }>(rows: T[]): T[] {
  const times = new Map<T, number>();
  for (const row of rows) times.set(row, row.article.date === undefined ? Number.NaN : Date.parse(row.article.date));
  const undated = (time: number): boolean => Number.isNaN(time);
  return [...rows].sort((a, b) => {
    const ta = times.get(a) as number;
    const tb = times.get(b) as number;
    if (undated(ta) || undated(tb)) return undated(ta) === undated(tb) ? 0 : undated(ta) ? 1 : -1;
    return tb - ta;
  });
}
