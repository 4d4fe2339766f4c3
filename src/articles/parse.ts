import { parseFullYaml, parseSimpleFrontMatter, splitLines } from './front-matter.js';
import { DEFAULT_PROMPT, type Article, type Section } from './model.js';

/**
 * Which rules read article files. The list and search indexes keep what the parser read, so
 * they are stamped with this and rebuilt when it changes: bump it whenever a file could read
 * differently. (2: an empty item in a front-matter list is an empty tag, no longer an error;
 * 3: `url` and `feed` are read.)
 */
export const PARSER_VERSION = 3;

/** Why a file is not an article; the library adds the file name. */
export class ArticleFormatError extends Error {}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const SECTION_HEADING = /^##[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Turns the text of an article file into an Article. Pure: no I/O, throws ArticleFormatError. */
export function parseArticle(text: string, slug: string): Article {
  const { meta, body } = splitFrontMatter(text);
  const long = body.length > LONG_TEXT;
  const { lede, sections } = splitSections(body, long);
  // Counted when first asked for: a search reads the ten articles it shows, long ones among
  // them, and shows no reading time.
  let words: number | undefined;
  return {
    slug,
    ...meta,
    lede,
    sections,
    get words() {
      return (words ??= countWords(lede, long) + sections.reduce((sum, section) => sum + section.words, 0));
    },
  };
}

/**
 * The article's title, as parseArticle would read it and failing as it would, without reading
 * the body: messages that name an article (news react) need no more, and counting its words
 * is most of the parse.
 */
export function parseTitle(text: string): string {
  return splitFrontMatter(text).meta.title;
}

function splitFrontMatter(text: string): { meta: Meta; body: string } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const match = FRONT_MATTER.exec(source);
  if (!match) {
    throw new ArticleFormatError('no front matter: the file must start with a "---" line, then "title: …", then "---"');
  }
  return { meta: readFrontMatter(match[1] ?? ''), body: source.slice(match[0].length) };
}

type Meta = Pick<Article, 'title' | 'dek' | 'date' | 'author' | 'source' | 'url' | 'feed' | 'tags' | 'prompt'>;

function readFrontMatter(yamlText: string): Meta {
  let data: unknown = parseSimpleFrontMatter(yamlText);
  try {
    data ??= parseFullYaml(yamlText);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'unreadable';
    throw new ArticleFormatError(`bad YAML in the front matter: ${reason}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ArticleFormatError('the front matter must be "key: value" lines, with at least a title');
  }
  const fields = data as Record<string, unknown>;
  const title = optionalText(fields, 'title');
  if (!title) throw new ArticleFormatError('no title in the front matter: add a "title: …" line');
  return {
    title,
    dek: optionalText(fields, 'dek'),
    date: optionalText(fields, 'date'),
    author: optionalText(fields, 'author'),
    source: optionalText(fields, 'source'),
    url: optionalText(fields, 'url'),
    feed: optionalText(fields, 'feed'),
    tags: readTags(fields.tags),
    prompt: optionalText(fields, 'prompt') ?? DEFAULT_PROMPT,
  };
}

function optionalText(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  throw new ArticleFormatError(`"${key}" in the front matter must be text`);
}

function readTags(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((tag) => tag.trim()).filter(Boolean);
  // An empty item ("- " alone) is null to YAML: skipped, like an empty tag.
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string' || typeof tag === 'number' || tag === null)) {
    return value.flatMap((tag) => (tag === null ? [] : [String(tag).trim()])).filter(Boolean);
  }
  throw new ArticleFormatError('"tags" in the front matter must be a list of words');
}

/** Splits the body at `## ` headings that are not inside fenced code. */
export function splitSections(body: string, long = body.length > LONG_TEXT): { lede: string; sections: Section[] } {
  // A long article's many short sections are counted as one long text would be.
  const lines = splitLines(body);
  const ledeLines: string[] = [];
  const sections: { heading: string; lines: string[] }[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    // Tested with includes and startsWith before the RegExps, which cost the most on first use.
    const fenceMatch = line.includes('```') || line.includes('~~~') ? FENCE.exec(line) : null;
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    }
    const heading = fence === undefined && line.startsWith('##') ? SECTION_HEADING.exec(line) : null;
    if (heading?.[1]) {
      sections.push({ heading: heading[1].trim(), lines: [] });
      continue;
    }
    const current = sections.at(-1);
    (current ? current.lines : ledeLines).push(line);
  }
  return {
    lede: ledeLines.join('\n').trim(),
    sections: sections.map(({ heading, lines: sectionLines }) => {
      const markdown = sectionLines.join('\n').trim();
      let words: number | undefined;
      return {
        heading,
        markdown,
        get words() {
          return (words ??= countWords(markdown, long));
        },
      };
    }),
  };
}

// A word starts with a letter or digit and runs on through letters, digits, apostrophes, dots
// and hyphens. Letters beyond ASCII are taken by block (Latin, Greek, Cyrillic… CJK) rather
// than with \p{L}: a Unicode-property RegExp costs a millisecond to compile on every start,
// for a count that only sets the reading time. Punctuation blocks (U+2000–U+2BFF, U+3000–U+303F)
// are not letters.
const WORD_CHARACTER = 'A-Za-z0-9\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u1FFF\\u2C00-\\u2DFF\\u3040-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFE1F\\uFE30-\\uFFEF';
const WORD = new RegExp(`[${WORD_CHARACTER}][${WORD_CHARACTER}'’.-]*`, 'g');

export function countWords(markdown: string, long = markdown.length > LONG_TEXT): number {
  if (long) return countWordsByCode(markdown);
  const matches = markdown.match(WORD);
  return matches ? matches.length : 0;
}

// Above this (an article's length), countWordsByCode is worth its table; below, the RegExp is
// quicker cold.
export const LONG_TEXT = 20_000;

/**
 * The count WORD gives, one UTF-16 unit at a time: a word starts at a word character and runs on
 * through word characters, apostrophes, dots and hyphens. For a long article: match() holds
 * every word in one array (1.6 million strings for 10 MB), and the collector then took longer
 * than the count.
 */
export function countWordsByCode(text: string): number {
  const classes = (wordClasses ??= makeWordClasses());
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const kind = classes[text.charCodeAt(index)];
    if (kind === WORD_START) {
      if (!inWord) count++;
      inWord = true;
    } else if (kind !== WORD_INSIDE) {
      inWord = false;
    }
  }
  return count;
}

const WORD_START = 1;
const WORD_INSIDE = 2; // an apostrophe, dot or hyphen: part of a word, never its start
let wordClasses: Uint8Array | undefined;

function makeWordClasses(): Uint8Array {
  const classes = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) if (isWordCode(code)) classes[code] = WORD_START;
  for (const code of [0x27, 0x2019, 0x2e, 0x2d]) classes[code] = WORD_INSIDE;
  return classes;
}

function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return (
    code === 0xaa || code === 0xb5 || code === 0xba ||
    (code >= 0xc0 && code <= 0xd6) || (code >= 0xd8 && code <= 0xf6) || (code >= 0xf8 && code <= 0x1fff) ||
    (code >= 0x2c00 && code <= 0x2dff) || (code >= 0x3040 && code <= 0xd7ff) || (code >= 0xf900 && code <= 0xfdcf) ||
    (code >= 0xfdf0 && code <= 0xfe1f) || (code >= 0xfe30 && code <= 0xffef)
  );
}
