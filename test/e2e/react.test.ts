/*
 * End-to-end tests of `news react` and `news reactions`: real processes (bin/news.cjs over the
 * dist/ bundle, so run `npm run build` first), each test with its own NEWS_HOME.
 *
 * Concurrency: 40 processes at once, each reacting to a different one of 40 user articles, then
 * 30 processes at once reacting to the same article with 30 different emoji.
 *
 * Crash safety: 30 rounds of 3 processes each (90 processes), every one sent SIGKILL after a
 * random delay: 0–60 ms after start in even rounds, and 0–60 ms after 30–200% of a measured
 * normal run in odd rounds (so that kills also land while the lock is held and the file is being
 * written, not only during start-up). On a 2-core machine, six runs killed 68–81 of the 90 (the
 * rest finished first and are checked to have landed on disk), left a lock behind in 0–9 rounds
 * and a temp file in 0–6; the exact numbers vary from run to run and are printed. Then one writer is stopped deterministically just before its rename (a preload
 * pauses renameSync) and killed there, leaving a fresh lock and a temp file behind, and a normal
 * `news react` has to get through both.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PALETTE, describeReaction } from '../../src/reactions/palette.js';
import { parseStore, type Reactions } from '../../src/reactions/store.js';
import { ANY_ESCAPE, expectOneErrorLine, requireBuild, runNews, runNewsAsync, startNews, tempHomes, type RunResult } from '../helpers.js';

const TITLE = 'Trump defends Witkoff after leak appears to show envoy coaching Russia';
const newHome = tempHomes('news-react-e2e-');
requireBuild();

const reactionsPath = (home: string): string => join(home, 'reactions.json');
const readReactions = (home: string): Reactions => parseStore(readFileSync(reactionsPath(home), 'utf8'), reactionsPath(home));
/** The lock and temp files a writer may leave: none must remain once every process is done. */
const litter = (home: string): string[] => readdirSync(home).filter((name) => /^reactions\.json\.(\d+|lock)$/.test(name));

function writeArticle(home: string, slug: string, title: string): void {
  mkdirSync(join(home, 'articles'), { recursive: true });
  writeFileSync(join(home, 'articles', `${slug}.md`), `---\ntitle: ${title}\n---\n\nThe lede of ${title}.\n\n## A section\n\nA paragraph.\n`);
}

function ok(result: RunResult): RunResult {
  expect(result.stderr, `stderr of a run expected to succeed`).toBe('');
  expect(result.status).toBe(0);
  return result;
}

/** Thirty distinct emoji, one code point each. */
const EMOJI = Array.from('😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩🤔🤨😐😑😶🙄😏😣😥');

describe('news react: the reader’s flow', () => {
  it('records, changes, keeps, lists, shows and removes a reaction', () => {
    const home = newHome();
    writeArticle(home, 'second-story', 'The Second Story');
    writeArticle(home, 'third-story', 'The Third Story');
    ok(runNews(['read', 'witkoff-leak'], { home }));

    const first = ok(runNews(['react', '😮'], { home }));
    expect(first.stdout).toBe(`Reacted 😮 wow to “${TITLE}”.\n`);
    expect(readReactions(home)['witkoff-leak']?.emoji).toBe('😮');

    const changed = ok(runNews(['react', 'love'], { home }));
    expect(changed.stdout).toContain('from 😮 wow to ❤️ love');
    expect(changed.stdout).toContain(TITLE);
    expect(readReactions(home)['witkoff-leak']?.emoji).toBe('❤️');

    const bytes = readFileSync(reactionsPath(home));
    expect(ok(runNews(['react', 'love'], { home })).stdout).toMatch(/already reacted ❤️ love .*nothing changed/);
    // ❤ without its selector is the same reaction as ❤️.
    expect(ok(runNews(['react', '❤'], { home })).stdout).toMatch(/nothing changed/);
    expect(readFileSync(reactionsPath(home))).toEqual(bytes);

    // Two more, newer, reactions so that the order and the chart can be checked.
    expect(ok(runNews(['react', 'sad', 'second-story'], { home })).stdout).toBe('Reacted 😢 sad to “The Second Story”.\n');
    expect(ok(runNews(['react', '😢', '--article', 'third-story'], { home })).stdout).toBe('Reacted 😢 sad to “The Third Story”.\n');

    const listing = ok(runNews(['reactions'], { home })).stdout.split('\n');
    expect(listing[0]).toMatch(/^😢 sad\s+The Third Story\s+\d{4}-\d{2}-\d{2}$/);
    expect(listing[1]).toMatch(/^😢 sad\s+The Second Story\s+\d{4}-\d{2}-\d{2}$/);
    expect(listing[2]).toMatch(/^❤️ love\s+Trump defends Witkoff/);
    expect(listing).toContain('Your emoji');
    const bar = (emoji: string): number => (listing.find((line) => line.startsWith(emoji) && line.includes('█'))?.match(/█+/)?.[0] ?? '').length;
    expect(bar('😢')).toBeGreaterThan(bar('❤️'));
    expect(bar('❤️')).toBeGreaterThan(0);
    expect(listing.find((line) => line.startsWith('😢') && line.includes('█'))).toMatch(/ 2$/);

    const json = JSON.parse(ok(runNews(['reactions', '--json'], { home })).stdout) as {
      reactions: { slug: string; title: string | null; emoji: string; name: string | null; at: string }[];
      counts: { emoji: string; name: string | null; count: number }[];
    };
    expect(json.reactions.map((reaction) => reaction.slug)).toEqual(['third-story', 'second-story', 'witkoff-leak']);
    expect(json.reactions[2]).toMatchObject({ slug: 'witkoff-leak', title: TITLE, emoji: '❤️', name: 'love' });
    expect(Number.isNaN(Date.parse(json.reactions[2]?.at ?? ''))).toBe(false);
    expect(json.counts).toEqual([
      { emoji: '😢', name: 'sad', count: 2 },
      { emoji: '❤️', name: 'love', count: 1 },
    ]);

    const withReaction = ok(runNews(['read', 'witkoff-leak'], { home })).stdout.split('\n');
    expect(withReaction).toContain('Your reaction: ❤️ love');
    // The commands to type next are never broken across lines (80 columns in a pipe).
    expect(withReaction.slice(-3)).toEqual(['Change it with: news react <emoji> witkoff-leak', 'Take it back: news react --remove witkoff-leak', '']);
    const list = ok(runNews(['list'], { home })).stdout.split('\n');
    expect(list.find((line) => line.startsWith('witkoff-leak'))).toMatch(/❤️$/);
    expect(list.find((line) => line.startsWith('second-story'))).toMatch(/😢$/);
    const listJson = JSON.parse(ok(runNews(['list', '--json'], { home })).stdout) as { slug: string; reaction: { emoji: string } | null }[];
    expect(listJson.find((row) => row.slug === 'witkoff-leak')?.reaction?.emoji).toBe('❤️');

    // The last article read is still witkoff-leak: --remove takes that reaction back.
    expect(ok(runNews(['react', '--remove'], { home })).stdout).toBe(`Removed your ❤️ love from “${TITLE}”.\n`);
    expect(readReactions(home)['witkoff-leak']).toBeUndefined();
    expect(Object.keys(readReactions(home)).sort()).toEqual(['second-story', 'third-story']);
    expect(ok(runNews(['react', '--remove'], { home })).stdout).toMatch(/had not reacted .*nothing to remove/);
    expect(ok(runNews(['read', 'witkoff-leak'], { home })).stdout).not.toContain('Your reaction');
    expect(litter(home)).toEqual([]);
  });

  it('reads a :shortcode: with the real emoji table', () => {
    const home = newHome();
    expect(ok(runNews(['react', ':tada:', '--article', 'witkoff-leak'], { home })).stdout).toBe(`Reacted 🎉 to “${TITLE}”.\n`);
    expect(readReactions(home)['witkoff-leak']?.emoji).toBe('🎉');
    const unknown = runNews(['react', ':no_such_emoji_here:', 'witkoff-leak'], { home });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(':no_such_emoji_here:');
  });

  it('reacts to the only article in the library when none has been read', () => {
    const home = newHome();
    expect(ok(runNews(['react', '👍🏽'], { home })).stdout).toBe(`Reacted 👍🏽 to “${TITLE}”.\n`);
    expect(readReactions(home)['witkoff-leak']?.emoji).toBe('👍🏽');
  });
});

describe('news react: bad input changes nothing', () => {
  const BAD: [string, string][] = [
    ['a word', 'hello'],
    ['nothing', ''],
    ['two emoji', '😮😮'],
    ['a clear-screen escape sequence', '\x1b[2J'],
    ['an emoji and a right-to-left override', '😮\u202e'],
    ['digits', '42'],
  ];

  it.each(BAD)('%s: exit 2, the palette named, no reactions.json', (_what, input) => {
    const home = newHome();
    ok(runNews(['read', 'witkoff-leak'], { home }));
    const result = runNews(['react', input], { home });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^news: .* is not a reaction/);
    for (const { name, emoji } of PALETTE) expect(result.stderr).toContain(`${name} ${emoji}`);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(ANY_ESCAPE);
    expect(result.stderr).not.toContain('\u202e');
    expect(existsSync(reactionsPath(home))).toBe(false);
  });

  it('leaves an existing reactions.json byte for byte as it was', () => {
    const home = newHome();
    ok(runNews(['read', 'witkoff-leak'], { home }));
    ok(runNews(['react', 'wow'], { home }));
    const before = readFileSync(reactionsPath(home));
    for (const [, input] of BAD) {
      expect(runNews(['react', input], { home }).status).toBe(2);
      expect(runNews(['react', input, 'witkoff-leak'], { home }).status).toBe(2);
    }
    expect(readFileSync(reactionsPath(home))).toEqual(before);
    expect(litter(home)).toEqual([]);
  });

  it('an unknown article: exit 1, suggestions, nothing written', () => {
    const home = newHome();
    const result = runNews(['react', '😮', 'nope'], { home });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^news: no article named "nope"/);
    expect(existsSync(reactionsPath(home))).toBe(false);
  });

  it.each([['../x'], ['Witkoff-Leak'], ['a/b']])('an invalid article name %j: exit 2, nothing written', (name) => {
    const home = newHome();
    for (const args of [['react', '😮', name], ['react', '😮', '--article', name], ['react', '--remove', name]]) {
      const result = runNews(args, { home });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^news: .*not an article name/);
    }
    expect(readdirSync(home).filter((file) => file.startsWith('reactions'))).toEqual([]);
  });

  it('no reaction given: exit 2', () => {
    const home = newHome();
    const result = runNews(['react'], { home });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/which reaction/);
    expect(existsSync(reactionsPath(home))).toBe(false);
  });

  it('two articles and none read: exit 2, saying how to name one', () => {
    const home = newHome();
    writeArticle(home, 'my-story', 'My Story');
    const result = runNews(['react', '😮'], { home });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^news: which article\?/);
    expect(result.stderr).toContain("news react 😮 witkoff-leak'");
    expect(result.stderr).toContain('news list');
    expect(existsSync(reactionsPath(home))).toBe(false);
    // Naming it works.
    expect(ok(runNews(['react', '😮', 'my-story'], { home })).stdout).toBe('Reacted 😮 wow to “My Story”.\n');
  });
});

describe('news react: many processes at once', () => {
  it('40 processes, 40 articles: every reaction kept, nothing left behind', { timeout: 120_000 }, async () => {
    const home = newHome();
    const slugs = Array.from({ length: 40 }, (_, i) => `story-${String(i + 1).padStart(2, '0')}`);
    slugs.forEach((slug, i) => writeArticle(home, slug, `Story ${i + 1}`));
    const asked = slugs.map((slug, i) => ({ slug, emoji: EMOJI[i % EMOJI.length] as string }));
    const results = await Promise.all(asked.map(({ slug, emoji }) => runNewsAsync(['react', emoji, slug], { home })));

    results.forEach((result, i) => {
      expect(result.stderr, `process ${i}`).toBe('');
      expect(result.status, `process ${i}`).toBe(0);
      expect(result.stdout).toBe(`Reacted ${describeReaction(asked[i]?.emoji as string)} to “Story ${i + 1}”.\n`);
    });
    const reactions = readReactions(home);
    expect(Object.keys(reactions).sort()).toEqual(slugs);
    for (const { slug, emoji } of asked) expect(reactions[slug]?.emoji).toBe(emoji);
    expect(litter(home)).toEqual([]);
  });

  it('30 processes, one article, 30 emoji: one wins, and each change saw the one before', { timeout: 120_000 }, async () => {
    const home = newHome();
    ok(runNews(['react', 'like', 'witkoff-leak'], { home }));
    writeArticle(home, 'bystander', 'Bystander');
    ok(runNews(['react', 'sad', 'bystander'], { home }));

    const results = await Promise.all(EMOJI.map((emoji) => runNewsAsync(['react', emoji, 'witkoff-leak'], { home })));
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
    const reactions = readReactions(home);
    expect(Object.keys(reactions).sort()).toEqual(['bystander', 'witkoff-leak']);
    expect(reactions.bystander?.emoji).toBe('😢');
    const final = reactions['witkoff-leak']?.emoji as string;
    expect(EMOJI).toContain(final);

    // Serialised read-modify-writes form one chain: 👍 → a → b → … → final, each emoji once.
    const next = new Map<string, string>();
    results.forEach((result, i) => {
      const match = /from (\S+)(?: \w+)? to (\S+)(?: \w+)?\.\n$/u.exec(result.stdout);
      expect(match, result.stdout).not.toBeNull();
      expect(match?.[2]).toBe(EMOJI[i]);
      const from = match?.[1] as string;
      expect(next.has(from), `two processes changed from ${from}`).toBe(false);
      next.set(from, match?.[2] as string);
    });
    const chain = ['👍'];
    while (next.has(chain.at(-1) as string)) chain.push(next.get(chain.at(-1) as string) as string);
    expect(chain).toHaveLength(EMOJI.length + 1);
    expect(chain.at(-1)).toBe(final);
    expect(litter(home)).toEqual([]);
  });
});

/** A small seeded generator, so that a failing round's choices can be told apart from timing. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('news react: crash safety', () => {
  it('SIGKILLed writers never leave a half-written file, and the next run gets through', { timeout: 120_000 }, async () => {
    const ROUNDS = 30;
    const PER_ROUND = 3;
    const seed = Date.now() % 100_000;
    const rand = random(seed);
    const home = newHome();
    const slugs = Array.from({ length: 6 }, (_, i) => `crash-${i}`);
    slugs.forEach((slug) => writeArticle(home, slug, `Crash ${slug}`));
    const pool = EMOJI.slice(0, 8);

    // How long a normal run takes here, to aim some kills at the write rather than the start-up.
    const started = Date.now();
    ok(runNews(['react', 'like', 'crash-0'], { home }));
    const baseline = Date.now() - started;

    let processes = 0;
    let kills = 0;
    let locksLeft = 0;
    let tempsLeft = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const context = `round ${round} (seed ${seed})`;
      const before = existsSync(reactionsPath(home)) ? readReactions(home) : {};
      const chosen = [...slugs].sort(() => rand() - 0.5).slice(0, PER_ROUND);
      const runs = chosen.map((slug) => {
        const emoji = pool[Math.floor(rand() * pool.length)] as string;
        const delay = rand() * 60 + (round % 2 === 1 ? (0.3 + 1.7 * rand()) * baseline : 0);
        const { child, done } = startNews(['react', emoji, slug], { home });
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        return { slug, emoji, done: done.finally(() => clearTimeout(timer)) };
      });
      const results = await Promise.all(runs.map((run) => run.done));
      processes += runs.length;

      // Whatever is on disk is a committed state: it parses, and holds only what was asked for.
      const after = existsSync(reactionsPath(home)) ? readReactions(home) : {};
      for (const slug of Object.keys(before)) expect(after[slug], `${context}: ${slug} lost`).toBeDefined();
      for (const [slug, reaction] of Object.entries(after)) {
        const allowed = [before[slug]?.emoji, ...runs.filter((run) => run.slug === slug).map((run) => run.emoji)];
        expect(allowed, `${context}: ${slug} has ${reaction.emoji}`).toContain(reaction.emoji);
      }
      results.forEach((result, i) => {
        const run = runs[i] as (typeof runs)[number];
        if (result.signal === 'SIGKILL') {
          kills++;
          return;
        }
        // A run that was not killed finished, and what it reported is on disk.
        expect(result.stderr, context).toBe('');
        expect(result.status, context).toBe(0);
        expect(after[run.slug]?.emoji, context).toBe(run.emoji);
      });

      const left = litter(home);
      if (left.includes('reactions.json.lock')) locksLeft++;
      if (left.some((name) => /\d$/.test(name))) tempsLeft++;
      // Every process is dead, so a lock left now is abandoned: age it rather than wait 2 s per
      // round. The last round's lock, if any, is left for the next run to find stale by itself.
      if (left.includes('reactions.json.lock') && round < ROUNDS - 1) {
        const old = new Date(Date.now() - 10_000);
        utimesSync(join(home, 'reactions.json.lock'), old, old);
      }
    }
    console.log(`crash safety: ${processes} processes, ${kills} killed, lock left after ${locksLeft} rounds, temp file after ${tempsLeft} (seed ${seed})`);
    expect(processes).toBe(ROUNDS * PER_ROUND);
    expect(kills).toBeGreaterThan(0);

    const final = runNews(['react', 'sad', 'crash-5'], { home });
    expect(final.stderr).toBe('');
    expect(final.status).toBe(0);
    expect(readReactions(home)['crash-5']?.emoji).toBe('😢');
    expect(litter(home)).toEqual([]);
  });

  it('a writer killed just before its rename leaves the old file whole; the next run clears its lock and temp file', { timeout: 120_000 }, async () => {
    const home = newHome();
    ok(runNews(['react', 'wow', 'witkoff-leak'], { home }));
    writeArticle(home, 'other', 'Other');
    const before = readFileSync(reactionsPath(home), 'utf8');

    // A preload that stops the writer between writing its temp file and renaming it into place.
    const signal = join(home, 'paused');
    const preload = join(home, 'pause-before-rename.cjs');
    writeFileSync(
      preload,
      `const fs = require('fs');
const rename = fs.renameSync;
fs.renameSync = function (from, to) {
  if (/reactions\\.json\\.\\d+$/.test(String(from))) {
    fs.writeFileSync(${JSON.stringify(signal)}, String(from));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
  }
  return rename.apply(this, arguments);
};
`,
    );
    const { child, done } = startNews(['react', 'love', 'other'], { home, env: { NODE_OPTIONS: `--require ${preload}` } });
    const deadline = Date.now() + 30_000;
    while (!existsSync(signal) && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(existsSync(signal), 'the writer never reached its rename').toBe(true);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');

    // Killed mid-write: the lock and the complete temp file are left, and reactions.json is untouched.
    const temp = readFileSync(signal, 'utf8');
    expect(litter(home).sort()).toEqual(['reactions.json.lock', temp.slice(temp.lastIndexOf('/') + 1)].sort());
    expect(readFileSync(reactionsPath(home), 'utf8')).toBe(before);
    expect(Object.keys(parseStore(readFileSync(temp, 'utf8'), temp))).toEqual(['other', 'witkoff-leak']);

    // The lock is fresh: the next run must wait for it to go stale (about 2 s), then get through.
    const next = runNews(['react', 'sad', 'other'], { home });
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
    expect(next.stdout).toBe('Reacted 😢 sad to “Other”.\n');
    expect(readReactions(home)).toMatchObject({ other: { emoji: '😢' }, 'witkoff-leak': { emoji: '😮' } });
    expect(litter(home)).toEqual([]);
  });

  it('gets through a stale lock directory and removes it', () => {
    const home = newHome();
    const lock = join(home, 'reactions.json.lock');
    mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    expect(ok(runNews(['react', '😮', 'witkoff-leak'], { home })).stdout).toBe(`Reacted 😮 wow to “${TITLE}”.\n`);
    expect(existsSync(lock)).toBe(false);
    expect(readReactions(home)['witkoff-leak']?.emoji).toBe('😮');
  });

  it('two writers taking over the same stale lock: whoever says it reacted, did', { timeout: 60_000 }, async () => {
    const home = newHome();
    writeArticle(home, 'other', 'Other');
    ok(runNews(['react', 'like', 'witkoff-leak'], { home }));
    const lock = join(home, 'reactions.json.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old); // left by a holder that was killed
    // B is descheduled between finding the lock stale and removing it; A, meanwhile, takes the
    // stale lock itself and is slow to write. Whatever the interleaving, a writer that reports
    // success must find its reaction on disk.
    const pauseAfterStale = join(home, 'pause-after-stale.cjs');
    writeFileSync(
      pauseAfterStale,
      `const fs = require('fs'); const lstat = fs.lstatSync; let paused = false;
fs.lstatSync = function (path) {
  const stat = lstat.apply(this, arguments);
  if (!paused && String(path).endsWith('reactions.json.lock') && stat && Date.now() - stat.mtimeMs > 5000) {
    paused = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
  return stat;
};
`,
    );
    const slowWrite = join(home, 'slow-write.cjs');
    writeFileSync(
      slowWrite,
      `const fs = require('fs'); const open = fs.openSync;
fs.openSync = function (path) {
  if (/reactions\\.json\\.\\d+$/.test(String(path))) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  return open.apply(this, arguments);
};
`,
    );
    const b = startNews(['react', 'sad', 'other'], { home, env: { NODE_OPTIONS: `--require ${pauseAfterStale}` } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const a = startNews(['react', 'wow', 'witkoff-leak'], { home, env: { NODE_OPTIONS: `--require ${slowWrite}` } });
    const [resultB, resultA] = await Promise.all([b.done, a.done]);
    const saved = readReactions(home);
    for (const [result, slug, emoji] of [[resultA, 'witkoff-leak', '😮'], [resultB, 'other', '😢']] as const) {
      if (result.status === 0) expect(saved[slug]?.emoji, `${slug}: ${result.stdout}`).toBe(emoji);
      else expectOneErrorLine(result, 1);
    }
    expect(existsSync(lock)).toBe(false);
  });
});

describe.each([
  ['corrupt', '{"version": 1, "reactions": {"witkoff-leak": '],
  ['truncated', '{\n  "version": 1,\n  "reactions": {\n    "witkoff-leak": {\n      "emoji": "😮",\n      "at": "2026-'],
  ['empty', ''],
  ['future-version', '{\n  "version": 2,\n  "reactions": {},\n  "moods": {}\n}\n'],
])('a %s reactions.json', (_what, content) => {
  it('is refused by react, tolerated by read and list, and moved aside by --repair', () => {
    const home = newHome();
    writeFileSync(reactionsPath(home), content);
    const file = reactionsPath(home);

    const refused = runNews(['react', '😮', 'witkoff-leak'], { home });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(file);
    expect(refused.stderr).toContain('news react --repair');
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(runNews(['react', '--remove', 'witkoff-leak'], { home }).status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(litter(home)).toEqual([]);

    for (const args of [['read', 'witkoff-leak'], ['list'], ['list', '--json']]) {
      const result = runNews(args, { home });
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
      const warnings = result.stderr.trimEnd().split('\n');
      expect(warnings, args.join(' ')).toHaveLength(1);
      expect(warnings[0]).toMatch(/^news: warning: /);
      expect(warnings[0]).toContain(file);
    }
    expect(runNews(['read', 'witkoff-leak'], { home }).stdout).not.toContain('Your reaction');
    const shown = runNews(['reactions'], { home });
    expect(shown.status).toBe(1);
    expect(shown.stderr).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(content);

    const repaired = ok(runNews(['react', '--repair'], { home }));
    const aside = /^Moved the unreadable file to (\S+)\n/.exec(repaired.stdout)?.[1];
    expect(aside).toMatch(/\/reactions\.json\.broken-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
    expect(readFileSync(aside as string, 'utf8')).toBe(content);
    expect(readReactions(home)).toEqual({});

    expect(ok(runNews(['react', '😮', 'witkoff-leak'], { home })).stdout).toBe(`Reacted 😮 wow to “${TITLE}”.\n`);
    expect(readReactions(home)['witkoff-leak']?.emoji).toBe('😮');
    expect(ok(runNews(['react', '--repair'], { home })).stdout).toMatch(/is fine; nothing to repair/);
    expect(existsSync(aside as string)).toBe(true);
  });
});
