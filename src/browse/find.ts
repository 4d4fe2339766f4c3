import { fold } from '../search/text.js';

/** A match in one line of plain text, by UTF-16 offsets into that line. */
export interface Match {
  line: number;
  start: number;
  end: number;
}

/**
 * Where a query occurs in each line, folded as `news search` folds (case, accents, curly
 * apostrophes), with offsets into the line as it is shown. Characters are folded one by one,
 * so that every folded character knows where it came from.
 */
export function findInLines(lines: readonly string[], query: string): Match[] {
  const wanted = fold(query.trim());
  if (wanted === '') return [];
  const matches: Match[] = [];
  lines.forEach((line, lineIndex) => {
    const simple = /^[\u0020-\u007E]*$/.test(line);
    if (simple) {
      const lower = line.toLowerCase();
      for (let at = lower.indexOf(wanted); at !== -1; at = lower.indexOf(wanted, at + Math.max(1, wanted.length))) {
        matches.push({ line: lineIndex, start: at, end: at + wanted.length });
      }
      return;
    }
    const { folded, starts, ends } = foldWithOffsets(line);
    for (let at = folded.indexOf(wanted); at !== -1; at = folded.indexOf(wanted, at + Math.max(1, wanted.length))) {
      matches.push({ line: lineIndex, start: starts[at] ?? 0, end: ends[at + wanted.length - 1] ?? line.length });
    }
  });
  return matches;
}

function foldWithOffsets(text: string): { folded: string; starts: number[]; ends: number[] } {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let index = 0; index < text.length; ) {
    const character = String.fromCodePoint(text.codePointAt(index) ?? 0);
    const end = index + character.length;
    const piece = fold(character);
    for (let unit = 0; unit < piece.length; unit++) {
      starts.push(index);
      ends.push(end);
    }
    folded += piece;
    index = end;
  }
  return { folded, starts, ends };
}

/** The words of a list filter, folded as the items' text is, for each to be found in it. */
export function filterWords(filter: string): string[] {
  return fold(filter).split(/\s+/).filter(Boolean);
}
