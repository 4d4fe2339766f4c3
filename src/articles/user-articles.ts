import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, readlinkSync, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NewsError, describeFsError, usageError } from '../errors.js';
import { replaceFile } from '../storage/atomic-file.js';
import type { IO } from '../io.js';
import { sanitizeLine } from '../render/text.js';
import { shellWord } from '../shell.js';
import { readArticleFile, type ArticleEntry, type ArticleLibrary } from './library.js';
import type { Article } from './model.js';
import { ArticleFormatError, parseArticle } from './parse.js';
import { PlainTextFormatError, plainTextToMarkdown } from './plaintext.js';
import { checkSlug, isSlug, slugify } from './slug.js';
import { composeArticle } from './compose.js';

/**
 * The only code that writes the reader's article folder (`news add`, `news remove`). Reading it
 * stays the library's job: this module asks the library what is there, and writes or deletes
 * one `<slug>.md` at a time, atomically, never through a link. Input arrives as bytes read with
 * a size cap, through the IO, so that it can be tested without files or processes.
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

/** Where input comes from: the folder a relative path is taken from, and standard input (read only for `-`). */
export type InputSources = Pick<IO, 'cwd' | 'stdinIsTTY' | 'readStdin'>;

/** Reads the file named, or standard input for `-`, refusing more than the limit without reading it all. */
export async function readInput(file: string, sources: InputSources, limit = MAX_IMPORT_BYTES): Promise<Input> {
  if (file === '-') {
    if (sources.stdinIsTTY) {
      throw usageError('standard input is a terminal', "Pipe an article in, like 'news add - < story.txt', or name the file: news add story.txt");
    }
    let bytes: Buffer | 'too-large';
    try {
      bytes = await sources.readStdin(limit);
    } catch (error) {
      throw new NewsError('io', `cannot read standard input: ${(error as Error).message}`);
    }
    if (bytes === 'too-large') throw tooLarge(STDIN_NAME, limit);
    return { name: STDIN_NAME, bytes };
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
export function prepareArticle(input: Input, lineText: (markdown: string) => string): Prepared {
  const text = decodeText(input);
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw new NewsError('broken-article', `${input.name} is empty`, input.name === STDIN_NAME ? "Pipe an article in, like 'news add - < story.txt'" : 'Nothing was added');
  }
  const notAnArticle = (problem: string): NewsError =>
    new NewsError('broken-article', `${input.name} is not an article: ${problem}`, 'Nothing was added');
  let format: Format;
  let markdown: string;
  let noBody: string;
  const titled = STARTS_WITH_FRONT_MATTER.test(text) ? undefined : splitTitleLine(text);
  if (STARTS_WITH_FRONT_MATTER.test(text)) {
    format = 'markdown';
    markdown = text;
    noBody = 'no body: after the front matter, give the text of the article';
    if (!CLOSES_FRONT_MATTER.test(text.replace(/^\uFEFF?---[ \t]*/, ''))) {
      throw notAnArticle('the front matter that starts on the first line has no closing "---" line');
    }
  } else if (titled !== undefined) {
    // Markdown without front matter: "# Title", then the body as written. The paragraph after
    // the title may be a dek or the first paragraph of the story; nothing says which, so it
    // stays in the body (as the lede) and no dek is made up.
    format = 'markdown';
    // The heading's Markdown is not kept: front matter holds plain text (*autumn* → autumn).
    const title = lineText(titled.title);
    if (title === '') throw notAnArticle(`the "#" line at the top has no title: write it as '# Title'`);
    markdown = composeArticle({ title }, titled.body);
    noBody = 'no body: after the "# Title" line, give the text of the article';
  } else if (MARKDOWN_NAME.test(input.name)) {
    throw notAnArticle("a Markdown file needs a title: add front matter with a title, or a first line '# Title'");
  } else {
    format = 'plain-text';
    noBody = 'no body: after the title and dek lines, give the paragraphs';
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
    throw notAnArticle(noBody);
  }
  return { format, markdown, article };
}

/**
 * Whether input is an HTML page rather than Markdown or plain text: by its name, else by how
 * the document starts (past a byte-order mark, white space and comments). Cheap, so that a
 * Markdown file never loads the web's libraries to be told so.
 */
export function isHtml(input: Input): boolean {
  if (/\.(?:html?|xhtml)$/i.test(input.name)) return true;
  const head = Buffer.from(input.bytes.subarray(0, 4096)).toString('latin1').replace(/^(?:\u00EF\u00BB\u00BF|\s|<!--[\s\S]*?-->)+/, '');
  return /^(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body)\b/i.test(head);
}

// Files with these names are Markdown: one without a title is refused rather than read as plain text.
const MARKDOWN_NAME = /\.(?:md|markdown)$/i;
// A "# Title" line (an ATX heading of level 1) as the first line that is not blank.
const TITLE_LINE = /^(?:[ \t]*\r?\n)*[ ]{0,3}#[ \t]+([^\r\n]*)(?:\r?\n|$)/;

/**
 * Markdown whose first line that is not blank is a `# ` heading: the heading's text (without a
 * closing run of #s) and everything after it, blank lines at its start dropped, as written.
 */
export function splitTitleLine(text: string): { title: string; body: string } | undefined {
  const source = text.replace(/^\uFEFF/, '');
  const match = TITLE_LINE.exec(source);
  if (!match) return undefined;
  const title = (match[1] ?? '').replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
  return { title, body: source.slice(match[0].length).replace(/^(?:[ \t]*\r?\n)+/, '') };
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
    slug = nameFromTitle(title);
    if (!isSlug(slug)) {
      throw new NewsError('broken-article', `cannot make an article name from the title “${sanitizeLine(title)}”`, "Give one with --slug, like 'news add <file> --slug my-article'");
    }
  }
  const path = join(library.userDir, `${slug}.md`);
  // A link or anything else that is not a file is refused, --force or not: it is never written through.
  refuseUnlessFile(path);
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
  return { slug, path, replaces };
}

/** A name made from a title could be as long as the title: it is cut to its first words. */
export const MAX_NAME_WORDS = 6;
export const MAX_NAME_LENGTH = 60;

/**
 * The article name a title gives: what the title shows (escape sequences and control
 * characters dropped, so their parameters never become words), as a slug of at most
 * MAX_NAME_WORDS words and MAX_NAME_LENGTH characters, cut between words. Empty when the title
 * has no letters or digits a name can use.
 */
export function nameFromTitle(title: string): string {
  const words = slugify(sanitizeLine(title)).split('-').filter(Boolean).slice(0, MAX_NAME_WORDS);
  let name = '';
  for (const word of words) {
    const longer = name === '' ? word : `${name}-${word}`;
    if (longer.length > MAX_NAME_LENGTH) break;
    name = longer;
  }
  // A first word longer than the limit is all there is to cut.
  return name === '' ? (words[0] ?? '').slice(0, MAX_NAME_LENGTH) : name;
}

/**
 * What is at an article's path must be a regular file, or nothing: news writes there by
 * renaming a new file over the name, which replaces a link rather than following it, but a link
 * (or a folder, a pipe…) in the article folder is not ours to replace either. Returns the
 * file's status, if there is one.
 */
function refuseUnlessFile(path: string): Stats | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // ENOTDIR: the folder is not made yet, and mkdir says why
    throw describeFsError(error, path);
  }
  if (stat.isFile()) return stat;
  let what: string;
  if (stat.isSymbolicLink()) {
    let target = '';
    try {
      target = ` to ${sanitizeLine(readlinkSync(path))}`;
    } catch {
      // The link went while we looked: it is still not a file to write.
    }
    what = `a symbolic link${target}`;
  } else {
    what = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device';
  }
  throw new NewsError(
    'io',
    `${path} is ${what}, not an article file, and news does not write through it`,
    `Move or delete it yourself if it should go (rm ${shellWord(path)}), or add this article under another name with --slug <name>`,
  );
}

export interface Added extends Plan {
  title: string;
  format: Format;
}

/** Checks, names and saves an article: nothing is written unless every check passes. */
export async function addArticle(library: ArticleLibrary, input: Input, options: AddOptions = {}): Promise<Added> {
  // A bad --slug is a usage error whatever the input holds, so it is checked first.
  if (options.slug !== undefined) checkSlug(options.slug);
  // marked reads a "# Title" line's Markdown; loaded here, as only `news add` needs it.
  const { markdownLineText } = await import('./inline-text.js');
  const prepared = prepareArticle(input, markdownLineText);
  const plan = planSlug(library, prepared.article.title, options);
  writeArticleFile(plan.path, prepared.markdown);
  return { ...plan, title: sanitizeLine(prepared.article.title), format: prepared.format };
}

/**
 * Saves an article atomically (see replaceFile), never through a link: a link or anything else
 * that is not a file at the name is refused, before writing and again just before the rename.
 * (write-file-atomic resolves the name with realpath first, and so writes wherever a link
 * there points.) A replaced article keeps its permissions and owner.
 */
export function writeArticleFile(path: string, text: string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw describeFsError(error, dir);
  }
  const replaced = refuseUnlessFile(path);
  try {
    replaceFile(path, text, {
      // Hidden, and not ending in .md: the library never lists it, even if a crash leaves it.
      tempPath: () => join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`),
      replacing: replaced,
      beforeRename: () => refuseUnlessFile(path),
      syncFolder: dir,
    });
  } catch (error) {
    if (error instanceof NewsError) throw error;
    throw describeFsError(error, path);
  }
}

/**
 * Deletes one of the reader's articles; bundled ones are refused. Returns the bundled article
 * that is visible again, if the reader's had been hiding one.
 */
/** (Not async: what is refused is refused at once, before anything is awaited.) */
export function removeUserArticle(library: ArticleLibrary, entry: ArticleEntry): Promise<ArticleEntry | undefined> {
  if (entry.origin !== 'user') {
    const title = titleOf(library, entry);
    throw new NewsError(
      'io',
      `${title === undefined ? `"${entry.slug}"` : `“${title}” (${entry.slug})`} is bundled with news and cannot be removed`,
      `Only your own articles, in ${library.userDir}, can be removed`,
    );
  }
  if (library.fetched !== undefined && entry.path === library.fetched.pathOf(entry.slug)) {
    // A fetched article is deleted under its folder's lock, and recorded in its index.
    if (!existsSync(entry.path)) throw new NewsError('not-found', `${entry.path} has gone already`, "Run 'news list' to see every article");
    const { fetched } = library;
    return fetched.store([], [entry.slug]).then(() => {
      library.forgetFetched();
      return library.findExact(entry.slug);
    });
  }
  try {
    unlinkSync(entry.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NewsError('not-found', `${entry.path} has gone already`, "Run 'news list' to see every article");
    throw describeFsError(error, entry.path);
  }
  return Promise.resolve(library.findExact(entry.slug));
}

/** The title to show for an article, made safe for the terminal; undefined for a broken file. */
export function titleOf(library: ArticleLibrary, entry: ArticleEntry): string | undefined {
  const title = library.title(entry);
  return title === undefined ? undefined : sanitizeLine(title);
}

/**
 * Where an article file news wrote says it came from (its feed and address), or undefined for
 * a file that is not an article: how `news fetch` and `news feed remove --purge` tell their
 * own articles from the reader's.
 */
export function readArticleFileIfOurs(path: string): { feed: string | undefined; url: string | undefined } | undefined {
  try {
    const article = parseArticle(readArticleFile(path), 'stored');
    return { feed: article.feed, url: article.url };
  } catch (error) {
    if (error instanceof NewsError || error instanceof ArticleFormatError) return undefined;
    throw error;
  }
}
