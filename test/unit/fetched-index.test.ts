import { describe, expect, it } from 'vitest';
import { FETCHED_INDEX_VERSION, parseFetchedIndex, rowSummary, type FetchedRow } from '../../src/articles/fetched-store.js';
import { PARSER_VERSION } from '../../src/articles/parse.js';

const head = `${JSON.stringify({ 'news-fetched-index': FETCHED_INDEX_VERSION, parser: PARSER_VERSION })}\n`;
const row = (slug: string): FetchedRow => [slug, 100, 5, `Title of ${slug}`, null, '2026-12-01T00:00:00.000Z', null, 'Gazette', `https://x.example/${slug}`, 'gazette', [], 40, 2];
const line = (record: object): string => `${JSON.stringify(record)}\n`;

describe('the fetched articles\' journal', () => {
  it('adds and removes as its records say, when its last one matches the folder', () => {
    const text = head + line({ add: [row('a'), row('b')], dir: 10 }) + line({ del: ['a'], dir: 11 }) + line({ add: [row('c')], dir: 12 });
    const index = parseFetchedIndex(text, 12);
    expect([...(index?.rows.keys() ?? [])].sort()).toEqual(['b', 'c']);
    expect(rowSummary(index?.rows.get('b') as FetchedRow)).toEqual({
      title: 'Title of b',
      dek: undefined,
      date: '2026-12-01T00:00:00.000Z',
      author: undefined,
      source: 'Gazette',
      url: 'https://x.example/b',
      feed: 'gazette',
      tags: [],
      words: 40,
      sectionCount: 2,
    });
  });

  it('is not trusted when the folder changed after its last record (a kill, a hand delete)', () => {
    expect(parseFetchedIndex(head + line({ add: [row('a')], dir: 10 }), 11)).toBeUndefined();
    // A header alone describes no folder at all.
    expect(parseFetchedIndex(head, 10)).toBeUndefined();
    expect(parseFetchedIndex(head, undefined)?.rows.size).toBe(0);
  });

  it('is not trusted half written, damaged, or of another version or parser', () => {
    const whole = head + line({ add: [row('a')], dir: 10 });
    expect(parseFetchedIndex(whole, 10)?.rows.size).toBe(1);
    expect(parseFetchedIndex(whole.slice(0, -5), 10)).toBeUndefined();
    expect(parseFetchedIndex(whole.replace('"a",100', '"a"'), 10)).toBeUndefined();
    expect(parseFetchedIndex(`{"news-fetched-index":${FETCHED_INDEX_VERSION + 1},"parser":${PARSER_VERSION}}\n` + line({ add: [row('a')], dir: 10 }), 10)).toBeUndefined();
    expect(parseFetchedIndex(`{"news-fetched-index":${FETCHED_INDEX_VERSION},"parser":${PARSER_VERSION + 1}}\n` + line({ add: [row('a')], dir: 10 }), 10)).toBeUndefined();
    expect(parseFetchedIndex('garbage\n', 10)).toBeUndefined();
  });

  it('is not trusted with a writer\'s mark last, unless that writer is at work', () => {
    const marked = head + line({ add: [row('a')], dir: 10 }) + line({ pending: true });
    expect(parseFetchedIndex(marked, 10)).toBeUndefined();
    expect(parseFetchedIndex(marked, undefined)).toBeUndefined();
    expect(parseFetchedIndex(marked, 11, true)?.rows.size).toBe(1);
    // A record being appended, cut short, is left out while its writer is at work.
    expect(parseFetchedIndex(`${marked}{"dir":12,"add":[["b"`, 12, true)?.rows.size).toBe(1);
    expect(parseFetchedIndex(`${marked}${line({ add: [row('b')], dir: 12 })}`, 12)?.rows.size).toBe(2);
  });

  it('no journal is an empty library only when there is no folder either', () => {
    expect(parseFetchedIndex(undefined, undefined)?.rows.size).toBe(0);
    expect(parseFetchedIndex(undefined, 10)).toBeUndefined();
  });
});
