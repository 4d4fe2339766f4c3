import { instantiate, NoRoomError, WasmArena, type WasmMemory } from '../wasm.js';
import { BAD_POSTINGS, CorruptIndexError } from './index.js';
import { POSTINGS_WASM } from './postings-binary.js';

/**
 * A search's running totals and its two loops over every posting and every article, in
 * WebAssembly (postings.wat): the same numbers as addPostings (index.ts) and the scoring in
 * query.ts, at native speed and without allocating. One is made for each search.
 */
export interface NativeTotals {
  /** How many of the query's words, in order, each article has so far. */
  matched: Uint32Array;
  /** Each word's weight in each article, so far. */
  wordScores: Float64Array[];
  /** Each word's parts in each article, as bits (1 alone for an article only counted). */
  wordParts: Uint32Array[];
  /** addPostings: adds a term's postings (at most `blockRoom` bytes) to word `wordIndex`'s totals. */
  addPostings(bytes: Uint8Array, docCount: number, base: number, hidden: ReadonlySet<number> | undefined, wordIndex: number, factor: number): number;
  /**
   * Scores every article with all the words (as query.ts scoreOf does) and returns those that
   * may be among the best `limit` (at most the limit it was made for): every article scoring at
   * least the limit-th best, in increasing order, with every score; and how many have all the words.
   */
  select(idf: readonly number[], limit: number): { candidates: Uint32Array; scores: Float64Array; total: number };
}

interface Exports {
  memory: WasmMemory;
  total: { value: number };
  addPostings(bytes: number, length: number, docCount: number, base: number, hidden: number, word: number, factor: number, matched: number, scores: number, parts: number): number;
  select(size: number, words: number, matched: number, table: number, limit: number, out: number, best: number, candidates: number): number;
}

/** The module's error codes (postings.wat). */
const ERRORS: Record<number, string> = {
  [-1]: BAD_POSTINGS.outOfOrder,
  [-2]: BAD_POSTINGS.outOfRange,
  [-3]: BAD_POSTINGS.cutShort,
  [-4]: BAD_POSTINGS.badParts,
  [-5]: BAD_POSTINGS.notANumber,
};

/**
 * Totals for a search of `size` articles and `wordCount` words whose postings come in blocks
 * of at most `blockRoom` bytes, whose hidden articles are in segments of at most `hiddenRoom`
 * articles, and that keeps at most `limit` results. Undefined where WebAssembly is not there,
 * or cannot hold that much: the caller does it in JavaScript.
 */
export function nativeTotals(size: number, wordCount: number, blockRoom: number, hiddenRoom: number, limit: number): NativeTotals | undefined {
  const exports = instantiate<Exports>(POSTINGS_WASM);
  if (!exports) return undefined;
  const arena = new WasmArena(exports.memory);
  let layout;
  try {
    layout = {
      scoreAt: Array.from({ length: wordCount }, () => arena.room(8 * size)),
      outAt: arena.room(8 * size),
      bestAt: arena.room(8 * Math.max(1, limit)),
      tableAt: arena.room(16 * wordCount),
      matchedAt: arena.room(4 * size),
      partsAt: Array.from({ length: wordCount }, () => arena.room(4 * size)),
      candidatesAt: arena.room(4 * size),
      hiddenAt: arena.room(hiddenRoom),
      blockAt: arena.room(blockRoom),
    };
  } catch (error) {
    if (error instanceof NoRoomError) return undefined;
    throw error;
  }
  // Every piece is placed: the memory does not grow again, and views of it stay good.
  const { scoreAt, outAt, bestAt, tableAt, matchedAt, partsAt, candidatesAt, hiddenAt, blockAt } = layout;
  const buffer = exports.memory.buffer;
  const bytes = new Uint8Array(buffer);
  const matched = new Uint32Array(buffer, matchedAt, size);
  const wordScores = scoreAt.map((at) => new Float64Array(buffer, at, size));
  const wordParts = partsAt.map((at) => new Uint32Array(buffer, at, size));
  // The articles hidden in the map now: which set, over how many.
  let hiddenNow: { set: ReadonlySet<number>; docCount: number } | undefined;
  return {
    matched,
    wordScores,
    wordParts,
    addPostings(block, docCount, base, hidden, wordIndex, factor) {
      if (block.length > blockRoom) throw new RangeError(`a block of ${block.length} bytes, room for ${blockRoom}`);
      let hiddenMap = 0;
      if (hidden && hidden.size > 0) {
        if (docCount > hiddenRoom) throw new RangeError(`${docCount} articles to hide among, room for ${hiddenRoom}`);
        if (hiddenNow?.set !== hidden || hiddenNow.docCount !== docCount) {
          bytes.fill(0, hiddenAt, hiddenAt + docCount);
          for (const doc of hidden) if (doc >= 0 && doc < docCount) bytes[hiddenAt + doc] = 1;
          hiddenNow = { set: hidden, docCount };
        }
        hiddenMap = hiddenAt;
      }
      bytes.set(block, blockAt);
      const found = exports.addPostings(blockAt, block.length, docCount, base, hiddenMap, wordIndex, factor, matchedAt, scoreAt[wordIndex] as number, partsAt[wordIndex] as number);
      if (found < 0) throw new CorruptIndexError(ERRORS[found] ?? 'postings that do not read');
      return found;
    },
    select(idf, count) {
      if (count > limit) throw new RangeError(`the best ${count}, room for ${limit}`);
      const table = new DataView(buffer, tableAt, 16 * wordCount);
      for (let word = 0; word < wordCount; word++) {
        table.setUint32(16 * word, scoreAt[word] as number, true);
        table.setUint32(16 * word + 4, partsAt[word] as number, true);
        table.setFloat64(16 * word + 8, idf[word] as number, true);
      }
      const found = exports.select(size, wordCount, matchedAt, tableAt, count, outAt, bestAt, candidatesAt);
      return { candidates: new Uint32Array(buffer, candidatesAt, found), scores: new Float64Array(buffer, outAt, size), total: exports.total.value };
    },
  };
}
