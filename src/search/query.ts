import { addPostings, partOfField, termWeight, type DocTerms, type Part, type SearchIndex, type TermPostings } from './index.js';
import { nativeTotals } from './postings-wasm.js';
import { matchesWord, type QueryWord } from './text.js';

/** One index of several searched as one: its articles numbered after the segment's before it. */
export interface Segment {
  index: SearchIndex;
  /** Its articles that are left out, by their number in it: hidden by another of the same name. */
  hidden?: ReadonlySet<number>;
}

export interface Hit {
  doc: number;
  score: number;
  /**
   * The parts of the article that hold one of the words, as the index has them (a bit for each,
   * src/search/index.ts partBits): where to look for the match without reading the others.
   */
  parts: number;
}

export interface SearchResult {
  /** The articles with every word, best first (the best `limit` of them). */
  hits: Hit[];
  /** How many articles have every word. */
  total: number;
  /** Each query word's weight: rarer words weigh more (inverse document frequency). */
  idf: number[];
}

/** A word found as the beginning of a longer one counts less than the word itself. */
export const PREFIX_WEIGHT = 0.5;
/** An article with all the words in one part (a section, the lede…) is worth more. */
export const TOGETHER_BONUS = 1.25;
/** The most results picked by keeping the best as they come (in WebAssembly where it is there); more are sorted. */
const NATIVE_SELECTION_MOST = 100;
/**
 * From this many bytes of postings a search adds them up in WebAssembly (postings-wasm.ts), whose
 * module costs about 0.7 ms to compile, instantiate and first call. Measured: 8 KB (a 1,000-article library, two words every
 * article has) took 0.5 ms more in WebAssembly, 40 KB the same, 85 KB 2 ms less, 420 KB 6 ms less.
 */
export const NATIVE_FROM_BYTES = 32 * 1024;

/**
 * The articles that contain every word, best first (at most `limit` of them). Score: for each
 * word, its inverse document frequency times its weight in the article (src/search/index.ts
 * termWeight: by field, log-damped counts; half for a word it only begins); times a bonus when
 * one part of the article has every word. Ties go by file path, so the order is stable. Several
 * indexes (segments) are searched as one whose articles are all of theirs. Works in arrays over
 * the articles, one pass over each word's postings: tens of thousands of hits cost little.
 * From `nativeFromBytes` bytes of postings, and where Node has WebAssembly, those passes run
 * there (the same numbers, to the last bit). Throws CorruptIndexError when the postings are not
 * what the index says.
 */
export function search(source: SearchIndex | readonly Segment[], words: readonly QueryWord[], limit = Number.POSITIVE_INFINITY, nativeFromBytes = NATIVE_FROM_BYTES): SearchResult {
  const segments: readonly Segment[] = Array.isArray(source) ? source : [{ index: source as SearchIndex }];
  // Articles are numbered across the segments, each from where the one before ends.
  const bases: number[] = [];
  let size = 0;
  let hiddenCount = 0;
  for (const { index, hidden } of segments) {
    bases.push(size);
    size += index.docCount;
    hiddenCount += hidden?.size ?? 0;
  }
  const docCount = size - hiddenCount;
  if (words.length === 0 || docCount <= 0) return { hits: [], total: 0, idf: words.map(() => 0) };
  // Each word's terms in each segment, looked up before any postings are read: the room the
  // largest block needs is known first. The terms a word begins are stored together, one block.
  const lookups = words.map((word) => segments.map(({ index }) => index.lookup(word)));
  const blockLength = (found: readonly TermPostings[]): number => {
    const first = found[0];
    const last = found.at(-1);
    return first && last ? last.offset + last.length - first.offset : 0;
  };
  const blocks = lookups.flat().map(blockLength);
  const native =
    blocks.reduce((sum, length) => sum + length, 0) >= nativeFromBytes
      ? nativeTotals(
          size,
          words.length,
          Math.max(0, ...blocks),
          Math.max(0, ...segments.map(({ index, hidden }) => (hidden?.size ? index.docCount : 0))),
          // More results are sorted in JavaScript, and the module picks none: room for one.
          limit <= NATIVE_SELECTION_MOST ? limit : 1,
        )
      : undefined;
  /** How many of the words, in order, each article has. */
  const matched = native?.matched ?? new Uint32Array(size);
  // Each word's weight and parts in each article, kept apart and added up once at the end, in
  // the one pass that picks the best: a pass over every article for each word cost more than
  // the postings.
  const wordScores = native?.wordScores ?? words.map(() => new Float64Array(size));
  const wordParts = native?.wordParts ?? words.map(() => new Uint32Array(size));
  // Without WebAssembly (few postings), the articles of the first word, as they are found: the
  // only ones that can have every word, walked instead of every article of the library.
  const firstWordFound: number[] | undefined = native ? undefined : [];
  const idf: number[] = [];
  words.forEach((word, wordIndex) => {
    const totals = { matched, wordScore: wordScores[wordIndex] as Float64Array, wordParts: wordParts[wordIndex] as Uint32Array, found: wordIndex === 0 ? firstWordFound : undefined };
    let frequency = 0;
    segments.forEach(({ index, hidden }, segment) => {
      const base = bases[segment] ?? 0;
      const found = lookups[wordIndex]?.[segment] ?? [];
      const first = found[0];
      const block = first ? index.postings(first.offset, blockLength(found)) : new Uint8Array();
      for (const { term, offset, length } of found) {
        const start = offset - (first?.offset ?? 0);
        const bytes = block.subarray(start, start + length);
        const factor = term === word.term ? 1 : PREFIX_WEIGHT;
        frequency += native ? native.addPostings(bytes, index.docCount, base, hidden, wordIndex, factor) : addPostings(bytes, index.docCount, base, hidden, wordIndex, factor, totals);
      }
    });
    idf.push(Math.log(1 + docCount / Math.max(1, frequency)));
  });
  const wordCount = words.length;
  const scoreOf = (doc: number): number => {
    // Added word by word, as the score always was: the same sums to the last bit.
    let sum = 0;
    let together = 0;
    for (let word = 0; word < wordCount; word++) {
      sum += (idf[word] as number) * ((wordScores[word] as Float64Array)[doc] as number);
      const parts = (wordParts[word] as Uint32Array)[doc] as number;
      together = word === 0 ? parts : together & parts;
    }
    return wordCount > 1 && together !== 0 ? sum * TOGETHER_BONUS : sum;
  };
  // Ties go by path: within a segment by each article's place among its paths, which needs no
  // path read; across segments by the paths themselves.
  const segmentOf = (doc: number): number => {
    let segment = segments.length - 1;
    while (segment > 0 && (bases[segment] ?? 0) > doc) segment--;
    return segment;
  };
  const placeIn = (segment: number, doc: number): number => segments[segment]?.index.placeOf(doc) ?? 0;
  const pathBefore = (a: number, b: number): boolean => {
    const sa = segmentOf(a);
    const sb = segmentOf(b);
    const la = a - (bases[sa] ?? 0);
    const lb = b - (bases[sb] ?? 0);
    if (sa === sb) return placeIn(sa, la) < placeIn(sa, lb);
    return (segments[sa]?.index.pathOf(la) ?? '') < (segments[sb]?.index.pathOf(lb) ?? '');
  };
  // The best `limit` by selection: sorting ten thousand equal scores by path costs more than the search.
  const better = (a: Hit, b: Hit): boolean => a.score > b.score || (a.score === b.score && pathBefore(a.doc, b.doc));
  const partsOf = (doc: number): number => {
    let parts = 0;
    for (let word = 0; word < wordCount; word++) parts |= (wordParts[word] as Uint32Array)[doc] as number;
    return parts >>> 0;
  };
  // In the order the walk over every article took (the terms a word begins are added one after the other).
  const firstDocs = firstWordFound && !ascending(firstWordFound) ? firstWordFound.sort((a, b) => a - b) : firstWordFound;
  const candidateCount = firstDocs ? firstDocs.length : size;
  const hits: Hit[] = [];
  if (limit > NATIVE_SELECTION_MOST) {
    for (let at = 0; at < candidateCount; at++) {
      const doc = firstDocs ? (firstDocs[at] as number) : at;
      if (matched[doc] !== wordCount) continue;
      hits.push({ doc, score: scoreOf(doc), parts: 0 });
    }
    hits.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    // The parts of those shown only: there may be tens of thousands of hits.
    return { hits: hits.slice(0, limit).map((hit) => ({ ...hit, parts: partsOf(hit.doc) })), total: hits.length, idf };
  }
  let worst = -Infinity;
  /** Keeps an article among the best `limit` so far if it is one of them; the worst kept then in `worst`. */
  const keep = (doc: number, value: number): void => {
    if (value < worst || (value === worst && !pathBefore(doc, (hits.at(-1) as Hit).doc))) return;
    const hit = { doc, score: value, parts: partsOf(doc) };
    let at = hits.length;
    while (at > 0 && better(hit, hits[at - 1] as Hit)) at--;
    hits.splice(at, 0, hit);
    if (hits.length > limit) hits.pop();
    const last = hits.at(-1);
    if (hits.length >= limit && last) worst = last.score;
  };
  if (native && limit >= 1) {
    // Only the articles that score at least the limit-th best can be among the best: few.
    const { candidates, scores, total } = native.select(idf, limit);
    for (const doc of candidates) keep(doc, scores[doc] as number);
    return { hits, total, idf };
  }
  // One or two words, the usual query, are scored in the loop itself: a call for each of fifty
  // thousand articles, before V8 has compiled the code, costs more than the sums.
  const [score0, score1] = wordScores as [Float64Array, Float64Array | undefined];
  const [parts0, parts1] = wordParts as [Uint32Array, Uint32Array | undefined];
  const [idf0, idf1] = idf as [number, number | undefined];
  // Two words: a score is at most `scorePerWeight` times the sum of the article's weights for
  // them. An article whose sum is below `weightNeeded` cannot be as good as the worst kept, and
  // is passed over on that sum alone: most articles, when every article has the words. (Until
  // V8 has compiled this loop, each product of numbers allocates one.)
  const scorePerWeight = wordCount === 2 ? TOGETHER_BONUS * Math.max(idf0, idf1 ?? 0) : 0;
  let weightNeeded = 0;
  let total = 0;
  for (let at = 0; at < candidateCount; at++) {
    const doc = firstDocs ? (firstDocs[at] as number) : at;
    if (matched[doc] !== wordCount) continue;
    total++;
    let value: number;
    if (score1 === undefined) value = idf0 * (score0[doc] as number);
    else if (wordCount === 2) {
      const weight0 = score0[doc] as number;
      const weight1 = score1[doc] as number;
      if (weight0 + weight1 < weightNeeded) continue;
      value = idf0 * weight0 + (idf1 as number) * weight1;
      if (((parts0[doc] as number) & ((parts1 as Uint32Array)[doc] as number)) !== 0) value *= TOGETHER_BONUS;
    } else value = scoreOf(doc);
    // Most articles are no better than the worst kept: they are passed over without a call each.
    if (value < worst) continue;
    keep(doc, value);
    // Less a margin: an article whose score ties the worst kept's, and whose path comes first,
    // must still be scored, and the scores are rounded where this division is not.
    if (wordCount === 2 && worst > -Infinity) weightNeeded = (worst / scorePerWeight) * (1 - 1e-9);
  }
  return { hits, total, idf };
}

function ascending(values: readonly number[]): boolean {
  for (let index = 1; index < values.length; index++) if ((values[index] as number) < (values[index - 1] as number)) return false;
  return true;
}

/**
 * Where in an article to show a match: the part (lede, a section…) with the most of the words,
 * then the most weight. The title is shown with every result anyway, so it is the place only
 * when no other part has any of the words.
 */
export function locate(docTerms: DocTerms, words: readonly QueryWord[], idf: readonly number[]): { part: Part; section: number } {
  const parts = new Map<number, { words: Set<number>; weight: number }>();
  for (const [term, pairs] of docTerms) {
    words.forEach((word, wordIndex) => {
      if (!matchesWord(term, word)) return;
      for (let pair = 0; pair < pairs.length; pair += 2) {
        const field = pairs[pair] ?? 0;
        const part = partOfField(field);
        let entry = parts.get(part);
        if (!entry) {
          entry = { words: new Set(), weight: 0 };
          parts.set(part, entry);
        }
        entry.words.add(wordIndex);
        entry.weight += (idf[wordIndex] ?? 1) * termWeight([field, pairs[pair + 1] ?? 1]) * (term === word.term ? 1 : PREFIX_WEIGHT);
      }
    });
  }
  let best: { part: number; words: number; weight: number } | undefined;
  for (const [part, { words: found, weight }] of parts) {
    if (part === 0) continue;
    if (!best || found.size > best.words || (found.size === best.words && (weight > best.weight || (weight === best.weight && part < best.part)))) {
      best = { part, words: found.size, weight };
    }
  }
  const part = best?.part ?? 0;
  return { part: part === 0 ? 'title' : part === 1 ? 'dek' : part === 2 ? 'lede' : 'section', section: part >= 3 ? part - 3 : -1 };
}
