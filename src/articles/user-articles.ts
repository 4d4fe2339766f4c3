import { closeSync, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NewsError, describeFsError, usageError } from '../errors.js';
import { noteFeature } from '../features.js';
import { sanitizeLine } from '../render/text.js';
import { writeTextAtomic } from '../storage/json-file.js';
import type { ArticleEntry, ArticleLibrary } from './library.js';
import type { Article } from './model.js';
import { ArticleFormatError, parseArticle } from './parse.js';
import { PlainTextFormatError, plainTextToMarkdown } from './plaintext.js';
import { checkSlug, isSlug, slugify } from './slug.js';

/**
 * The only code that writes the reader's article folder (`news add`, `news remove`). Reading it
 * stays the library's job: this module asks the library what is there, and writes or deletes
 * one `<slug>.md` at a time, atomically. Input arrives as bytes read with a size cap, so that it
 * can be tested without files or processes.
 */

/** An article to add may be this large; reading stops just past it. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const MB = 1024 * 1024;
const STDIN_NAME = 'standard input';

export type Format = 'markdown' | 'plain-text';

export interface Input {
  /** How messages name it: the path as typed, or "standard input". */
  name: string;
  bytes: Uint8Array;
}

export interface InputSources {
  /** The folder a relative path is taken from. */
  cwd: string;
  stdinIsTTY: boolean;
  /** Standard input, opened only for `-`. */
  stdin: () => AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  limit?: number;
}

/** Reads the file named, or standard input for `-`, refusing more than the limit without reading it all. */
export async function readInput(file: string, sources: InputSources): Promise<Input> {
  const limit = sources.limit ?? MAX_IMPORT_BYTES;
  if (file === '-') {
    if (sources.stdinIsTTY) {
      throw usageError('standard input is a terminal', "Pipe an article in, like 'news add - < story.txt', or name the file: news add story.txt");
    }
    return { name: STDIN_NAME, bytes: await readStream(sources.stdin(), limit) };
  }
  if (file === '') throw usageError('an empty file name', 'Name the file to add, or - for standard input');
  return { name: file, bytes: readFileCapped(resolve(sources.cwd, file), file, limit) };
}

/** At most limit + 1 bytes of a file: one byte more is enough to know it is too large. */
export function readFileCapped(path: string, name: string, limit = MAX_IMPORT_BYTES): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NewsError('not-found', `there is no file ${name}`, 'Check the name, or give - to read standard input');
    if (code === 'EISDIR') throw isAFolder(name);
    throw describeFsError(error, path);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw isAFolder(name);
    // A regular file says its size; pipes and devices are read until they pass the limit.
    if (stat.isFile() && stat.size > limit) throw tooLarge(name, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, limit + 1 - total));
      const bytes = readSync(fd, chunk, 0, chunk.length, null);
      if (bytes === 0) break;
      chunks.push(chunk.subarray(0, bytes));
      total += bytes;
      if (total > limit) throw tooLarge(name, limit);
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof NewsError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw isAFolder(name);
    throw describeFsError(error, path);
  } finally {
    closeSync(fd);
  }
}

/** Reads a stream until its end, or stops (and closes it) once it passes the limit. */
export async function readStream(stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, limit = MAX_IMPORT_BYTES): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      chunks.push(buffer);
      total += buffer.length;
      // Leaving the loop early closes the stream: the rest is never read.
      if (total > limit) throw tooLarge(STDIN_NAME, limit);
    }
  } catch (error) {
    if (error instanceof NewsError) throw error;
    throw new NewsError('io', `cannot read standard input: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks, total);
}

function isAFolder(name: string): NewsError {
  return new NewsError('not-found', `${name} is a folder, not a file`, 'Name one article file, Markdown or plain text');
}

function tooLarge(name: string, limit: number): NewsError {
  return new NewsError('broken-article', `${name} is more than ${limit % MB === 0 ? `${limit / MB} MB` : `${limit} bytes`}, too large for an article`, 'Nothing was added');
}

export interface Prepared {
  format: Format;
  /** The text to save as `<slug>.md`: the Markdown as given, or the plain text converted. */
  markdown: string;
  article: Article;
}

// Front matter is a "---" line at the very start (after a byte-order mark, if any).
const STARTS_WITH_FRONT_MATTER = /^\uFEFF?---[ \t]*(?:\r?\n|$)/;
const CLOSES_FRONT_MATTER = /\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Turns input bytes into the Markdown to save and the article it reads as; refuses, with a
 * NewsError naming the input, anything that is not an article. Pure.
 */
export function prepareArticle(input: Input): Prepared {
  const text = decodeText(input);
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw new NewsError('broken-article', `${input.name} is empty`, input.name === STDIN_NAME ? "Pipe an article in, like 'news add - < story.txt'" : 'Nothing was added');
  }
  const notAnArticle = (problem: string): NewsError =>
    new NewsError('broken-article', `${input.name} is not an article: ${problem}`, 'Nothing was added');
  let format: Format;
  let markdown: string;
  if (STARTS_WITH_FRONT_MATTER.test(text)) {
    format = 'markdown';
    markdown = text;
    if (!CLOSES_FRONT_MATTER.test(text.replace(/^\uFEFF?---[ \t]*/, ''))) {
      throw notAnArticle('the front matter that starts on the first line has no closing "---" line');
    }
  } else {
    format = 'plain-text';
    noteFeature('plaintext');
    try {
      markdown = plainTextToMarkdown(text);
    } catch (error) {
      if (error instanceof PlainTextFormatError) throw notAnArticle(error.message);
      throw error;
    }
  }
  let article: Article;
  try {
    // The slug is chosen later; the article's content does not depend on it.
    article = parseArticle(markdown, 'new-article');
  } catch (error) {
    if (error instanceof ArticleFormatError) throw notAnArticle(error.message);
    throw error;
  }
  if (article.lede === '' && article.sections.every((section) => section.markdown === '')) {
    throw notAnArticle(format === 'markdown' ? 'no body: after the front matter, give the text of the article' : 'no body: after the title and dek lines, give the paragraphs');
  }
  return { format, markdown, article };
}

/** UTF-8 text, byte for byte (a byte-order mark is kept); binary data is refused. */
export function decodeText(input: Input): string {
  if (input.bytes.includes(0)) {
    throw new NewsError('broken-article', `${input.name} looks like binary data (it has NUL bytes), not text`, 'Give a Markdown or plain-text file');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input.bytes);
  } catch {
    throw new NewsError('broken-article', `${input.name} is not UTF-8 text`, 'Save it as UTF-8 and add it again');
  }
}

export interface AddOptions {
  /** The article's name; by default made from its title. */
  slug?: string;
  /** Replace an article of the reader's with this name, or stand in for a bundled one. */
  force?: boolean;
}

export interface Plan {
  slug: string;
  path: string;
  /** What the new file hides or replaces: nothing, an article of the reader's, or a bundled one. */
  replaces: { origin: 'user' | 'bundled'; title: string | undefined } | undefined;
}

/**
 * Where the article goes. An article of the reader's is never overwritten, nor a bundled one
 * shadowed, without --force; either way the reader may choose another name with --slug.
 */
export function planSlug(library: ArticleLibrary, title: string, options: AddOptions): Plan {
  let slug: string;
  if (options.slug !== undefined) {
    slug = checkSlug(options.slug);
  } else {
    slug = slugify(title);
    if (!isSlug(slug)) {
      throw new NewsError('broken-article', `cannot make an article name from the title “${sanitizeLine(title)}”`, "Give one with --slug, like 'news add <file> --slug my-article'");
    }
  }
  const existing = library.findExact(slug);
  const replaces = existing ? { origin: existing.origin, title: titleOf(library, existing) } : undefined;
  if (existing && !options.force) {
    const named = replaces?.title === undefined ? '' : ` (“${replaces.title}”)`;
    if (existing.origin === 'user') {
      throw new NewsError('io', `you already have an article named "${slug}"${named}`, 'Use --force to replace it, or --slug <name> to add this one beside it');
    }
    throw new NewsError(
      'io',
      `"${slug}" is the name of an article bundled with news${named}`,
      `Use --force to put yours in its place (news remove ${slug} brings the bundled one back), or --slug <name> to add it beside it`,
    );
  }
  return { slug, path: join(library.userDir, `${slug}.md`), replaces };
}

export interface Added extends Plan {
  title: string;
  format: Format;
}

/** Checks, names and saves an article: nothing is written unless every check passes. */
export async function addArticle(library: ArticleLibrary, input: Input, options: AddOptions = {}): Promise<Added> {
  // A bad --slug is a usage error whatever the input holds, so it is checked first.
  if (options.slug !== undefined) checkSlug(options.slug);
  const prepared = prepareArticle(input);
  const plan = planSlug(library, prepared.article.title, options);
  await writeTextAtomic(plan.path, prepared.markdown);
  return { ...plan, title: sanitizeLine(prepared.article.title), format: prepared.format };
}

/**
 * Deletes one of the reader's articles; bundled ones are refused. Returns the bundled article
 * that is visible again, if the reader's had been hiding one.
 */
export function removeUserArticle(library: ArticleLibrary, entry: ArticleEntry): ArticleEntry | undefined {
  if (entry.origin !== 'user') {
    const title = titleOf(library, entry);
    throw new NewsError(
      'io',
      `${title === undefined ? `"${entry.slug}"` : `“${title}” (${entry.slug})`} is bundled with news and cannot be removed`,
      `Only your own articles, in ${library.userDir}, can be removed`,
    );
  }
  try {
    unlinkSync(entry.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NewsError('not-found', `${entry.path} has gone already`, "Run 'news list' to see every article");
    throw describeFsError(error, entry.path);
  }
  return library.findExact(entry.slug);
}

/** The title to show for an article, made safe for the terminal; undefined for a broken file. */
export function titleOf(library: ArticleLibrary, entry: ArticleEntry): string | undefined {
  try {
    return sanitizeLine(library.load(entry).title);
  } catch (error) {
    if (error instanceof NewsError) return undefined;
    throw error;
  }
}
