import type { Article } from '../articles/model.js';
import { PARSER_VERSION } from '../articles/parse.js';
import { sanitizeLine } from '../render/text.js';
import { escapeLine, unescapeLine } from '../storage/lines.js';
import { MAX_TERM_LENGTH, piecesThatMayHold, plainText, terms, termsFound, type QueryWord } from './text.js';

/**
 * The search index: an inverted index from each term to the articles, and the parts of them,
 * that contain it. Pure: building, updating, serializing and looking up; src/search/store.ts
 * reads and writes the file.
 *
 * The file is text, in seven parts:
 *
 *   news-search-index 4.<parser> <stamp> <articles> <problems> <bytes of each of the six parts…>\n
 *   path\n…                                                which file each article number is
 *   <start>…                                               where each path's line starts in the
 *                                                          paths, 8 hex digits each, and where they end
 *   <place>…                                               each article's place among the paths
 *                                                          in order, 8 hex digits each
 *   {"size":[…],"mtime":[…],"problem":[…]}                 read only to bring the index up to date
 *   \nterm\toffset\tlength\n…                               the dictionary
 *   <start>…                                               where every 64th term's line starts
 *                                                          in it, 8 hex digits each, and where it ends
 *   <postings>
 *
 * Each part is read only when needed: a query reads the first line, the dictionary's blocks
 * and postings of its own words (found by halving the blocks: a library's dictionary holds
 * hundreds of thousands of terms, megabytes to read whole), and the paths of the articles it
 * shows, each found by its start, or ranks among equals. (All the paths are read when many are
 * asked for, and when the reader's own articles hide fetched ones: engine.ts hiddenBy.)
 * `stamp` names what the index was made from (the fetched articles' journal, the own index's
 * token: src/search/engine.ts), "-" for none.
 *
 * `docs` says which file each article number was built from, with its size and mtime, to
 * bring the index up to date when its stamp is not what it was made from. `dict` lists the
 * terms in sorted order with where their postings are, so that a query reads the header and
 * the postings of its own words only, never the whole index; and the terms a word begins are
 * next to each other. A term's postings are, per article in increasing order, three numbers:
 * the article number (as the gap from the one before), the term's weight in the article (see
 * termWeight, in hundredths), and a bit for each part of the article that has it (title,
 * dek, lede, each section). Weighing at build time keeps the query to three numbers an
 * article. Numbers are written in base 32, five bits a character, low bits first: "P"–"o"
 * carry more to come, "0"–"O" end one.
 */
/**
 * 4: the address of a linked image, and escape sequences, are no longer taken for words (text.ts
 * plainText). 5: an escaped "<" ("\<p>") is text, not a tag whose words are left out; a table's
 * rule and bars are not. 6: the articles' places are hex digits, read for the articles compared
 * (a JSON array of fifty thousand took 2.4 ms to parse, for a search with ties).
 */
export const SEARCH_INDEX_VERSION = 6;
const MAGIC = 'news-search-index';

/** An index file that cannot be what was written: it is rebuilt. */
export class CorruptIndexError extends Error {
  constructor(what: string) {
    super(`corrupt search index: ${what}`);
  }
}

/** What is wrong with postings that do not read (postings-wasm.ts says the same for its module's codes). */
export const BAD_POSTINGS = {
  outOfOrder: 'articles out of order',
  outOfRange: 'an article number out of range',
  cutShort: 'postings end inside a number',
  badParts: 'bad parts',
  notANumber: 'not a number in the postings',
} as const;

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

/** Where in an article the best match is: its title, its dek (standfirst), its lede, or a section. */
export type Part = 'title' | 'dek' | 'lede' | 'section';

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

/** Whether a field is in one of the parts that `bits` has (partBits). */
export function fieldInParts(field: number, bits: number): boolean {
  return ((bits >>> Math.min(partOfField(field), 31)) & 1) === 1;
}

/**
 * The text of each field, as the reader sees it (Markdown reduced to plain text); a field
 * `wanted` does not take is left empty, unread.
 */
export function articleFields(article: Article, wanted: (field: number) => boolean = () => true): string[] {
  const plain = (field: number, markdown: string): string => (wanted(field) ? plainText(markdown) : '');
  const fields = [sanitizeLine(article.title), sanitizeLine(article.dek ?? ''), plain(LEDE_FIELD, article.lede)];
  article.sections.forEach((section, index) => {
    const heading = FIRST_SECTION_FIELD + 2 * index;
    fields.push(plain(heading, section.heading), plain(heading + 1, section.markdown));
  });
  return fields;
}

/**
 * The plain text of an article's `part` (query.ts locate) from its `fields` (articleFields);
 * for a match in the title only, the dek or the start of the text. A lede or section left
 * unread is empty in `fields`, but locate names only a part it found a word in, which was read.
 */
export function textOfPart(article: Article, fields: readonly string[], part: Part, section: number): string {
  if (part === 'section') return fields[FIRST_SECTION_FIELD + 2 * section + 1] ?? '';
  if (part === 'lede') return fields[LEDE_FIELD] ?? '';
  if (part === 'dek' || (part === 'title' && article.dek)) return article.dek ?? '';
  return plainText(article.lede || (article.sections[0]?.markdown ?? ''));
}

/** One article's terms: term → [field, count, field, count, …] in increasing field order. */
export type DocTerms = Map<string, number[]>;

export function analyzeFields(fields: readonly string[], termsOf: (text: string) => string[] = terms): DocTerms {
  const out: DocTerms = new Map();
  fields.forEach((text, field) => {
    for (const term of termsOf(text)) {
      const pairs = out.get(term);
      if (!pairs) out.set(term, [field, 1]);
      else if (pairs[pairs.length - 2] === field) pairs[pairs.length - 1] = (pairs[pairs.length - 1] ?? 0) + 1;
      else pairs.push(field, 1);
    }
  });
  return out;
}

/**
 * The terms that a query finds in an article's `fields` (articleFields), field by field, for
 * locating its match: only the pieces of each field that could hold one are split into words
 * (text.ts piecesThatMayHold), and of their words only those the query may find are made terms
 * (termsFound). Splitting every field of the ten articles shown, long ones among them, was most
 * of a search's own time.
 */
export function analyzeForQuery(fields: readonly string[], words: readonly QueryWord[], pieceLength?: number): DocTerms {
  const pieces = fields.map((text) =>
    piecesThatMayHold(text, words, pieceLength)
      .map((piece) => piece.text)
      .join(' '),
  );
  return analyzeFields(pieces, (text) => termsFound(text, words));
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
  /** How many articles (rows of `docs`) there are. */
  docCount: number;
  /** What it was made from, when not the files' sizes and mtimes; "-" otherwise. */
  stamp: string;
  /** Read when first used, for an index in a file. */
  docs: DocTable;
  /** The path of article `doc`, without reading them all. */
  pathOf(doc: number): string;
  /** Article `doc`'s place among the paths in order, for ranking ties without reading the paths. */
  placeOf(doc: number): number;
  /** The problems of the files that are not articles. */
  problems(): string[];
  /** The terms a query word finds (lookupTerms), with where their postings are. */
  lookup(word: QueryWord): TermPostings[];
  /** Every term, in order, with where its postings are (to bring the index up to date). */
  terms(): Iterable<TermPostings>;
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

/** A term's postings, decoded: for the `count` articles, in increasing order, their number, weight and part bits. */
export interface Postings {
  count: number;
  docs: Int32Array;
  weights: Float64Array;
  parts: Uint32Array;
}

/**
 * Decodes a term's postings in one pass over the bytes (a search decodes tens of thousands at a
 * time). Anything out of range throws CorruptIndexError.
 */
export function decodePostings(bytes: Uint8Array, docCount: number): Postings {
  // Each article takes three numbers of one byte at least.
  const most = Math.floor(bytes.length / 3);
  const docs = new Int32Array(most);
  const weights = new Float64Array(most);
  const parts = new Uint32Array(most);
  let count = 0;
  let position = 0;
  let doc = -1;
  const length = bytes.length;
  const next = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (position >= length) throw new CorruptIndexError(BAD_POSTINGS.cutShort);
      const byte = bytes[position++] as number;
      if (byte >= END && byte < END + 32) return value + (byte - END) * scale;
      if (byte < MORE || byte >= MORE + 32 || scale > 2 ** 40) throw new CorruptIndexError(BAD_POSTINGS.notANumber);
      value += (byte - MORE) * scale;
      scale *= 32;
    }
  };
  while (position < length) {
    const gap = next();
    if (doc >= 0 && gap === 0) throw new CorruptIndexError(BAD_POSTINGS.outOfOrder);
    doc = doc < 0 ? gap : doc + gap;
    if (doc >= docCount) throw new CorruptIndexError(BAD_POSTINGS.outOfRange);
    const weight = next();
    const bits = next();
    if (bits === 0 || bits >= 2 ** 32) throw new CorruptIndexError(BAD_POSTINGS.badParts);
    docs[count] = doc;
    weights[count] = weight;
    parts[count] = bits;
    count++;
  }
  return { count, docs, weights, parts };
}

/** A query word's running totals over the articles of all segments (query.ts). */
export interface WordTotals {
  /** How many of the query's words, in order, each article has so far. */
  matched: Uint32Array;
  /** This word's weight in each article, so far. */
  wordScore: Float64Array;
  /** The parts (title, lede, a section…) where this word is, as bits; 1 alone for an article only counted. */
  wordParts: Uint32Array;
  /** For the first word: each article it is found in, as found (the only ones that can have every word). */
  found?: number[];
}

/**
 * Adds a term's postings to a word's totals as it decodes them, for the word numbered
 * `wordIndex` of the query, each weight times `factor`; returns how many more articles have
 * the word (for its rarity). The same numbers as decodePostings and the same sums, in one loop
 * without arrays or calls for each article: a search whose words every article has adds up
 * a hundred thousand postings, mostly before V8 has compiled the code.
 */
export function addPostings(bytes: Uint8Array, docCount: number, base: number, hidden: ReadonlySet<number> | undefined, wordIndex: number, factor: number, totals: WordTotals): number {
  const { matched, wordScore, wordParts, found } = totals;
  const length = bytes.length;
  let position = 0;
  let doc = -1;
  let frequency = 0;
  while (position < length) {
    // Three numbers an article; most are one byte each.
    let byte = bytes[position++] as number;
    let gap: number;
    if (byte >= END && byte < END + 32) gap = byte - END;
    else {
      gap = longNumber(bytes, position - 1);
      position = longEnd;
    }
    if (doc >= 0 && gap === 0) throw new CorruptIndexError(BAD_POSTINGS.outOfOrder);
    doc = doc < 0 ? gap : doc + gap;
    if (doc >= docCount) throw new CorruptIndexError(BAD_POSTINGS.outOfRange);
    if (position >= length) throw new CorruptIndexError(BAD_POSTINGS.cutShort);
    byte = bytes[position++] as number;
    let weight: number;
    if (byte >= END && byte < END + 32) weight = byte - END;
    else {
      weight = longNumber(bytes, position - 1);
      position = longEnd;
    }
    if (position >= length) throw new CorruptIndexError(BAD_POSTINGS.cutShort);
    byte = bytes[position++] as number;
    let bits: number;
    if (byte >= END && byte < END + 32) bits = byte - END;
    else {
      bits = longNumber(bytes, position - 1);
      position = longEnd;
    }
    if (bits === 0 || bits >= 2 ** 32) throw new CorruptIndexError(BAD_POSTINGS.badParts);
    if (hidden !== undefined && hidden.has(doc)) continue;
    const at = base + doc;
    const has = matched[at] as number;
    if (has === wordIndex) {
      frequency++;
      matched[at] = wordIndex + 1;
      found?.push(at);
    } else if (has !== wordIndex + 1) {
      // An article without an earlier word: still counts for this word's rarity.
      if (wordParts[at] === 0) frequency++;
      wordParts[at] = 1;
      continue;
    }
    wordScore[at] = (wordScore[at] as number) + (factor === 1 ? weight : weight * factor) / 100;
    wordParts[at] = (wordParts[at] as number) | bits;
  }
  return frequency;
}

/** Where the number longNumber read ends. */
let longEnd = 0;

/** A number of more than one byte at `position` (as decodePostings reads it); its end in longEnd. */
function longNumber(bytes: Uint8Array, position: number): number {
  let at = position;
  let value = 0;
  let scale = 1;
  for (;;) {
    if (at >= bytes.length) throw new CorruptIndexError(BAD_POSTINGS.cutShort);
    const byte = bytes[at++] as number;
    if (byte >= END && byte < END + 32) {
      longEnd = at;
      return value + (byte - END) * scale;
    }
    if (byte < MORE || byte >= MORE + 32 || scale > 2 ** 40) throw new CorruptIndexError(BAD_POSTINGS.notANumber);
    value += (byte - MORE) * scale;
    scale *= 32;
  }
}

/**
 * Calls `visit` for each article in a term's postings with the term's weight there (in
 * hundredths) and its part bits. Anything out of range throws CorruptIndexError.
 */
export function forEachPosting(bytes: Uint8Array, docCount: number, visit: (doc: number, weight: number, parts: number) => void): void {
  const { count, docs, weights, parts } = decodePostings(bytes, docCount);
  for (let n = 0; n < count; n++) visit(docs[n] as number, weights[n] as number, parts[n] as number);
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

  finish(stamp = '-'): { index: SearchIndex; text: string } {
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
    // After the line break that opens the dictionary.
    const dictStarts = lineStarts(lines, DICT_BLOCK, 1);
    const { path, size, mtime, problem } = this.docs;
    // Ties in a ranking go by path: comparing places needs no path read.
    const rank = ranks(path);
    const pathLines = path.map((line) => `${escapeLine(line)}\n`);
    const parts = [pathLines.join(''), lineStarts(pathLines, 1, 0), rank.map(hex8).join(''), JSON.stringify({ size, mtime, problem }), dict, dictStarts];
    const problems = problem.filter((p) => p !== null).length;
    const first = `${MAGIC} ${SEARCH_INDEX_VERSION}.${PARSER_VERSION} ${stamp} ${path.length} ${problems} ${parts.map((part) => Buffer.byteLength(part)).join(' ')} ${total}\n`;
    const text = `${first}${parts.join('')}${Buffer.from(blob.buffer, blob.byteOffset, blob.length).toString('latin1')}`;
    return { index: { ...memoryIndex(this.docs, dict, blob), stamp, placeOf: (doc) => rank[doc] ?? 0 }, text };
  }
}

export function memoryIndex(docs: DocTable, dict: string, blob: Uint8Array): SearchIndex {
  let rank: number[] | undefined;
  return {
    docCount: docs.path.length,
    pathOf: (doc) => docs.path[doc] ?? '',
    lookup: (word) => lookupTerms(dict, blob.length, word),
    terms: () => allTerms(dict, blob.length),
    placeOf: (doc) => (rank ??= ranks(docs.path))[doc] ?? 0,
    stamp: '-',
    docs,
    problems: () => docs.problem.filter((problem): problem is string => problem !== null),
    blobLength: blob.length,
    postings: (offset, length) => blob.subarray(offset, offset + length),
  };
}

/** An index made from the text of a whole file (for tests, and when the file is read at once). */
export function parseIndexText(text: string): SearchIndex {
  const bytes = Buffer.from(text, 'utf8');
  const layout = parseFirstLine(bytes.subarray(0, Math.min(bytes.length, 512)));
  if (bytes.length !== layout.length) throw new CorruptIndexError('wrong length');
  return lazyIndex(layout, (offset, length) => bytes.subarray(offset, offset + length));
}

/** Where each part of an index file is, from its first line. */
export interface IndexLayout {
  stamp: string;
  docCount: number;
  problemCount: number;
  paths: [number, number];
  pathStarts: [number, number];
  rank: [number, number];
  table: [number, number];
  dict: [number, number];
  dictStarts: [number, number];
  blob: [number, number];
  /** The whole file's. */
  length: number;
}

/** The first line: format and parser versions, the stamp, the counts, and the sizes of the parts. */
export function parseFirstLine(start: Uint8Array): IndexLayout {
  const newline = start.indexOf(0x0a);
  if (newline < 0) throw new CorruptIndexError('no first line');
  const line = Buffer.from(start.buffer, start.byteOffset, newline).toString('latin1');
  // The format's version, then the parser's (PARSER_VERSION), which read what it holds.
  const match = /^news-search-index (\d+\.\d+) (\S+) (\d{1,9}) (\d{1,9}) (\d{1,12}) (\d{1,12}) (\d{1,12}) (\d{1,12}) (\d{1,12}) (\d{1,12}) (\d{1,12})$/.exec(line);
  if (!match || match[1] !== `${SEARCH_INDEX_VERSION}.${PARSER_VERSION}`) throw new CorruptIndexError('not a search index of this version');
  const [pathsBytes, startsBytes, rankBytes, tableBytes, dictBytes, dictStartsBytes, blobBytes] = match.slice(5).map(Number) as [number, number, number, number, number, number, number];
  let offset = newline + 1;
  const part = (bytes: number): [number, number] => {
    const at: [number, number] = [offset, bytes];
    offset += bytes;
    return at;
  };
  const layout = { stamp: match[2] as string, docCount: Number(match[3]), problemCount: Number(match[4]), paths: part(pathsBytes), pathStarts: part(startsBytes), rank: part(rankBytes), table: part(tableBytes), dict: part(dictBytes), dictStarts: part(dictStartsBytes), blob: part(blobBytes) };
  return { ...layout, length: offset };
}

/** Paths read one at a time before they are all read at once (two small reads each). */
const PATHS_READ_ONE_BY_ONE = 64;
/** Terms in a block of the dictionary: a query reads one block or a few, of about 2 kB each. */
const DICT_BLOCK = 64;
/** Enough bytes for any line's term (MAX_TERM_LENGTH characters, four bytes at most each) and its tab. */
const FIRST_TERM_BYTES = 4 * MAX_TERM_LENGTH + 1;

/**
 * Where every `every`-th of `lines` starts, as a byte offset from `first` (where the first
 * starts), and where the last ends: 8 hex digits each, as the path and dictionary starts are kept.
 */
function lineStarts(lines: readonly string[], every: number, first: number): string {
  let starts = '';
  let at = first;
  lines.forEach((line, n) => {
    if (n % every === 0) starts += hex8(at);
    at += Buffer.byteLength(line);
  });
  return starts + hex8(at);
}

/** A number below 2^32 as 8 hex digits. */
function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** The 8 hex digits at `at`, or -1 when they are not. */
function fromHex8(bytes: Uint8Array, at: number): number {
  let value = 0;
  for (let n = at; n < at + 8; n++) {
    const byte = bytes[n] ?? -1;
    const digit = byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : byte >= 0x61 && byte <= 0x66 ? byte - 0x57 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** Each path's place among them in order. */
function ranks(paths: readonly string[]): number[] {
  const byPath = paths.map((_, doc) => doc).sort((a, b) => ((paths[a] as string) < (paths[b] as string) ? -1 : (paths[a] as string) > (paths[b] as string) ? 1 : 0));
  const rank = new Array<number>(paths.length);
  byPath.forEach((doc, place) => (rank[doc] = place));
  return rank;
}

/** An index whose parts are read through `read` (byte offset, length) when first needed. */
export function lazyIndex(layout: IndexLayout, read: (offset: number, length: number) => Uint8Array): SearchIndex {
  const text = ([offset, length]: [number, number]): string => {
    const bytes = read(offset, length);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  };
  const json = (part: [number, number]): unknown => {
    try {
      return JSON.parse(text(part));
    } catch {
      throw new CorruptIndexError('an unreadable part');
    }
  };
  let paths: string[] | undefined;
  let places: Uint8Array | undefined;
  let table: Omit<DocTable, 'path'> | undefined;
  const count = layout.docCount;
  const readPaths = (): string[] => {
    if (paths) return paths;
    // One a line, split rather than parsed: a third of the time, for fifty thousand.
    const lines = text(layout.paths).split('\n');
    if (lines.pop() !== '' || lines.length !== count) throw new CorruptIndexError('bad article paths');
    return (paths = lines.map(unescapeLine));
  };
  const readTable = (): Omit<DocTable, 'path'> => {
    if (table) return table;
    const { size, mtime, problem } = (json(layout.table) ?? {}) as Partial<DocTable>;
    if (!Array.isArray(size) || !Array.isArray(mtime) || !Array.isArray(problem) || size.length !== count || mtime.length !== count || problem.length !== count) throw new CorruptIndexError('bad article table');
    for (let row = 0; row < count; row++) {
      const p = problem[row];
      if (typeof size[row] !== 'number' || typeof mtime[row] !== 'number' || (p !== null && typeof p !== 'string')) throw new CorruptIndexError('bad article row');
    }
    return (table = { size, mtime, problem });
  };
  // Paths asked for one by one are kept; past a few dozen (ties ranked across the two indexes
  // ask again and again), they are read whole.
  const asked = new Map<number, string>();
  const pathOf = (doc: number): string => {
    if (paths) return paths[doc] ?? '';
    const known = asked.get(doc);
    if (known !== undefined) return known;
    if (asked.size >= PATHS_READ_ONE_BY_ONE) return readPaths()[doc] ?? '';
    if (!(doc >= 0 && doc < count) || layout.pathStarts[1] !== 8 * (count + 1)) throw new CorruptIndexError('bad path starts');
    const starts = read(layout.pathStarts[0] + 8 * doc, 16);
    const start = fromHex8(starts, 0);
    const end = fromHex8(starts, 8);
    if (start < 0 || end <= start || end > layout.paths[1]) throw new CorruptIndexError('bad path starts');
    const line = text([layout.paths[0] + start, end - start]);
    if (!line.endsWith('\n') || line.indexOf('\n') !== line.length - 1) throw new CorruptIndexError('bad article paths');
    const path = unescapeLine(line.slice(0, -1));
    asked.set(doc, path);
    return path;
  };
  // Read whole at the first question, and each place made a number when asked for: a search with
  // ties compares hundreds of articles, of fifty thousand.
  const placeOf = (doc: number): number => {
    if (!places) {
      if (layout.rank[1] !== 8 * count) throw new CorruptIndexError('bad article order');
      places = read(...layout.rank);
    }
    const place = doc >= 0 && doc < count ? fromHex8(places, 8 * doc) : -1;
    if (place < 0 || place >= count) throw new CorruptIndexError('bad article order');
    return place;
  };
  const [blobStart, blobLength] = layout.blob;
  const [dictStart, dictLength] = layout.dict;
  const blocks = (layout.dictStarts[1] >> 3) - 1;
  if (layout.dictStarts[1] % 8 !== 0 || blocks < 0 || (dictLength <= 1) !== (blocks === 0)) throw new CorruptIndexError('bad dictionary blocks');
  let whole: string | undefined;
  const wholeDict = (): string => {
    whole ??= text(layout.dict);
    if (!whole.startsWith('\n')) throw new CorruptIndexError('bad dictionary');
    return whole;
  };
  /** Where block `block` starts in the dictionary (`blocks`: where it ends). */
  const blockStart = (block: number): number => {
    const at = fromHex8(read(layout.dictStarts[0] + 8 * block, 8), 0);
    if (at < 1 || at > dictLength) throw new CorruptIndexError('bad dictionary blocks');
    return at;
  };
  /** Blocks [from, to) of the dictionary, as a dictionary of their own (a line break, then lines). */
  const blockText = (from: number, to: number): string => {
    const start = blockStart(from) - 1;
    const end = blockStart(to);
    if (end <= start + 1) throw new CorruptIndexError('bad dictionary blocks');
    const block = text([dictStart + start, end - start]);
    if (!block.startsWith('\n') || !block.endsWith('\n')) throw new CorruptIndexError('bad dictionary blocks');
    return block;
  };
  const firstTerm = (block: number): string => {
    const start = blockStart(block);
    const head = text([dictStart + start, Math.min(FIRST_TERM_BYTES, dictLength - start)]);
    const tab = head.indexOf('\t');
    if (tab <= 0) throw new CorruptIndexError('bad dictionary blocks');
    return head.slice(0, tab);
  };
  const lookup = (word: QueryWord): TermPostings[] => {
    if (whole !== undefined) return lookupTerms(whole, blobLength, word);
    if (blocks === 0) return [];
    // The last block whose first term is not after the word: the word, or the first term it
    // begins, is there or nowhere.
    let low = 0;
    let high = blocks - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (firstTerm(middle) <= word.term) low = middle;
      else high = middle - 1;
    }
    // The terms a word begins may start in the next block, and run on into the blocks after.
    let end = low + 1;
    if (word.prefix) while (end < blocks && firstTerm(end).startsWith(word.term)) end++;
    return lookupTerms(blockText(low, end), blobLength, word);
  };
  return {
    docCount: count,
    stamp: layout.stamp,
    docs: {
      get path() {
        return readPaths();
      },
      get size() {
        return readTable().size;
      },
      get mtime() {
        return readTable().mtime;
      },
      get problem() {
        return readTable().problem;
      },
    },
    pathOf,
    placeOf,
    problems: () => (layout.problemCount === 0 ? [] : readTable().problem.filter((problem): problem is string => problem !== null)),
    lookup,
    terms: () => allTerms(wholeDict(), blobLength),
    blobLength,
    postings: (offset, length) => {
      if (offset < 0 || length < 0 || offset + length > blobLength) throw new CorruptIndexError('postings out of range');
      const bytes = read(blobStart + offset, length);
      if (bytes.length !== length) throw new CorruptIndexError('the file ends early');
      return bytes;
    },
  };
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
  stamp = '-',
  beforeAnalyzing?: (count: number) => void,
): { index: SearchIndex; text: string | undefined } {
  const oldRows = new Map<string, number>();
  old?.docs.path.forEach((path, row) => oldRows.set(path, row));
  const unchanged = (file: File): number => {
    const row = oldRows.get(file.path);
    return old && row !== undefined && old.docs.size[row] === file.size && old.docs.mtime[row] === file.mtime ? row : -1;
  };
  const keptRows = files.map(unchanged);
  if (old && old.docCount === files.length && keptRows.every((row) => row >= 0)) return { index: old, text: undefined };

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
      for (const { term, offset, length } of old.terms()) {
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
  if (fresh.length > 0) beforeAnalyzing?.(fresh.length);
  for (const file of fresh) {
    const analysis = analyze(file);
    if (analysis === undefined) continue;
    if (typeof analysis === 'string') {
      builder.addDoc(file, analysis);
    } else {
      builder.addTerms(builder.addDoc(file, null), analysis);
    }
  }
  return builder.finish(stamp);
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
