import { columns, padEnd, wrapText } from './text.js';

export type Align = 'left' | 'center' | 'right' | null;

/** The least a column is given before a table is shown as a list instead. */
export const NARROWEST_COLUMN = 4;

/**
 * A Markdown table drawn in boxes no wider than `width` columns: each column as wide as its
 * widest cell while they all fit, else the room shared out (the narrow columns keep their
 * width, the wide ones share the rest) and each cell wrapped within its column. Cells are
 * rendered inline text, styled or not; a line break in one (HARD_BREAK, `<br>`) is `breakMark`.
 * Undefined when even NARROWEST_COLUMN a column does not fit: the caller lists the rows.
 */
export function drawTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[], width: number, styles: { border: (text: string) => string; head: (text: string) => string }, breakMark: string): string[] | undefined {
  const count = header.length;
  const linesOf = (cell: string): string[] => cell.split(breakMark).map((line) => line.trim());
  const cells = [header, ...rows].map((row) => Array.from({ length: count }, (_, column) => linesOf(row[column] ?? '')));
  const natural = Array.from({ length: count }, (_, column) => Math.max(1, ...cells.map((row) => Math.max(...(row[column] as string[]).map(columns)))));
  const room = width - (3 * count + 1);
  const widths = shareRoom(natural, room);
  if (widths === undefined) return undefined;
  const { border, head } = styles;
  const rule = (left: string, middle: string, right: string): string => border(left + widths.map((columnWidth) => '─'.repeat(columnWidth + 2)).join(middle) + right);
  const drawRow = (row: string[][], isHead: boolean): string[] => {
    const wrapped = row.map((lines, column) => lines.flatMap((line) => wrapText(line, widths[column] as number)));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    return Array.from({ length: height }, (_, index) => {
      const parts = wrapped.map((lines, column) => {
        const text = lines[index] ?? '';
        return aligned(isHead ? head(text) : text, widths[column] as number, align[column] ?? null);
      });
      return `${border('│')} ${parts.join(` ${border('│')} `)} ${border('│')}`;
    });
  };
  const [first, ...rest] = cells as [string[][], ...string[][][]];
  return [rule('┌', '┬', '┐'), ...drawRow(first, true), rule('├', '┼', '┤'), ...rest.flatMap((row) => drawRow(row, false)), rule('└', '┴', '┘')];
}

/**
 * Each column's width within `room`: its natural width if all fit; else the narrowest columns
 * keep theirs and the rest share what is left evenly. Undefined when a column would get less
 * than NARROWEST_COLUMN (or its natural width, if less).
 */
export function shareRoom(natural: readonly number[], room: number): number[] | undefined {
  if (natural.reduce((sum, columnWidth) => sum + columnWidth, 0) <= room) return [...natural];
  const widths = new Array<number>(natural.length).fill(0);
  const byWidth = natural.map((columnWidth, column) => ({ columnWidth, column })).sort((a, b) => a.columnWidth - b.columnWidth);
  let left = room;
  byWidth.forEach(({ columnWidth, column }, index) => {
    const share = Math.floor(left / (natural.length - index));
    widths[column] = Math.min(columnWidth, share);
    left -= widths[column] as number;
  });
  // What the rounding down left over, to the columns still narrower than their cells.
  for (const { column } of byWidth.reverse()) {
    if (left <= 0) break;
    const more = Math.min(left, (natural[column] as number) - (widths[column] as number));
    widths[column] = (widths[column] as number) + more;
    left -= more;
  }
  return widths.every((columnWidth, column) => columnWidth >= Math.min(NARROWEST_COLUMN, natural[column] as number)) ? widths : undefined;
}

function aligned(text: string, columnWidth: number, align: Align): string {
  const space = columnWidth - columns(text);
  if (space <= 0) return text;
  if (align === 'right') return ' '.repeat(space) + text;
  if (align === 'center') return ' '.repeat(Math.floor(space / 2)) + padEnd(text, columnWidth - Math.floor(space / 2));
  return padEnd(text, columnWidth);
}
