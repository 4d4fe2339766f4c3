import type { Article } from '../articles/model.js';
import { PARSER_VERSION } from '../articles/parse.js';
import { plainText, terms, type QueryWord } from './text.js';

/**
 * The search index: an inverted index from each term to the articles, and the parts of them,
 * that contain it. Pure: building, updating, serializing and looking up; src/search/store.ts
 * reads and writes the file.
 *
 * The file is text (ASCII after the header), in three parts:
 *
 *   news-search-index 1 <header bytes> <postings bytes>\n
 *   {"docs":{"path":[…],"size":[…],"mtime":[…],"problem":[…]},"dict":"\nterm\toffset\tlength\n…"}\n
 *   <postings>
 *
 * `docs` says which file each article number was built from (its size and mtime are checked on
 * every run, as src/articles/index-cache.ts does). `dict` lists the terms in sorted order with
 * where their postings are, so that a query reads the header and the postings of its own words
 * only, never the whole index; and the terms a word begins are next to each other. A term's
 * postings are, per article in increasing order, three numbers: the article number (as the gap
 * from the one before), the term's weight in the article (see termWeight, in hundredths), and a
 * bit for each part of the article that has it (title, dek, lede, each section). Weighing at
 * build time keeps the query to three numbers an article. Numbers are written in base 32, five
 * bits a character, low bits first: "P"–"o" carry more to come, "0"–"O" end one.
 */
export const SEARCH_INDEX_VERSION = 1;
const MAGIC = 'news-search-index';

/** An index file that cannot be what was written: it is rebuilt. */
export class CorruptIndexError extends Error {
  constructor(what: string) {
    super(`corrupt search index: ${what}`);
  }
}

/** Fields of an article: 0 title, 1 dek, 2 lede, then for section k (from 0) 3+2k its heading and 4+2k its text. */
export const TITLE_FIELD = 0;
export const DEK_FIELD = 1;
export const LEDE_FIELD = 2;
const FIRST_SECTION_FIELD = 3;

/**
 * How much a match counts by where it is: a title says what an article is about more than a
 * heading, a heading or the dek more than a paragraph.
 */
export function fieldWeight(field: number): number {
  if (field === TITLE_FIELD) return 4;
  if (field === DEK_FIELD) return 2;
  if (field === LEDE_FIELD) return 1.5;
  return isHeadingField(field) ? 2.5 : 1;
}

/** A term's weight in one article: by field, each field's count log-damped. [field, count, …] */
export function termWeight(pairs: ArrayLike<number>): number {
  let weight = 0;
  for (let pair = 0; pair + 1 < pairs.length; pair += 2) {
    const count = pairs[pair + 1] ?? 1;
    weight += fieldWeight(pairs[pair] ?? 0) * (count <= 1 ? 1 : 1 + Math.log(count));
  }
  return weight;
}

/** Parts of an article, numbered: 0 title, 1 dek, 2 lede, 3 + k section k. */
export function partOfField(field: number): number {
  const section = sectionOfField(field);
  return section < 0 ? field : 3 + section;
}

/** One bit per part, for "are the words together"; sections past the 28th share the last bit. */
export function partBits(pairs: ArrayLike<number>): number {
  let bits = 0;
  for (let pair = 0; pair < pairs.length; pair += 2) bits |= 1 << Math.min(partOfField(pairs[pair] ?? 0), 31);
  return bits >>> 0;
}

/** The section (from 0) that a field belongs to, or -1 for the title, dek and lede. */
export function sectionOfField(field: number): number {
  return field < FIRST_SECTION_FIELD ? -1 : (field - FIRST_SECTION_FIELD) >> 1;
}

export function isHeadingField(field: number): boolean {
  return field >= FIRST_SECTION_FIELD && (field - FIRST_SECTION_FIELD) % 2 === 0;
}

/** The text of each field, as the reader sees it (Markdown reduced to plain text). */
export function articleFields(article: Article): string[] {
  const fields = [article.title, article.dek ?? '', plainText(article.lede)];
  for (const section of article.sections) fields.push(plainText(section.heading), plainText(section.markdown));
  return fields;
}

/** One article's terms: term → [field, count, field, count, …] in increasing field order. */
export type DocTerms = Map<string, number[]>;

export function analyzeFields(fields: readonly string[]): DocTerms {
  const out: DocTerms = new Map();
  fields.forEach((text, field) => {
    for (const term of terms(text)) {
      const pairs = out.get(term);
      if (!pairs) out.set(term, [field, 1]);
      else if (pairs[pairs.length - 2] === field) pairs[pairs.length - 1] = (pairs[pairs.length - 1] ?? 0) + 1;
      else pairs.push(field, 1);
    }
  });
  return out;
}

export function analyzeArticle(article: Article): DocTerms {
  return analyzeFields(articleFields(article));
}

/** Which file each article number was built from; `problem` is set for a file that is not an article. */
export interface DocTable {
  path: string[];
  size: number[];
  mtime: number[];
  problem: (string | null)[];
}

export interface SearchIndex {
  docs: DocTable;
  dict: string;
  /** Bytes of postings. */
  blobLength: number;
  /** The postings bytes in [offset, offset + length). */
  postings(offset: number, length: number): Uint8Array;
}

// --- numbers as text ------------------------------------------------------------------------
const END = 0x30; // '0'..'O': the last five bits of a number
const MORE = 0x50; // 'P'..'o': five bits, more to come

class ByteWriter {
  bytes = new Uint8Array(16);
  length = 0;
  lastDoc = -1;

  number(value: number): void {
    let rest = value;
    while (rest >= 32) {
      this.byte(MORE + (rest % 32));
      rest = Math.floor(rest / 32);
    }
    this.byte(END + rest);
  }

  private byte(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value;
  }

  /** One article's entry; articles must come in increasing order. */
  doc(doc: number, weight: number, parts: number): void {
    this.number(this.lastDoc < 0 ? doc : doc - this.lastDoc);
    this.lastDoc = doc;
    this.number(weight);
    this.number(parts);
  }
}

/** Reads one number of the postings at `at.position`, and moves it on. */
export function readNumber(bytes: Uint8Array, at: { position: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at.position++];
    if (byte === undefined) throw new CorruptIndexError('postings end inside a number');
    if (byte >= END && byte < END + 32) return value + (byte - END) * scale;
    if (byte < MORE || byte >= MORE + 32 || scale > 2 ** 40) throw new CorruptIndexError('not a number in the postings');
    value += (byte - MORE) * scale;
    scale *= 32;
  }
}

/**
 * Calls `visit` for each article in a term's postings with the term's weight there (in
 * hundredths) and its part bits. Anything out of range throws CorruptIndexError.
 */
export function forEachPosting(bytes: Uint8Array, docCount: number, visit: (doc: number, weight: number, parts: number) => void): void {
  const at = { position: 0 };
  let doc = -1;
  while (at.position < bytes.length) {
    const gap = readNumber(bytes, at);
    if (doc >= 0 && gap === 0) throw new CorruptIndexError('articles out of order');
    doc = doc < 0 ? gap : doc + gap;
    if (doc >= docCount) throw new CorruptIndexError('an article number out of range');
    const weight = readNumber(bytes, at);
    const parts = readNumber(bytes, at);
    if (parts === 0 || parts >= 2 ** 32) throw new CorruptIndexError('bad parts');
    visit(doc, weight, parts);
  }
}

// --- building -------------------------------------------------------------------------------

/** Builds an index article by article; articles get numbers in the order they are added. */
export class IndexBuilder {
  private readonly docs: DocTable = { path: [], size: [], mtime: [], problem: [] };
  private readonly writers = new Map<string, ByteWriter>();

  get docCount(): number {
    return this.docs.path.length;
  }

  addDoc(file: FileStat, problem: string | null): number {
    this.docs.path.push(file.path);
    this.docs.size.push(file.size);
    this.docs.mtime.push(file.mtime);
    this.docs.problem.push(problem);
    return this.docs.path.length - 1;
  }

  addTerms(doc: number, docTerms: DocTerms): void {
    for (const [term, pairs] of docTerms) this.writer(term).doc(doc, Math.max(1, Math.round(termWeight(pairs) * 100)), partBits(pairs));
  }

  /** Copies a term's postings from an older index, renumbering articles (-1: dropped). */
  copyPostings(term: string, bytes: Uint8Array, oldDocCount: number, renumber: Int32Array): void {
    let writer: ByteWriter | undefined;
    forEachPosting(bytes, oldDocCount, (doc, weight, parts) => {
      const now = renumber[doc] ?? -1;
      if (now < 0) return;
      writer ??= this.writer(term);
      writer.doc(now, weight, parts);
    });
  }

  private writer(term: string): ByteWriter {
    let writer = this.writers.get(term);
    if (!writer) {
      writer = new ByteWriter();
      this.writers.set(term, writer);
    }
    return writer;
  }

  finish(): { index: SearchIndex; text: string } {
    const sorted = [...this.writers.keys()].sort();
    let total = 0;
    const lines: string[] = [];
    for (const term of sorted) {
      const length = this.writers.get(term)?.length ?? 0;
      lines.push(`${term}\t${total}\t${length}\n`);
      total += length;
    }
    const blob = new Uint8Array(total);
    let offset = 0;
    for (const term of sorted) {
      const writer = this.writers.get(term);
      if (!writer) continue;
      blob.set(writer.bytes.subarray(0, writer.length), offset);
      offset += writer.length;
    }
    this.writers.clear();
    const dict = `\n${lines.join('')}`;
    const header = JSON.stringify({ docs: this.docs, dict });
    const text = `${MAGIC} ${SEARCH_INDEX_VERSION}.${PARSER_VERSION} ${Buffer.byteLength(header)} ${total}\n${header}\n${Buffer.from(blob.buffer, blob.byteOffset, blob.length).toString('latin1')}`;
    return { index: memoryIndex(this.docs, dict, blob), text };
  }
}

export function memoryIndex(docs: DocTable, dict: string, blob: Uint8Array): SearchIndex {
  return { docs, dict, blobLength: blob.length, postings: (offset, length) => blob.subarray(offset, offset + length) };
}

/** An index made from the text of a whole file (for tests, and when the file is read at once). */
export function parseIndexText(text: string): SearchIndex {
  const bytes = Buffer.from(text, 'utf8');
  const first = parseFirstLine(bytes.subarray(0, Math.min(bytes.length, 128)));
  if (bytes.length !== first.headerStart + first.headerBytes + 1 + first.blobBytes) throw new CorruptIndexError('wrong length');
  const header = parseHeader(bytes.subarray(first.headerStart, first.headerStart + first.headerBytes).toString('utf8'));
  const blob = bytes.subarray(first.headerStart + first.headerBytes + 1);
  return memoryIndex(header.docs, header.dict, blob);
}

/** The first line: format version and the sizes of the header and postings. */
export function parseFirstLine(start: Uint8Array): { headerStart: number; headerBytes: number; blobBytes: number } {
  const newline = start.indexOf(0x0a);
  if (newline < 0) throw new CorruptIndexError('no first line');
  const line = Buffer.from(start.buffer, start.byteOffset, newline).toString('latin1');
  // The format's version, then the parser's (PARSER_VERSION), which read what it holds.
  const match = /^news-search-index (\d+\.\d+) (\d{1,12}) (\d{1,12})$/.exec(line);
  if (!match || match[1] !== `${SEARCH_INDEX_VERSION}.${PARSER_VERSION}`) throw new CorruptIndexError('not a search index of this version');
  return { headerStart: newline + 1, headerBytes: Number(match[2]), blobBytes: Number(match[3]) };
}

export function parseHeader(json: string): { docs: DocTable; dict: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new CorruptIndexError('unreadable header');
  }
  const { docs, dict } = (data ?? {}) as { docs?: Partial<DocTable>; dict?: unknown };
  if (typeof dict !== 'string' || !dict.startsWith('\n') || !docs || typeof docs !== 'object') throw new CorruptIndexError('bad header');
  const { path, size, mtime, problem } = docs;
  if (!Array.isArray(path) || !Array.isArray(size) || !Array.isArray(mtime) || !Array.isArray(problem)) throw new CorruptIndexError('bad article table');
  const count = path.length;
  if (size.length !== count || mtime.length !== count || problem.length !== count) throw new CorruptIndexError('bad article table');
  for (let row = 0; row < count; row++) {
    if (typeof path[row] !== 'string' || typeof size[row] !== 'number' || typeof mtime[row] !== 'number') throw new CorruptIndexError('bad article row');
    const p = problem[row];
    if (p !== null && typeof p !== 'string') throw new CorruptIndexError('bad article row');
  }
  return { docs: { path, size, mtime, problem }, dict };
}

// --- updating -------------------------------------------------------------------------------

export interface FileStat {
  path: string;
  size: number;
  mtime: number;
}

/** What reading one changed file gave: its terms, the problem that makes it not an article, or nothing (it has gone). */
export type Analysis = DocTerms | string | undefined;

/**
 * The index for these files: the old one when nothing changed; otherwise a new one that keeps
 * the old postings of unchanged files and analyzes only the files that are new or changed. An old
 * index found corrupt while copying is dropped, and everything analyzed afresh.
 */
export function refreshIndex<File extends FileStat>(
  old: SearchIndex | undefined,
  files: readonly File[],
  analyze: (file: File) => Analysis,
): { index: SearchIndex; text: string | undefined } {
  const oldRows = new Map<string, number>();
  old?.docs.path.forEach((path, row) => oldRows.set(path, row));
  const unchanged = (file: File): number => {
    const row = oldRows.get(file.path);
    return old && row !== undefined && old.docs.size[row] === file.size && old.docs.mtime[row] === file.mtime ? row : -1;
  };
  const keptRows = files.map(unchanged);
  if (old && keptRows.every((row) => row >= 0) && old.docs.path.length === files.length) return { index: old, text: undefined };

  let builder = new IndexBuilder();
  const fresh: File[] = [];
  if (old) {
    try {
      const renumber = new Int32Array(old.docs.path.length).fill(-1);
      const kept = new Set(keptRows.filter((row) => row >= 0));
      // Kept articles keep their order, so renumbered postings stay in increasing order.
      for (let row = 0; row < old.docs.path.length; row++) {
        if (!kept.has(row)) continue;
        const { path, size, mtime, problem } = old.docs;
        renumber[row] = builder.addDoc({ path: path[row] ?? '', size: size[row] ?? 0, mtime: mtime[row] ?? 0 }, problem[row] ?? null);
      }
      const blob = old.postings(0, old.blobLength);
      for (const { term, offset, length } of allTerms(old.dict, old.blobLength)) {
        builder.copyPostings(term, blob.subarray(offset, offset + length), old.docs.path.length, renumber);
      }
      files.forEach((file, index) => {
        if ((keptRows[index] ?? -1) < 0) fresh.push(file);
      });
    } catch (error) {
      if (!(error instanceof CorruptIndexError)) throw error;
      builder = new IndexBuilder();
      fresh.length = 0;
      fresh.push(...files);
    }
  } else {
    fresh.push(...files);
  }
  for (const file of fresh) {
    const analysis = analyze(file);
    if (analysis === undefined) continue;
    if (typeof analysis === 'string') {
      builder.addDoc(file, analysis);
    } else {
      builder.addTerms(builder.addDoc(file, null), analysis);
    }
  }
  return builder.finish();
}

// --- looking up -----------------------------------------------------------------------------

export interface TermPostings {
  term: string;
  offset: number;
  length: number;
}

function parseLine(dict: string, start: number, end: number, blobLength: number): TermPostings {
  const line = dict.slice(start, end);
  const [term, offsetText, lengthText] = line.split('\t');
  const offset = Number(offsetText);
  const length = Number(lengthText);
  if (!term || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > blobLength) {
    throw new CorruptIndexError('a bad term line');
  }
  return { term, offset, length };
}

/** The terms a query word finds: itself, and for a prefix word every term it begins (they are next to each other). */
export function lookupTerms(dict: string, blobLength: number, word: QueryWord): TermPostings[] {
  const found: TermPostings[] = [];
  let position = dict.indexOf(word.prefix ? `\n${word.term}` : `\n${word.term}\t`);
  while (position >= 0) {
    const end = dict.indexOf('\n', position + 1);
    if (end < 0) break;
    const entry = parseLine(dict, position + 1, end, blobLength);
    if (!entry.term.startsWith(word.term)) break;
    found.push(entry);
    if (!word.prefix) break;
    position = end;
  }
  return found;
}

function* allTerms(dict: string, blobLength: number): Generator<TermPostings> {
  let position = 0;
  for (;;) {
    const end = dict.indexOf('\n', position + 1);
    if (end < 0) return;
    yield parseLine(dict, position + 1, end, blobLength);
    position = end;
  }
}
