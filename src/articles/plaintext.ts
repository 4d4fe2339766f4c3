import { createRequire } from 'node:module';

/**
 * Turns a plain-text article (title line, dek line, short heading lines, paragraphs, an optional
 * closing "What's Your Reaction?") into the Markdown-with-front-matter form the library reads.
 * Pure, so that importing the seed text can be held equal to the bundled file.
 */
export class PlainTextFormatError extends Error {}

const REACTION_PROMPT = /^what[’']?s\s+your\s+reaction\??$/i;
const MAX_HEADING_WORDS = 14;
// A heading is a short line that does not end like a sentence.
const SENTENCE_END = /[.!?…:;,]["'”’)\]]*$/u;

export function isPlainTextHeading(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean).length;
  return words > 0 && words <= MAX_HEADING_WORDS && !SENTENCE_END.test(line);
}

export function plainTextToMarkdown(text: string): string {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const [title, dek, ...rest] = lines;
  if (title === undefined) throw new PlainTextFormatError('the text is empty: the first line must be the title');
  let prompt: string | undefined;
  if (rest.length > 0 && REACTION_PROMPT.test(rest.at(-1) ?? '')) prompt = rest.pop();
  if (rest.length === 0) throw new PlainTextFormatError('no body: after the title and dek lines, give the paragraphs');

  const meta: Record<string, string> = { title };
  if (dek !== undefined) meta.dek = dek;
  if (prompt !== undefined) meta.prompt = prompt;
  // A section heading is taken as written after `## ` (it is never read as Markdown), so it is not escaped.
  const blocks = rest.map((line) => (isPlainTextHeading(line) ? `## ${line}` : escapeMarkdown(line)));
  return `---\n${stringifyYaml(meta, { lineWidth: 0 })}---\n\n${blocks.join('\n\n')}\n`;
}

type YamlStringify = (value: unknown, options: { lineWidth: number }) => string;
let yamlStringify: YamlStringify | undefined;

/** yaml is large: loaded on first need, from node_modules rather than the bundle (as in front-matter.ts). */
function stringifyYaml(value: unknown, options: { lineWidth: number }): string {
  yamlStringify ??= (createRequire(import.meta.url)('yaml') as { stringify: YamlStringify }).stringify;
  return yamlStringify(value, options);
}

/** Escapes what Markdown would otherwise read as markup, so the words come out as written. */
export function escapeMarkdown(line: string): string {
  return line
    // `~` is GFM strikethrough; `_` between letters or digits is never emphasis (and may be in a URL).
    .replace(/[\\`*[\]<~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (character) => `\\${character}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/^(#{1,6}|>|[-+*=]|\d+[.)])(?=\s|$)/, (marker) => marker.replace(/([#>\-+*=.)])$/, '\\$1'));
}
