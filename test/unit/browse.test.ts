/* eslint-disable no-control-regex -- these tests read and write escape sequences on purpose */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/articles/model.js';
import { parseArticle } from '../../src/articles/parse.js';
import { findInLines } from '../../src/browse/find.js';
import { decodeKeys, incompleteTail, type Key } from '../../src/browse/keys.js';
import { blockOfLine, initialState, lineOfBlock, listItem, maxTop, percentRead, update, type Doc, type Effect, type State } from '../../src/browse/model.js';
import { ScreenWriter } from '../../src/browse/screen.js';
import { frame } from '../../src/browse/view.js';
import { PALETTE } from '../../src/reactions/palette.js';
import { columns, stripStyling } from '../../src/render/text.js';
import type { TerminalSession } from '../../src/io.js';
import { STYLES, tempHomes, testContext } from '../helpers.js';

const char = (c: string): Key => ({ name: 'char', char: c });
const named = (name: Exclude<Key, { name: 'char' }>['name']): Key => ({ name }) as Key;

/** Keys typed one after another; the effects of all of them, in order. */
function press(state: State, ...keys: (Key | string)[]): { state: State; effects: Effect[] } {
  const effects: Effect[] = [];
  let current = state;
  for (const key of keys) {
    const step = update(current, { type: 'key', key: typeof key === 'string' ? char(key) : key });
    current = step.state;
    effects.push(...step.effects);
  }
  return { state: current, effects };
}

const ITEMS = [
  listItem('harbour-news', { title: 'Harbour reopens after storm', dek: 'Fishing boats return', source: 'Gazette', date: '2026-11-03T10:00:00Z' }, 3),
  listItem('cafe-review', { title: 'A caf\u00E9 worth the queue', dek: undefined, source: 'Le Monde', date: '2026-11-02' }, 2),
  listItem('budget-vote', { title: 'Council budget vote delayed', dek: 'Parking fees again', source: 'Gazette', date: undefined }, 5),
];

function listState(rows = 24, columnsWide = 80): State {
  return initialState({ columns: columnsWide, rows, items: ITEMS, reactions: new Map(), unread: new Set(['cafe-review']), positions: new Map() });
}

/** A doc of `paragraphs` two-line paragraphs, with a section heading every `every`. */
function makeDoc(slug: string, paragraphs: number, every = 10): Doc {
  const lines = ['Title', '=====', ''];
  const sections: Doc['sections'] = [];
  for (let p = 0; p < paragraphs; p++) {
    if (p % every === 0) {
      lines.push('', '');
      sections.push({ heading: `Section ${sections.length + 1}`, line: lines.length });
      lines.push(`Section ${sections.length}`, '-------', '');
    }
    lines.push(`Paragraph ${p} first line with a needle`, `Paragraph ${p} second line`, '');
  }
  return { slug, title: 'Title', width: 60, lines, plain: lines, sections };
}

function opened(state: State, doc: Doc): State {
  const { state: opening, effects } = press(state, named('enter'));
  expect(effects).toEqual([{ kind: 'open', slug: doc.slug }]);
  return update(opening, { type: 'opened', doc }).state;
}

describe('decodeKeys', () => {
  it('decodes the keys terminals send, in every common form', () => {
    const cases: [string, string[]][] = [
      ['\u001B[A\u001B[B\u001B[C\u001B[D', ['up', 'down', 'right', 'left']],
      ['\u001BOA\u001BOB', ['up', 'down']],
      ['\u001B[5~\u001B[6~', ['pageup', 'pagedown']],
      ['\u001B[H\u001B[F\u001B[1~\u001B[4~\u001B[7~\u001B[8~', ['home', 'end', 'home', 'end', 'home', 'end']],
      ['\r\n\r', ['enter', 'enter']],
      ['\u007F\u0008', ['backspace', 'backspace']],
      ['\u0003', ['interrupt']],
      ['\u001A\u000C', ['suspend', 'redraw']],
      ['\u001B', ['escape']],
      ['\u001B\u001B', ['escape', 'escape']],
      ['\u001B[<64;10;5M\u001B[<65;10;5M\u001B[<0;1;1M', ['wheelup', 'wheeldown']],
      ['\u001B[1;5A', ['up']],
    ];
    for (const [input, expected] of cases) expect(decodeKeys(input).map((key) => key.name), JSON.stringify(input)).toEqual(expected);
  });

  it('gives letters, CJK and emoji as characters, whole', () => {
    expect(decodeKeys('jk\u65E5\u{1F62E}')).toEqual([char('j'), char('k'), char('\u65E5'), char('\u{1F62E}')]);
  });

  it('drops unknown sequences whole, never as the letters in them', () => {
    expect(decodeKeys('\u001B[15~\u001B[200~x')).toEqual([char('x')]);
    // Escape then a key, typed fast, is both.
    expect(decodeKeys('\u001Bq')).toEqual([named('escape'), char('q')]);
  });

  it('holds back the start of a sequence whose rest has not arrived', () => {
    expect(incompleteTail('ab\u001B')).toBe(1);
    expect(incompleteTail('\u001B[')).toBe(2);
    expect(incompleteTail('j\u001B[5')).toBe(3);
    expect(incompleteTail('\u001BO')).toBe(2);
    expect(incompleteTail('\u001B[5~')).toBe(0);
    expect(incompleteTail('\u001Bq')).toBe(0);
    expect(incompleteTail('plain')).toBe(0);
    // Split anywhere, a stream of keys decodes to the same keys once joined back.
    const stream = 'j\u001B[6~k\u001B[<65;3;4M\u001BOA q';
    for (let cut = 0; cut <= stream.length; cut++) {
      const first = stream.slice(0, cut);
      const held = incompleteTail(first);
      const keys = [...decodeKeys(first.slice(0, first.length - held)), ...decodeKeys(first.slice(first.length - held) + stream.slice(cut))];
      expect(keys, `cut at ${cut}`).toEqual(decodeKeys(stream));
    }
  });

  it('never yields a control character as a character, whatever is sent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        for (const key of decodeKeys(input)) {
          if (key.name === 'char') expect(key.char).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
        }
      }),
    );
  });
});

describe('the list', () => {
  it('moves the selection with j/k and arrows, clamped at both ends', () => {
    let state = listState();
    state = press(state, 'j', 'j', 'j', 'j').state;
    expect(state.list.selected).toBe(2);
    state = press(state, named('up'), 'k', 'k', 'k').state;
    expect(state.list.selected).toBe(0);
    state = press(state, 'G').state;
    expect(state.list.selected).toBe(2);
    state = press(state, 'g').state;
    expect(state.list.selected).toBe(0);
  });

  it('keeps the selection on screen when paging a long list', () => {
    const items = Array.from({ length: 100 }, (_, n) => listItem(`a-${n}`, { title: `Article ${n}`, dek: undefined, source: undefined, date: undefined }, 1));
    let state = initialState({ columns: 80, rows: 12, items, reactions: new Map(), unread: new Set(), positions: new Map() });
    state = press(state, named('pagedown'), named('pagedown')).state;
    expect(state.list.selected).toBe(20);
    expect(state.list.top).toBeLessThanOrEqual(20);
    expect(state.list.top + 10).toBeGreaterThan(20);
    state = press(state, named('end')).state;
    expect(state.list.selected).toBe(99);
    expect(state.list.top).toBe(90);
    const screen = frame(state, STYLES[0]).map(stripStyling);
    expect(screen.some((line) => line.includes('Article 99'))).toBe(true);
  });

  it('asks a long library only for the rows it shows, until a filter needs them all', () => {
    const asked = new Set<number>();
    const all = Array.from({ length: 50_000 }, (_, n) => listItem(`a-${n}`, { title: `Article ${n}`, dek: undefined, source: n === 49_999 ? 'Last Gazette' : undefined, date: undefined }, 1));
    const items = {
      length: all.length,
      at: (index: number) => {
        asked.add(index);
        return all[index];
      },
    };
    let state = initialState({ columns: 80, rows: 12, items, reactions: new Map(), unread: new Set(['a-1']), positions: new Map() });
    const screen = frame(state, STYLES[0]).map(stripStyling);
    expect(screen[0]).toContain('50000 articles');
    expect(screen.some((line) => line.includes('Article 9'))).toBe(true);
    expect(Math.max(...asked)).toBe(9);
    // Enter opens the one selected; nothing at all is opened from an empty filter.
    expect(press(state, named('enter')).effects).toEqual([{ kind: 'open', slug: 'a-0' }]);
    state = press(state, '/', 'g', 'a', 'z').state;
    expect(asked.size).toBe(50_000);
    expect(state.list.shown).toEqual([49_999]);
    expect(press(state, named('enter')).effects).toEqual([{ kind: 'open', slug: 'a-49999' }]);
    state = press(state, 'x').state;
    expect(state.list.shown).toEqual([]);
    expect(press(state, named('enter')).effects).toEqual([]);
  });

  it('filters as you type, accent- and case-insensitive, over title, dek and source', () => {
    let state = press(listState(), '/', 'C', 'A', 'F', 'E').state;
    expect(state.list.shown.map((index) => ITEMS[index]?.slug)).toEqual(['cafe-review']);
    state = press(state, named('backspace'), named('backspace'), named('backspace'), named('backspace')).state;
    expect(state.list.shown).toHaveLength(3);
    state = press(state, 'g', 'a', 'z').state;
    expect(state.list.shown).toHaveLength(2);
    state = press(state, named('backspace'), named('backspace'), named('backspace'), 'p', 'a', 'r', 'k').state;
    expect(state.list.shown.map((index) => ITEMS[index]?.slug)).toEqual(['budget-vote']);
    // Enter opens the one left; Esc, back in the list, clears the filter.
    const { effects } = press(state, named('enter'));
    expect(effects).toEqual([{ kind: 'open', slug: 'budget-vote' }]);
    state = press(state, named('escape')).state;
    expect(state.list.filter).toBe('');
    expect(state.list.shown).toHaveLength(3);
    expect(state.list.editing).toBe(false);
  });

  it('types q and j into the filter rather than quitting or moving', () => {
    const { state, effects } = press(listState(), '/', 'q', 'j');
    expect(effects).toEqual([]);
    expect(state.list.filter).toBe('qj');
  });

  it('quits with q (0) and Ctrl-C (130)', () => {
    expect(press(listState(), 'q').effects).toEqual([{ kind: 'quit', code: 0 }]);
    expect(press(listState(), named('interrupt')).effects).toEqual([{ kind: 'quit', code: 130 }]);
  });

  it('shows title, source, date, minutes, the unread mark and the reaction; the selection reversed', () => {
    const state = { ...listState(), reactions: new Map([['harbour-news', '\u{1F62E}']]) };
    const screen = frame(state, STYLES[0]);
    expect(screen[1]).toContain('\u001B[7m');
    const plain = screen.map(stripStyling);
    expect(plain[1]).toMatch(/Harbour reopens after storm\s+Gazette \u00B7 2026-11-03 \u00B7 3 min {2}\u{1F62E}/u);
    expect(plain[2]).toMatch(/^ \u25CF A caf\u00E9 worth the queue/);
    expect(plain[3]).toMatch(/^ {3}Council budget vote delayed\s+Gazette \u00B7 5 min$/);
  });
});

describe('the reader', () => {
  it('pages, jumps by section and reports section n of N and the percent read', () => {
    const doc = makeDoc('harbour-news', 40);
    let state = opened(listState(24), doc);
    expect(state.reader?.top).toBe(0);
    state = press(state, ' ').state;
    expect(state.reader?.top).toBe(23);
    state = press(state, 'b').state;
    expect(state.reader?.top).toBe(0);
    state = press(state, ']').state;
    expect(state.reader?.top).toBe(doc.sections[0]?.line);
    state = press(state, ']').state;
    expect(state.reader?.top).toBe(doc.sections[1]?.line);
    expect(stripStyling(frame(state, STYLES[0])[23] ?? '')).toMatch(/Section 2 of 4 \u00B7 \d+%$/);
    state = press(state, '[').state;
    expect(state.reader?.top).toBe(doc.sections[0]?.line);
    state = press(state, 'G').state;
    expect(state.reader?.top).toBe(maxTop(state, doc));
    expect(percentRead(state, state.reader!)).toBe(100);
  });

  it('keeps keys typed while an article opens for the article, but never Ctrl-C', () => {
    const doc = makeDoc('harbour-news', 40);
    let { state } = press(listState(), named('enter'), ' ', ']');
    expect(state.list.selected).toBe(0);
    expect(press(state, named('interrupt')).effects).toEqual([{ kind: 'quit', code: 130 }]);
    state = update(state, { type: 'opened', doc }).state;
    expect(state.reader?.top).toBe(doc.sections.find(({ line }) => line > 23)?.line);
    const failed = update(press(listState(), named('enter'), 'j').state, { type: 'not-opened', text: 'gone' }).state;
    expect(failed.opening).toBeUndefined();
    expect(failed.typedAhead).toEqual([]);
    expect(failed.message).toBe('gone');
  });

  it('marks the article read once its end is on screen, once', () => {
    const doc = makeDoc('cafe-review', 40);
    let state = opened({ ...listState(), list: { ...listState().list, selected: 1 } }, doc);
    const { state: atEnd, effects } = press(state, 'G');
    expect(effects).toEqual([{ kind: 'read', slug: 'cafe-review' }]);
    expect(atEnd.unread.has('cafe-review')).toBe(false);
    // The others' marks are as they were.
    const two = initialState({ ...listState(), items: ITEMS, unread: new Set(['cafe-review', 'budget-vote']) });
    const read = press(opened({ ...two, list: { ...two.list, selected: 1 } }, doc), 'G').state;
    expect(ITEMS.map(({ slug }) => read.unread.has(slug))).toEqual([false, false, true]);
    expect(two.unread.has('cafe-review')).toBe(true);
    state = press(atEnd, 'g', 'G').state;
    expect(press(atEnd, 'g', 'G').effects).toEqual([]);
  });

  it('leaves the top where a section jump put it when paging on near the end', () => {
    const doc = makeDoc('harbour-news', 12, 10);
    let state = opened(listState(24), doc);
    state = press(state, ']', ']').state;
    const top = state.reader?.top ?? -1;
    expect(top).toBe(doc.sections[1]?.line);
    expect(top).toBeGreaterThan(maxTop(state, doc));
    expect(press(state, 'j').state.reader?.top).toBe(top);
    expect(press(state, 'k').state.reader?.top).toBe(top - 1);
  });

  it('opens the outline at the current section; Enter jumps, Esc closes', () => {
    const doc = makeDoc('harbour-news', 40);
    let state = press(opened(listState(), doc), ']', ']', 't').state;
    expect(state.overlay).toEqual({ kind: 'outline', selected: 1 });
    expect(frame(state, STYLES[0]).map(stripStyling).join('\n')).toContain(' 3  Section 3');
    state = press(state, 'j', named('enter')).state;
    expect(state.overlay).toBeUndefined();
    expect(state.reader?.top).toBe(doc.sections[2]?.line);
    state = press(state, 't', named('escape')).state;
    expect(state.overlay).toBeUndefined();
    expect(state.reader?.top).toBe(doc.sections[2]?.line);
  });

  it('searches, highlights, and walks the matches with n and N, wrapping', () => {
    const doc = makeDoc('harbour-news', 40);
    let state = press(opened(listState(), doc), '/', 'N', 'E', 'E', 'D', 'L', 'E', named('enter')).state;
    expect(state.reader?.search?.matches).toHaveLength(40);
    expect(state.reader?.search?.current).toBe(0);
    const screen = frame(state, STYLES[0]);
    expect(screen.some((line) => line.includes('\u001B[7mneedle\u001B[27m'))).toBe(true);
    state = press(state, 'N').state;
    expect(state.reader?.search?.current).toBe(39);
    expect(state.message).toBe('Search wrapped to the end');
    expect(state.reader?.top).toBeGreaterThan(0);
    state = press(state, 'n').state;
    expect(state.reader?.search?.current).toBe(0);
    const missing = press(state, '/', 'z', 'z', named('enter')).state;
    expect(missing.message).toBe('Not found: zz');
  });

  it('reacts from the row: a digit, the arrows and Enter, and x to take it back', () => {
    const doc = makeDoc('harbour-news', 5);
    let state = opened(listState(), doc);
    let step = press(state, 'r', '5');
    expect(step.effects).toEqual([{ kind: 'react', slug: 'harbour-news', emoji: PALETTE[4].emoji }, { kind: 'relayout', slug: 'harbour-news' }]);
    state = step.state;
    step = press(state, 'r');
    expect(step.state.overlay).toEqual({ kind: 'reactions', selected: 4 });
    step = press(step.state, named('right'), named('right'), named('enter'));
    expect(step.effects[0]).toEqual({ kind: 'react', slug: 'harbour-news', emoji: PALETTE[6].emoji });
    step = press(step.state, 'r', 'x');
    expect(step.effects[0]).toEqual({ kind: 'unreact', slug: 'harbour-news' });
    expect(step.state.reactions.has('harbour-news')).toBe(false);
  });

  it('goes back to the list with q or Esc, keeping the paragraph at the top', () => {
    const doc = makeDoc('harbour-news', 40);
    const reading = press(opened(listState(), doc), ' ', ' ').state;
    const block = blockOfLine(doc, reading.reader?.top ?? 0);
    for (const key of ['q', named('escape')]) {
      const { state, effects } = press(reading, key);
      expect(state.reader).toBeUndefined();
      expect(effects).toEqual([{ kind: 'position', slug: 'harbour-news', block }]);
      // Opening it again resumes there.
      const again = opened(state, doc);
      expect(blockOfLine(doc, again.reader?.top ?? 0)).toBe(block);
    }
  });

  it('keeps the same paragraph at the top across a resize', () => {
    const narrow = makeDoc('harbour-news', 40);
    let state = press(opened(listState(), narrow), ' ', ' ', 'j').state;
    const block = blockOfLine(narrow, state.reader?.top ?? 0);
    const step = update(state, { type: 'resize', columns: 120, rows: 40 });
    expect(step.effects).toEqual([{ kind: 'relayout', slug: 'harbour-news' }]);
    // Set wider, each paragraph is one line: the line numbers change, the paragraph does not.
    const lines = ['Title', '=====', ''];
    for (const line of narrow.lines.slice(3)) if (!/second line/.test(line)) lines.push(line);
    const wide: Doc = { ...narrow, lines, plain: lines, width: 100, sections: [] };
    state = update(step.state, { type: 'relaid', doc: wide }).state;
    expect(blockOfLine(wide, state.reader?.top ?? 0)).toBe(block);
    expect(state.reader?.top).not.toBe(step.state.reader?.top);
  });

  it('counts a blank line at the top as the paragraph below it', () => {
    const doc = makeDoc('x', 30);
    const blank = doc.plain.findIndex((line, index) => line === '' && index > 10);
    expect(blockOfLine(doc, blank)).toBe(blockOfLine(doc, blank + 1));
  });

  it('says 100% only once the end is on screen, and G never scrolls back up', () => {
    const lines = Array.from({ length: 1000 }, (_, n) => `line ${n}`);
    const doc: Doc = { slug: 'harbour-news', title: 'T', width: 60, lines, plain: lines, sections: [{ heading: 'Last', line: 995 }] };
    let state = opened(listState(24), doc);
    state = { ...state, reader: { ...state.reader!, top: 973 } };
    expect(percentRead(state, state.reader!)).toBe(99);
    expect(state.reader?.reachedEnd).toBe(false);
    state = press(state, 'G').state;
    expect(state.reader?.top).toBe(977);
    expect(percentRead(state, state.reader!)).toBe(100);
    expect(state.reader?.reachedEnd).toBe(true);
    state = press(state, ']').state;
    expect(state.reader?.top).toBe(995);
    expect(press(state, 'G').state.reader?.top).toBe(995);
  });

  it('takes an article named like an Object property for an article', () => {
    const item = listItem('constructor', { title: 'Constructor', dek: undefined, source: undefined, date: undefined }, 1);
    const state = initialState({ columns: 80, rows: 10, items: [item], reactions: new Map(), unread: new Set(), positions: new Map() });
    expect(frame(state, STYLES[0]).join('\n')).not.toContain('function');
    const doc = makeDoc('constructor', 20);
    expect(opened(state, doc).reader?.top).toBe(0);
  });

  it('blockOfLine and lineOfBlock agree on the first line of every paragraph', () => {
    const doc = makeDoc('x', 30);
    for (let line = 0; line < doc.plain.length; line++) {
      if (doc.plain[line] === '' || (line > 0 && doc.plain[line - 1] !== '')) continue;
      expect(lineOfBlock(doc, blockOfLine(doc, line))).toBe(line);
    }
  });

  it('shows the keys on ? from either screen, and any key closes them', () => {
    for (const start of [listState(), opened(listState(), makeDoc('harbour-news', 5))]) {
      const help = press(start, '?').state;
      const text = frame(help, STYLES[0]).join('\n');
      expect(text).toContain('the outline');
      expect(text).toContain('filter by title');
      // Whole at 80 columns, the last key too.
      expect(text).toContain('Ctrl-L redraws.');
      expect(text).toContain('Ctrl-C quits, Ctrl-Z suspends (fg returns).');
      expect(text).not.toContain('\u2026');
      expect(press(help, 'x').state.overlay).toBeUndefined();
    }
  });

  it('says an article has no sections when ] finds none, and that it is the last when it is', () => {
    const bare: Doc = { ...makeDoc('harbour-news', 3), sections: [] };
    expect(press(opened(listState(), bare), ']').state.message).toBe('This article has no sections');
    const two = opened(listState(), makeDoc('harbour-news', 20));
    expect(press(two, ']', ']', ']').state.message).toBe('This is the last section');
  });

  it('scrolls the keys on a short screen, so that every one can be seen', () => {
    let state = press(listState(8), '?').state;
    const seen = new Set<string>();
    for (let step = 0; step < 40; step++) {
      for (const line of frame(state, STYLES[0])) seen.add(line.trim());
      state = press(state, 'j').state;
    }
    for (const wanted of ['filter by title, dek, source (Esc clears)', 'back to the list', 'quit']) {
      expect([...seen].some((line) => line.endsWith(wanted)), wanted).toBe(true);
    }
    // At the bottom, k scrolls straight back up.
    const up = press(state, 'k').state;
    expect(up.overlay).toEqual({ kind: 'help', top: (state.overlay as { top: number }).top - 1 });
  });
});

describe('frames', () => {
  it('are exactly the screen: rows lines, none wider than the columns, at any size', () => {
    const doc = makeDoc('harbour-news', 30);
    const cjk = listItem('cjk', { title: '\u65E5\u672C\u8A9E\u306E\u30CB\u30E5\u30FC\u30B9\u8A18\u4E8B\u3067\u3059'.repeat(4), dek: undefined, source: '\u{1F30F} World', date: undefined }, 1);
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 220 }), fc.integer({ min: 5, max: 70 }), fc.array(fc.constantFrom('j', ' ', ']', 't', '?', 'r', '/', 'x', 'G', 'q'), { maxLength: 6 }), (width, rows, keys) => {
        let state = initialState({ columns: width, rows, items: [cjk, ...ITEMS], reactions: new Map([['cjk', '\u2764\uFE0F']]), unread: new Set(['cjk']), positions: new Map() });
        state = opened(state, { ...doc, slug: 'cjk', width: Math.min(width, 80) });
        state = press(state, ...keys).state;
        const screen = frame(state, STYLES[1]);
        expect(screen).toHaveLength(rows);
        for (const line of screen) expect(columns(line)).toBeLessThanOrEqual(width);
      }),
      { numRuns: 300 },
    );
  });

  it('under NO_COLOR carry reverse video and nothing else', () => {
    const screen = frame(listState(), STYLES[0]).join('\n');
    const escapes = screen.match(/\u001B\[[0-9;]*m/g) ?? [];
    expect(new Set(escapes)).toEqual(new Set(['\u001B[7m', '\u001B[27m']));
  });

  it('never carry an escape sequence from an article title to the terminal', () => {
    const hostile = listItem('evil', { title: 'Evil\u001B]0;pwned\u0007\u001B[2J title\u009B31m', dek: undefined, source: 'x\u001B[31m', date: undefined }, 1);
    const state = initialState({ columns: 80, rows: 10, items: [hostile], reactions: new Map(), unread: new Set(), positions: new Map() });
    for (const line of frame(state, STYLES[0])) expect(line.replace(/\u001B\[(?:7|27)m/g, '')).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
  });
});

describe('ScreenWriter', () => {
  it('writes only the lines that changed', () => {
    const written: string[] = [];
    const screen = new ScreenWriter((text) => written.push(text));
    screen.draw(['a', 'b', 'c']);
    expect(written[0]).toContain('\u001B[2J');
    screen.draw(['a', 'B', 'c']);
    expect(written[1]).toBe('\u001B[?2026h\u001B[2;1HB\u001B[0m\u001B[K\u001B[?2026l');
    screen.draw(['a', 'B', 'c']);
    expect(written).toHaveLength(2);
    screen.invalidate();
    screen.draw(['a', 'B', 'c']);
    expect(written[2]).toContain('\u001B[2J');
  });
});

describe('findInLines', () => {
  it('folds case, accents and curly apostrophes, and gives offsets in the line as shown', () => {
    const lines = ['Caf\u00E9 society', 'What\u2019s next for the CAFE', 'nothing'];
    expect(findInLines(lines, 'cafe')).toEqual([
      { line: 0, start: 0, end: 4 },
      { line: 1, start: 20, end: 24 },
    ]);
    expect(findInLines(lines, "what's")).toEqual([{ line: 0 + 1, start: 0, end: 6 }]);
    const decomposed = ['Cafe\u0301 au lait'];
    const [match] = findInLines(decomposed, 'cafe au');
    expect(decomposed[0]?.slice(match?.start, match?.end)).toBe('Cafe\u0301 au');
  });
});

describe('the session, over a terminal that is only a test double', () => {
  /** A terminal that records what is written and when it is given back. */
  function fakeTerminal() {
    const events: string[] = [];
    let handlers: Parameters<TerminalSession['start']>[0] | undefined;
    const terminal: TerminalSession = {
      size: () => ({ columns: 80, rows: 24 }),
      write: (text) => void events.push(`write ${text}`),
      start: (given, restore) => {
        handlers = given;
        events.push(`start ${JSON.stringify(restore)}`);
      },
      stop: () => void events.push('stop'),
      suspend: () => {
        events.push('suspend');
        return Promise.resolve();
      },
    };
    return { terminal, events, type: (text: string) => handlers?.input(text), signal: (name: 'SIGTERM' | 'SIGHUP') => handlers?.signal(name), fail: (error: unknown) => handlers?.error(error) };
  }
  const homes = tempHomes('news-browse-unit-');
  const until = async (done: () => boolean): Promise<void> => {
    for (let attempt = 0; attempt < 200 && !done(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('gives the terminal back before an unexpected error is reported, and reports it once', async () => {
    const fake = fakeTerminal();
    const { io, ctx, run } = testContext({ home: homes(), io: { openTerminal: () => fake.terminal, stdinIsTTY: true, stdoutIsTTY: true, columns: 80, rows: 24 } });
    const load = ctx.library.load.bind(ctx.library);
    let broken = false;
    ctx.library.load = (entry) => {
      if (broken) throw new TypeError('the renderer broke');
      return load(entry);
    };
    const running = run();
    await until(() => fake.events.length > 0);
    broken = true;
    fake.type('\r');
    const code = await running;
    expect(code).toBe(1);
    expect(fake.events.at(-1)).toBe('stop');
    expect(fake.events[0]).toContain('\\u001b[?1049l'); // the restore, given at the start
    expect(io.stderr).toBe('news: unexpected error: the renderer broke\nnews: set NEWS_DEBUG=1 to see where it happened, and please report it\n');
  });

  it('on a dumb terminal, news alone lists and news browse refuses, neither taking the terminal', async () => {
    let opened = 0;
    const io = { openTerminal: () => (opened++, fakeTerminal().terminal), stdinIsTTY: true, stdoutIsTTY: true, columns: 80, rows: 24, env: { TERM: 'dumb' } };
    const bare = testContext({ home: homes(), io });
    expect(await bare.run()).toBe(0);
    expect(bare.io.stdout).toMatch(/^witkoff-leak {2}Trump defends Witkoff/);
    expect(bare.io.stderr).toBe('');
    const asked = testContext({ home: homes(), io });
    expect(await asked.run('browse')).toBe(2);
    expect(asked.io.stdout).toBe('');
    expect(asked.io.stderr).toBe("news: news browse cannot draw on a dumb terminal (TERM=dumb). Use 'news list' to see the articles and 'news read <article>' to read one\n");
    expect(opened).toBe(0);
    // Any other TERM, or none, browses as before.
    for (const env of [{ TERM: 'xterm-256color' }, {}]) {
      const fake = fakeTerminal();
      const { run } = testContext({ home: homes(), io: { ...io, env, openTerminal: () => fake.terminal } });
      const running = run();
      await until(() => fake.events.length > 0);
      fake.type('q');
      expect(await running).toBe(0);
      expect(fake.events.some((event) => event.startsWith('write '))).toBe(true);
    }
  });

  it('ends on an error no one caught, giving the terminal back before main reports it', async () => {
    const fake = fakeTerminal();
    const { io, run } = testContext({ home: homes(), io: { openTerminal: () => fake.terminal, stdinIsTTY: true, stdoutIsTTY: true } });
    const running = run('browse');
    await until(() => fake.events.length > 0);
    fake.fail(new RangeError('a stray callback'));
    expect(await running).toBe(1);
    expect(fake.events.at(-1)).toBe('stop');
    expect(io.stderr).toContain('news: unexpected error: a stray callback\n');
  });

  it('shows a store\'s warning on the status line while browsing, and says it again after', async () => {
    const fake = fakeTerminal();
    const home = homes();
    writeFileSync(join(home, 'state.json'), 'not json');
    const { io, run } = testContext({ home, io: { openTerminal: () => fake.terminal, stdinIsTTY: true, stdoutIsTTY: true } });
    const running = run('browse');
    await until(() => fake.events.length > 0);
    fake.type('\r');
    await until(() => fake.events.some((event) => event.includes('is not a state file news understands')));
    expect(io.stderr).toBe('');
    fake.type('qq');
    expect(await running).toBe(0);
    expect(io.stderr).toMatch(/^news: warning: .*state\.json is not a state file news understands, so it was left as it is; delete it to start afresh\n$/);
    expect(readFileSync(join(home, 'state.json'), 'utf8')).toBe('not json');
  });

  it('shows the reaction the file holds when one cannot be saved, and does not remember an article it could not open', async () => {
    const fake = fakeTerminal();
    const home = homes();
    writeFileSync(join(home, 'reactions.json'), '{ broken');
    const { ctx } = testContext({ home, io: { openTerminal: () => fake.terminal, stdinIsTTY: true, stdoutIsTTY: true } });
    const { browse } = await import('../../src/browse/index.js');
    const running = browse(ctx);
    await until(() => fake.events.length > 0);
    fake.type('\r');
    await until(() => ctx.state.lastRead() === 'witkoff-leak');
    fake.type('r5');
    await until(() => fake.events.some((event) => event.includes('Not saved:')));
    const last = fake.events.filter((event) => event.startsWith('write')).join('');
    expect(last).toContain('Not saved:');
    expect(last.slice(last.lastIndexOf('Not saved:'))).not.toContain('Your reaction: \u{1F62E}');
    expect(readFileSync(join(home, 'reactions.json'), 'utf8')).toBe('{ broken');
    fake.type('qq');
    expect(await running).toBe(0);
  });

  it('draws the first frame from the first rows, then makes the rest between keys', async () => {
    const fake = fakeTerminal();
    const home = homes();
    const { ctx } = testContext({ home, io: { openTerminal: () => fake.terminal, stdinIsTTY: true, stdoutIsTTY: true } });
    const text = (n: number): string => `---\ntitle: Story ${n}\nfeed: gazette\ndate: ${new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString()}\n---\n\nText ${n}.\n`;
    await ctx.library.fetched?.store(Array.from({ length: 2500 }, (_, n) => ({ slug: `story-${n}`, text: text(n), summary: summarize(parseArticle(text(n), `story-${n}`)) })));
    let made = 0;
    const newestFirst = ctx.library.newestFirst.bind(ctx.library);
    ctx.library.newestFirst = () => {
      const ordered = newestFirst();
      const rows = ordered.rows;
      return {
        ...ordered,
        rows: (function* counted() {
          for (const row of rows) {
            made++;
            yield row;
          }
        })(),
      };
    };
    let madeAtFirstFrame = -1;
    const write = fake.terminal.write;
    fake.terminal.write = (chunk) => {
      if (madeAtFirstFrame < 0 && chunk.includes('Story 2499')) madeAtFirstFrame = made;
      write(chunk);
    };
    const { browse } = await import('../../src/browse/index.js');
    const running = browse(ctx);
    await until(() => made === 2501);
    expect(madeAtFirstFrame).toBeGreaterThan(0);
    expect(madeAtFirstFrame).toBeLessThan(100);
    expect(made).toBe(2501); // with the bundled article
    fake.type('/story 7');
    await until(() => fake.events.some((event) => event.includes('of 2501 match')));
    fake.type('\u001bq');
    expect(await running).toBe(0);
    expect(fake.events.join('')).toMatch(/news · \d+ of 2501 match/);
  });

  it('ends with 143 on SIGTERM and 129 on SIGHUP, keeping the position', async () => {
    for (const [signal, expected] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      const fake = fakeTerminal();
      const home = homes();
      const { ctx } = testContext({ home, io: { openTerminal: () => fake.terminal, stdinIsTTY: true, stdoutIsTTY: true } });
      const { browse } = await import('../../src/browse/index.js');
      const running = browse(ctx);
      await until(() => fake.events.length > 0);
      fake.type('\r');
      // Opening an article remembers it as the one read last.
      await until(() => ctx.state.lastRead() === 'witkoff-leak');
      fake.type('   ');
      fake.signal(signal);
      expect(await running).toBe(expected);
      expect(fake.events.at(-1)).toBe('stop');
      expect(ctx.state.positions()['witkoff-leak']?.block).toBeGreaterThan(0);
    }
  });
});

describe('opening', () => {
  it('says so in the list while an article is being set, and shows why one could not be', () => {
    const { state } = press(listState(), named('enter'));
    expect(stripStyling(frame(state, STYLES[0]).at(-1) ?? '')).toBe('Opening\u2026');
    const failed = update(state, { type: 'not-opened', text: '"harbour-news" is no longer in the library' }).state;
    expect(frame(failed, STYLES[0]).at(-1)).toBe('"harbour-news" is no longer in the library');
  });
});
