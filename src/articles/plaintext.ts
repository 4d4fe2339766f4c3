import { loadYaml } from './front-matter.js';

/**
 * Turns a plain-text article (title, dek, short heading lines, paragraphs, an optional closing
 * "What's Your Reaction?") into the Markdown-with-front-matter form the library reads.
 * Pure, so that importing the seed text can be held equal to the bundled file.
 */
export class PlainTextFormatError extends Error {}

const REACTION_PROMPT = /^what[\u2019']?s\s+your\s+reaction\??$/i; // What’s or What's
const MAX_HEADING_WORDS = 14;
// A heading is a short line that does not end like a sentence.
const SENTENCE_END = /[.!?\u2026:;,]["'\u201D\u2019)\]]*$/u; // … ” ’

// A line that opens with a bullet (* - + • –) is an item of a list as typed, not a heading.
const BULLET_LINE = /^[*\-+\u2022\u2013]\s/u;

export function isPlainTextHeading(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean).length;
  return words > 0 && words <= MAX_HEADING_WORDS && !SENTENCE_END.test(line) && !BULLET_LINE.test(line);
}

/** A block of plain text: its words on one line, and how many lines they came from. */
interface Block {
  text: string;
  lines: number;
}

/**
 * The blocks of a plain text. Text with blank lines between its lines is laid out in
 * paragraphs (hard-wrapped, as in e-mail and most .txt files): a block is the lines between
 * blank lines, joined with spaces. Text without any is one paragraph per line.
 */
export function plainTextBlocks(text: string): Block[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim());
  const first = lines.findIndex((line) => line !== '');
  const last = lines.findLastIndex((line) => line !== '');
  const inner = first === -1 ? [] : lines.slice(first, last + 1);
  // One paragraph per line, as the seed text is laid out.
  if (!inner.includes('')) return inner.map((line) => ({ text: line, lines: 1 }));

  const groups: string[][] = [[]];
  for (const line of inner) {
    if (line === '') {
      if ((groups.at(-1) ?? []).length > 0) groups.push([]);
    } else {
      groups.at(-1)?.push(line);
    }
  }
  const blocks: Block[] = [];
  groups.forEach((group, index) => {
    if (group.length === 0) return;
    if (index === 0) {
      // The title: the first line, or more when the next line carries on the same sentence
      // ("Will the council⏎vote for the wall?"); a line that starts anew is the dek.
      let end = 1;
      while (end < group.length && continues(group[end - 1] ?? '', group[end] ?? '', true)) end++;
      blocks.push({ text: group.slice(0, end).join(' '), lines: end });
      blocks.push(...paragraphs(group.slice(end)));
      return;
    }
    blocks.push(...paragraphs(group));
  });
  return blocks;
}

/**
 * The lines between two blank lines: one wrapped paragraph when some line plainly runs on into
 * the next (it does not end a sentence, and the next starts in lower case); otherwise one
 * paragraph or heading per line, as in text laid out a line per paragraph.
 */
function paragraphs(group: string[]): Block[] {
  if (group.length === 0) return [];
  const wrapped = group.some((line, index) => index > 0 && continues(group[index - 1] ?? '', line, false));
  if (!wrapped) return group.map((line) => ({ text: line, lines: 1 }));
  return [{ text: group.join(' '), lines: group.length }];
}

// Words a title or sentence does not end on: a line ending with one was wrapped.
const RUNS_ON = /\b(?:a|an|the|of|in|on|at|to|for|with|by|from|and|or|but|as|into|over|after|before|about|its|their|his|her)$/i;

/**
 * Whether `next` carries on the sentence of `line`: it starts in lower case, or `line` ends
 * on a word nothing ends on ("Snow in the⏎Valley"). A title may do so without punctuation.
 */
function continues(line: string, next: string, inTitle: boolean): boolean {
  if (!inTitle && SENTENCE_END.test(line)) return false;
  return /^[\p{Ll}]/u.test(next) || RUNS_ON.test(line);
}

export function plainTextToMarkdown(text: string): string {
  const [title, dek, ...rest] = plainTextBlocks(text);
  if (title === undefined) throw new PlainTextFormatError('the text is empty: the first line must be the title');
  let prompt: string | undefined;
  const closing = rest.at(-1);
  if (closing !== undefined && REACTION_PROMPT.test(closing.text)) prompt = rest.pop()?.text;
  if (rest.length === 0) throw new PlainTextFormatError('no body: after the title and dek lines, give the paragraphs');

  const meta: Record<string, string> = { title: title.text };
  if (dek !== undefined) meta.dek = dek.text;
  if (prompt !== undefined) meta.prompt = prompt;
  // A section heading is one short line, taken as written after `## ` (it is never read as
  // Markdown, so it is not escaped); a paragraph wrapped over several lines is never a heading.
  const blocks = rest.map((block) => (block.lines === 1 && isPlainTextHeading(block.text) ? `## ${block.text}` : escapeMarkdown(block.text)));
  return `---\n${loadYaml().stringify(meta, { lineWidth: 0 })}---\n\n${blocks.join('\n\n')}\n`;
}

/** Escapes what Markdown would otherwise read as markup, so the words come out as written. */
export function escapeMarkdown(line: string): string {
  return line
    // `~` is GFM strikethrough; `_` between letters or digits is never emphasis (and may be in a URL).
    .replace(/[\\`*[\]<~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (character) => `\\${character}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/^(#{1,6}|>|[-+*=]|\d+[.)])(?=\s|$)/, (marker) => marker.replace(/([#>\-+*=.)])$/, '\\$1'));
}
