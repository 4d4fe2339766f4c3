import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/parse.js';
import { CorruptIndexError, addPostings, analyzeArticle, refreshIndex, type SearchIndex } from '../../src/search/index.js';
import { nativeTotals } from '../../src/search/postings-wasm.js';
import { search, type Segment } from '../../src/search/query.js';
import { parseQuery } from '../../src/search/text.js';

/** A search with the WebAssembly loops, and in JavaScript as where there is none (`node --jitless`). */
function bothWays<T>(run: (nativeFromBytes: number) => T): { wasm: T | string; js: T | string } {
  const outcome = (nativeFromBytes: number): T | string => {
    try {
      return run(nativeFromBytes);
    } catch (error) {
      if (error instanceof CorruptIndexError) return error.message;
      throw error;
    }
  };
  return { wasm: outcome(0), js: outcome(Number.POSITIVE_INFINITY) };
}

const END = 0x30;
const MORE = 0x50;

/** A number as the index writes it: five bits a byte, least significant first. */
function encode(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 32) {
    bytes.push(MORE + (rest % 32));
    rest = Math.floor(rest / 32);
  }
  bytes.push(END + rest);
  return bytes;
}

describe('the WebAssembly module', () => {
  it('is the one postings.wat makes', () => {
    const script = fileURLToPath(new URL('../../scripts/wasm.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('adds up postings as addPostings does, numbers and errors alike, for any bytes', () => {
    // Postings as the index writes them, and then some of them damaged: bytes changed, cut short.
    const posting = fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 33 })),
      // Up to the longest number the index may hold (ten bytes), and beyond it.
      fc.oneof(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 2 ** 45 }), fc.constantFrom(2 ** 50 - 1, 2 ** 50)),
      fc.oneof(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 2 ** 33 }), fc.constantFrom(2 ** 32 - 1, 2 ** 32)),
    );
    const damage = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 });
    fc.assert(
      fc.property(
        fc.array(posting, { maxLength: 30 }),
        damage,
        fc.nat({ max: 3 }),
        fc.integer({ min: 1, max: 60 }),
        fc.uniqueArray(fc.nat({ max: 60 }), { maxLength: 5 }),
        fc.constantFrom(0, 1),
        fc.constantFrom(1, 0.5),
        fc.array(fc.tuple(fc.nat({ max: 70 }), fc.nat({ max: 2 }), fc.nat({ max: 3 })), { maxLength: 20 }),
        (postings, changes, cut, docCount, hiddenDocs, wordIndex, factor, before) => {
          const bytes = postings.flatMap(([gap, weight, bits]) => [...encode(gap), ...encode(weight), ...encode(bits)]);
          for (const [at, value] of changes) if (bytes.length > 0) bytes[at % bytes.length] = value;
          const block = Uint8Array.from(bytes.slice(0, Math.max(0, bytes.length - cut)));
          const base = 10;
          const size = base + docCount + 5;
          const hidden = hiddenDocs.length > 0 ? new Set(hiddenDocs) : undefined;
          const totals = nativeTotals(size, 2, block.length, docCount, 1);
          if (!totals) throw new Error('this Node has WebAssembly');
          const js = { matched: new Uint32Array(size), wordScore: new Float64Array(size), wordParts: new Uint32Array(size) };
          // What the words before left: some articles with them, some counted only.
          for (const [doc, has, parts] of before) {
            const at = doc % size;
            js.matched[at] = totals.matched[at] = Math.min(has, wordIndex + 1);
            js.wordParts[at] = (totals.wordParts[wordIndex] as Uint32Array)[at] = parts;
          }
          const run = (add: () => number): number | string => {
            try {
              return add();
            } catch (error) {
              if (error instanceof CorruptIndexError) return error.message;
              throw error;
            }
          };
          const wasm = run(() => totals.addPostings(block, docCount, base, hidden, wordIndex, factor));
          const reference = run(() => addPostings(block, docCount, base, hidden, wordIndex, factor, js));
          expect(wasm).toEqual(reference);
          if (typeof reference === 'number') {
            expect(totals.matched).toEqual(js.matched);
            expect(totals.wordScores[wordIndex]).toEqual(js.wordScore);
            expect(totals.wordParts[wordIndex]).toEqual(js.wordParts);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a block larger than the room it was made with', () => {
    const totals = nativeTotals(4, 1, 3, 0, 1);
    expect(() => totals?.addPostings(Uint8Array.from([END, END, END + 1, END + 1]), 4, 0, undefined, 0, 1)).toThrow(RangeError);
  });
});

describe('searching with WebAssembly and without', () => {
  const vocabulary = ['harbour', 'harbours', 'council', 'river', 'tide'];
  const text = fc.oneof(fc.constantFrom('', 'harbour', 'harbour council'), fc.array(fc.constantFrom(...vocabulary), { maxLength: 4 }).map((words) => words.join(' ')));

  function indexOf(parts: readonly (readonly [string, string, string])[], prefix: string): SearchIndex {
    const articles = parts.map(([title, one, two], n) => parseArticle(`---\ntitle: "${title} ${n}"\n---\n\n${one}\n\n## Part\n\n${two}`, `${prefix}-${n}`));
    const files = articles.map((a, n) => ({ path: `/${prefix}/${a.slug}.md`, size: n, mtime: n }));
    return refreshIndex(undefined, files, (file) => analyzeArticle(articles[files.indexOf(file)] as (typeof articles)[number])).index;
  }

  it('finds the same articles, scores, totals and weights, for any library, words and limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(text, text, text), { maxLength: 30 }),
        fc.uniqueArray(fc.nat({ max: 29 }), { maxLength: 4 }),
        fc.boolean(),
        fc.array(fc.constantFrom(...vocabulary, 'har', 'riv', 'tid'), { minLength: 1, maxLength: 4 }),
        fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(100, 101, Number.POSITIVE_INFINITY)),
        (own, fetched, hiddenDocs, hideInBoth, words, limit) => {
          // Two segments, as a library searches them: the own articles, and the fetched ones with
          // twins hidden; or one set of hidden articles for both, numbered in each.
          const hidden = new Set(hiddenDocs);
          const segments: Segment[] = [{ index: indexOf(own, 'own'), hidden: hideInBoth ? hidden : undefined }, { index: indexOf(fetched, 'fetched'), hidden }];
          const { wasm, js } = bothWays((nativeFrom) => search(segments, parseQuery(words), limit, nativeFrom));
          expect(wasm).toEqual(js);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('says the same of postings that do not read', () => {
    const index = indexOf([['harbour', 'council', 'tide']], 'own');
    const garbled: SearchIndex = { ...index, lookup: (word) => index.lookup(word), postings: (offset, length) => new Uint8Array(length).fill(0x7e) };
    const { wasm, js } = bothWays((nativeFrom) => search(garbled, parseQuery(['harbour']), 10, nativeFrom));
    expect(wasm).toBe('corrupt search index: not a number in the postings');
    expect(js).toBe(wasm);
  });
});
