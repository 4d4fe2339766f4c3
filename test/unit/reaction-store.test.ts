import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewsError } from '../../src/errors.js';
import { ReactionStore, parseStore, serializeStore, type Reactions } from '../../src/reactions/store.js';
import { tempDir, rejectedNewsError, thrownNewsError, whileAnotherProcessRuns } from '../helpers.js';

const T1 = new Date('2026-01-02T03:04:05.678Z');
const T2 = new Date('2026-01-03T00:00:00.000Z');
const EMPTY_FILE = '{\n  "version": 1,\n  "reactions": {}\n}\n';
const isRoot = process.getuid?.() === 0;

let dir: { path: string; cleanup: () => void };
let dataDir: string;
let warnings: string[];
let store: ReactionStore;

beforeEach(() => {
  dir = tempDir('news-reactions-');
  dataDir = join(dir.path, 'data');
  warnings = [];
  store = new ReactionStore(dataDir, (message) => warnings.push(message));
});
afterEach(() => {
  if (existsSync(dataDir)) chmodSync(dataDir, 0o755);
  dir.cleanup();
});

const file = (): string => join(dataDir, 'reactions.json');
const fileText = (): string => readFileSync(file(), 'utf8');
const litter = (folder = dataDir): string[] => readdirSync(folder).filter((name) => /^reactions\.json\.(\d+|lock)$/.test(name));

describe('ReactionStore changes', () => {
  it('reads an absent file as no reactions, without creating it', () => {
    expect(store.read()).toEqual({});
    expect(existsSync(file())).toBe(false);
  });

  it('adds, keeps, changes and removes a reaction, reporting each change', async () => {
    expect(await store.set('witkoff-leak', '😮', T1)).toEqual({ kind: 'added', reaction: { emoji: '😮', at: T1.toISOString() } });
    expect(store.read()).toEqual({ 'witkoff-leak': { emoji: '😮', at: T1.toISOString() } });

    const before = fileText();
    // The same emoji again: nothing changes, not even the time it was given.
    expect(await store.set('witkoff-leak', '😮', T2)).toEqual({ kind: 'unchanged', reaction: { emoji: '😮', at: T1.toISOString() } });
    expect(fileText()).toBe(before);

    expect(await store.set('witkoff-leak', '❤️', T2)).toEqual({
      kind: 'changed',
      reaction: { emoji: '❤️', at: T2.toISOString() },
      previous: { emoji: '😮', at: T1.toISOString() },
    });
    expect(store.read()['witkoff-leak']).toEqual({ emoji: '❤️', at: T2.toISOString() });

    expect(await store.remove('witkoff-leak')).toEqual({ kind: 'removed', previous: { emoji: '❤️', at: T2.toISOString() } });
    expect(store.read()).toEqual({});
    expect(fileText()).toBe(EMPTY_FILE);

    expect(await store.remove('witkoff-leak')).toEqual({ kind: 'absent' });
    expect(fileText()).toBe(EMPTY_FILE);
    expect(litter()).toEqual([]);
  });

  it('keeps one reaction per article, and other articles untouched', async () => {
    await store.set('b-article', '👍', T1);
    await store.set('a-article', '😢', T1);
    await store.set('b-article', '👎', T2);
    await store.remove('c-article');
    expect(store.read()).toEqual({
      'a-article': { emoji: '😢', at: T1.toISOString() },
      'b-article': { emoji: '👎', at: T2.toISOString() },
    });
  });

  it('removing from an absent file does not create it', async () => {
    expect(await store.remove('witkoff-leak')).toEqual({ kind: 'absent' });
    expect(existsSync(file())).toBe(false);
  });

  it('in-process concurrent changes are all kept (the lock serialises them)', async () => {
    const slugs = Array.from({ length: 12 }, (_, i) => `article-${i}`);
    await Promise.all(slugs.map((slug, i) => store.set(slug, i % 2 ? '👍' : '😮', T1)));
    expect(Object.keys(store.read()).sort()).toEqual([...slugs].sort());
    expect(litter()).toEqual([]);
  });

  it('gets through a stale lock left by a dead process', async () => {
    mkdirSync(join(dataDir, 'reactions.json.lock'), { recursive: true });
    const old = new Date(Date.now() - 10_000);
    utimesSync(join(dataDir, 'reactions.json.lock'), old, old);
    expect((await store.set('witkoff-leak', '😮', T1)).kind).toBe('added');
    expect(existsSync(join(dataDir, 'reactions.json.lock'))).toBe(false);
  });
});

describe('the file format', () => {
  it('is version first, slugs sorted, two-space indented, with a final newline', async () => {
    await store.set('zebra', '😮', T1);
    await store.set('alpha', '👍🏽', T2);
    await store.set('middle-1', '🇺🇦', T1);
    const text = fileText();
    expect(text).toBe(
      '{\n  "version": 1,\n  "reactions": {\n' +
        `    "alpha": {\n      "emoji": "👍🏽",\n      "at": "${T2.toISOString()}"\n    },\n` +
        `    "middle-1": {\n      "emoji": "🇺🇦",\n      "at": "${T1.toISOString()}"\n    },\n` +
        `    "zebra": {\n      "emoji": "😮",\n      "at": "${T1.toISOString()}"\n    }\n` +
        '  }\n}\n',
    );
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('gives the same bytes for the same content, whatever order it was built in', async () => {
    const other = new ReactionStore(join(dir.path, 'other'), () => undefined);
    await store.set('a', '😮', T1);
    await store.set('b', '❤️', T2);
    await store.set('c', '👍', T1);
    await other.set('c', '👍', T1);
    await other.set('b', '😢', T1);
    await other.set('a', '😮', T1);
    await other.set('b', '❤️', T2);
    expect(readFileSync(join(dir.path, 'other', 'reactions.json'), 'utf8')).toBe(fileText());
  });

  it('serialises field order and key order regardless of the objects given', () => {
    const reactions: Reactions = { b: { at: T1.toISOString(), emoji: '😮' } as never, a: { emoji: '👍', at: T2.toISOString() } };
    const text = serializeStore(reactions);
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"b"'));
    expect(text.indexOf('"emoji"')).toBeLessThan(text.indexOf('"at"'));
    expect(serializeStore(parseStore(text, 'x'))).toBe(text);
  });
});

const GOOD = serializeStore({ 'witkoff-leak': { emoji: '😮', at: T1.toISOString() } });
const BROKEN: [string, string][] = [
  ['not JSON', 'this is not json {'],
  ['truncated', GOOD.slice(0, Math.floor(GOOD.length / 2))],
  ['empty', ''],
  ['only whitespace', ' \n'],
  ['an array', '[]'],
  ['null', 'null'],
  ['without a version', '{"reactions":{}}'],
  ['with a string version', '{"version":"1","reactions":{}}'],
  ['with an older unknown version', '{"version":0,"reactions":{}}'],
  ['without reactions', '{"version":1}'],
  ['with reactions as an array', '{"version":1,"reactions":[]}'],
  ['with a reaction that is not an object', '{"version":1,"reactions":{"witkoff-leak":"😮"}}'],
  ['with a reaction without a date', '{"version":1,"reactions":{"witkoff-leak":{"emoji":"😮"}}}'],
  ['with a reaction with a bad date', '{"version":1,"reactions":{"witkoff-leak":{"emoji":"😮","at":"yesterday"}}}'],
  ['with a numeric emoji', `{"version":1,"reactions":{"witkoff-leak":{"emoji":5,"at":"${T1.toISOString()}"}}}`],
  ['with an empty emoji', `{"version":1,"reactions":{"witkoff-leak":{"emoji":"","at":"${T1.toISOString()}"}}}`],
  ['with an escape sequence for an emoji', `{"version":1,"reactions":{"witkoff-leak":{"emoji":"\\u001b[2J","at":"${T1.toISOString()}"}}}`],
  ['from a future version', '{\n  "version": 2,\n  "reactions": {}\n}\n'],
];

describe.each(BROKEN)('a reactions.json %s', (_what, content) => {
  beforeEach(() => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file(), content);
  });
  const unchanged = (): void => {
    expect(readFileSync(file(), 'utf8')).toBe(content);
    expect(litter()).toEqual([]);
    expect(readdirSync(dataDir).filter((name) => name.includes('broken'))).toEqual([]);
  };
  const checkError = (error: NewsError): void => {
    expect(error.kind).toBe('corrupt-store');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(file());
    expect(error.message).not.toContain('\n');
  };

  it('read() throws a corrupt-store error naming the file', () => {
    checkError(thrownNewsError(() => store.read()));
    unchanged();
  });

  it('set() throws and leaves the file byte for byte as it was', async () => {
    checkError(await rejectedNewsError(store.set('witkoff-leak', '👍', T2)));
    checkError(await rejectedNewsError(store.set('other-article', '👍', T2)));
    unchanged();
  });

  it('remove() throws and leaves the file byte for byte as it was', async () => {
    checkError(await rejectedNewsError(store.remove('witkoff-leak')));
    unchanged();
  });

  it('the error says how to get going again', () => {
    expect(thrownNewsError(() => store.read()).hint).toContain("'news react --repair'");
  });

  it('readForDisplay() warns once, naming the file, and reads as no reactions', () => {
    expect(store.readForDisplay()).toEqual({});
    expect(store.readForDisplay()).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file());
    expect(warnings[0]).toMatch(/^news: warning: /);
    expect(warnings[0]).not.toContain('\n');
    unchanged();
  });

  it('repair() moves it aside to a timestamped name and starts a fresh, valid file', async () => {
    const aside = await store.repair(T1);
    expect(aside).toBe(`${file()}.broken-2026-01-02T03-04-05-678Z`);
    expect(readFileSync(aside as string, 'utf8')).toBe(content);
    expect(fileText()).toBe(EMPTY_FILE);
    expect(store.read()).toEqual({});
    expect(litter()).toEqual([]);
    // And the next change works, leaving the broken copy where it was put.
    expect((await store.set('witkoff-leak', '👍', T2)).kind).toBe('added');
    expect(readFileSync(aside as string, 'utf8')).toBe(content);
  });
});

describe('repair() on a good file', () => {
  it('moves nothing and changes nothing', async () => {
    await store.set('witkoff-leak', '😮', T1);
    const before = fileText();
    expect(await store.repair(T2)).toBeUndefined();
    expect(fileText()).toBe(before);
    expect(readdirSync(dataDir).filter((name) => name.includes('broken'))).toEqual([]);
  });

  it('moves nothing when there is no file', async () => {
    expect(await store.repair(T2)).toBeUndefined();
    expect(existsSync(file())).toBe(false);
  });
});

describe('writing the file', () => {
  it('keeps its permissions', async () => {
    await store.set('witkoff-leak', '😮', T1);
    chmodSync(file(), 0o600);
    await store.set('witkoff-leak', '👍', T2);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(store.read()['witkoff-leak']?.emoji).toBe('👍');
  });

  it.runIf(isRoot)('run as root (sudo news react), leaves the file to its owner', async () => {
    await store.set('witkoff-leak', '😮', T1);
    chownSync(file(), 1000, 1000);
    await store.set('witkoff-leak', '👍', T2);
    expect(statSync(file())).toMatchObject({ uid: 1000, gid: 1000 });
  });

  it('updates the file a link at its name points to, and keeps the link', async () => {
    const elsewhere = join(dir.path, 'dotfiles');
    mkdirSync(elsewhere, { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(elsewhere, 'reactions.json'), EMPTY_FILE);
    symlinkSync(join(elsewhere, 'reactions.json'), file());
    await store.set('witkoff-leak', '😮', T1);
    expect(lstatSync(file()).isSymbolicLink()).toBe(true);
    expect(parseStore(readFileSync(join(elsewhere, 'reactions.json'), 'utf8'), 'x')['witkoff-leak']?.emoji).toBe('😮');
    expect(readdirSync(elsewhere)).toEqual(['reactions.json']);
  });
});

describe('litter and failures', () => {
  it('removes temp files left by a killed writer on the next write, and only those', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'reactions.json.12345'), '{"version":1,"reac');
    writeFileSync(join(dataDir, 'reactions.json.9'), '');
    writeFileSync(join(dataDir, 'reactions.json.broken-2025-01-01T00-00-00-000Z'), 'kept');
    writeFileSync(join(dataDir, 'reactions.json.bak'), 'kept');
    await store.set('witkoff-leak', '😮', T1);
    expect(readdirSync(dataDir).sort()).toEqual(['reactions.json', 'reactions.json.bak', 'reactions.json.broken-2025-01-01T00-00-00-000Z']);
    expect(store.read()).toEqual({ 'witkoff-leak': { emoji: '😮', at: T1.toISOString() } });
  });

  it("leaves a temp file whose writer still runs (the old holder of a lock taken over as stale may rename it yet)", async () => {
    await whileAnotherProcessRuns(async (pid) => {
      mkdirSync(dataDir, { recursive: true });
      const live = `reactions.json.${pid}000000042`;
      const dead = `reactions.json.${process.pid}000000042`; // this process writes none but the one it renames at once
      writeFileSync(join(dataDir, live), '{"version":1,"reactions":{}}\n');
      writeFileSync(join(dataDir, dead), '{"version":1,"reac');
      await store.set('witkoff-leak', '😮', T1);
      expect(readdirSync(dataDir).sort()).toEqual(['reactions.json', live]);
    });
  });

  it('a leftover temp file does not stop reading', () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file(), GOOD);
    writeFileSync(join(dataDir, 'reactions.json.777'), '{');
    expect(store.read()).toEqual({ 'witkoff-leak': { emoji: '😮', at: T1.toISOString() } });
  });

  it('an unwritable data dir gives a one-line io error and leaves no temp file', async () => {
    let checkFolder: string;
    if (isRoot) {
      // root writes through chmod 555, so make the data dir's path a regular file instead.
      writeFileSync(dataDir, 'not a folder');
      checkFolder = dir.path;
    } else {
      mkdirSync(dataDir);
      chmodSync(dataDir, 0o555);
      checkFolder = dataDir;
    }
    for (const attempt of [() => store.set('witkoff-leak', '😮', T1), () => store.remove('witkoff-leak'), () => store.repair(T1)]) {
      const error = await rejectedNewsError(attempt());
      expect(error.kind).toBe('io');
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain(dataDir);
      expect(`${error.message} ${error.hint ?? ''}`).not.toContain('\n');
    }
    expect(litter(checkFolder)).toEqual([]);
    if (isRoot) expect(readFileSync(dataDir, 'utf8')).toBe('not a folder');
  });

  it('a data dir below a regular file gives a one-line io error saying a file is in the way', async () => {
    writeFileSync(join(dir.path, 'file'), 'x');
    const below = new ReactionStore(join(dir.path, 'file', 'data'), () => undefined);
    const error = await rejectedNewsError(below.set('witkoff-leak', '😮', T1));
    expect(error.kind).toBe('io');
    // It names the file that is in the way, not a path below it.
    expect(error.message).toBe(`a file is in the way where news needs a folder: ${join(dir.path, 'file')}`);
    expect(error.message).not.toContain('\n');
    const warnings: string[] = [];
    expect(new ReactionStore(join(dir.path, 'file', 'data'), (warning) => warnings.push(warning)).readForDisplay()).toEqual({});
    expect(warnings.join('\n')).toContain(`a file is in the way where news needs a folder: ${join(dir.path, 'file')};`);
  });

  it('a reactions.json that is a folder is an io error, not silently empty', async () => {
    mkdirSync(file(), { recursive: true });
    expect(thrownNewsError(() => store.read()).kind).toBe('io');
    expect((await rejectedNewsError(store.set('witkoff-leak', '😮', T1))).kind).toBe('io');
    expect(existsSync(join(dataDir, 'reactions.json.lock'))).toBe(false);
  });
});

describe('parseStore', () => {
  it('reads what serializeStore writes', () => {
    const reactions = { a: { emoji: '👩‍👩‍👧', at: T1.toISOString() }, b: { emoji: '🇺🇦', at: T2.toISOString() } };
    expect(parseStore(serializeStore(reactions), 'x')).toEqual(reactions);
  });

  it('names the version of a file from the future', () => {
    const error = thrownNewsError(() => parseStore('{"version":2,"reactions":{}}', '/some/reactions.json'));
    expect(error.kind).toBe('corrupt-store');
    expect(error.message).toContain('/some/reactions.json');
    expect(error.message).toMatch(/version 2/);
  });
});
