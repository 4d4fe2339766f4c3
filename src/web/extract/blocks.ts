/**
 * The converter's Markdown in blocks, for the passes that judge and clean it block by block.
 * A fenced code block is one block whatever blank lines its code holds: cut at them, its
 * pieces would be judged as prose, and a dropped piece would lose a fence.
 */

/** A fenced code block as the converter writes it (markdown.ts codeBlock). */
export const isCodeBlock = (block: string): boolean => /^(`{3,})[^`\n]*\n[^]*\n\1$/.test(block);

/** Blocks parted by blank lines, but for the blank lines inside fenced code. */
export function markdownBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    if (fence === undefined && line === '') {
      if (lines.length > 0) blocks.push(lines.join('\n'));
      lines = [];
      continue;
    }
    lines.push(line);
    // The converter's fences open a block, and close on a line of the same fence alone (no
    // line of the code starts with as many backticks).
    if (fence === undefined) fence = lines.length === 1 ? /^`{3,}/.exec(line)?.[0] : undefined;
    else if (line === fence) fence = undefined;
  }
  if (lines.length > 0) blocks.push(lines.join('\n'));
  return blocks;
}
