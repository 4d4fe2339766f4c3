// The code cache is an optimisation only: whatever happens to its files, news runs the same.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, expectOneErrorLine, runNews, tempHomes, type RunResult } from '../helpers.js';

const newHome = tempHomes('news-e2e-cache-');
const cacheFiles = (home: string): string[] => {
  const dir = join(home, 'cache', 'code-cache');
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
};

describe('the code cache', () => {
  it('is written on the first run of a command and used after', () => {
    const home = newHome();
    const first = runNews(['sections', 'witkoff-leak'], { home });
    expect(first.status).toBe(0);
    const [file] = cacheFiles(home);
    expect(file).toMatch(/sections-.*\.bin$/);
    const second = runNews(['sections', 'witkoff-leak'], { home });
    expect(second.stdout).toBe(first.stdout);
  });

  it('is not written by a run that failed, which stops before most of what the command does', () => {
    const home = newHome();
    expect(runNews(['sections', 'no-such-article'], { home }).status).toBe(1);
    expect(cacheFiles(home)).toEqual([]);
    expect(runNews(['sections', 'witkoff-leak'], { home }).status).toBe(0);
    expect(cacheFiles(home).map((path) => path.slice(path.lastIndexOf('/') + 1))).toEqual([expect.stringMatching(/^sections-[0-9a-f]{16}-v[\d.]+-\w+\.bin$/)]);
  });

  it('is one for ls and list, which run one bundle, and replaces the caches an older news named otherwise', () => {
    const home = newHome();
    const dir = join(home, 'cache', 'code-cache');
    mkdirSync(dir, { recursive: true });
    // Named by the script's size and mtime, as news named them before; ls had a cache of its own.
    const older = ['ls-158390-1796650005571-v20.20.2-x64.bin', 'read-158390-1796650005571-v20.20.2-x64.bin'];
    for (const name of older) writeFileSync(join(dir, name), 'stale');
    const names = (): string[] => readdirSync(dir).sort();
    const listed = runNews(['ls'], { home });
    expect(listed.status).toBe(0);
    expect(names()).toEqual([expect.stringMatching(/^list-[0-9a-f]{16}-v[\d.]+-\w+\.bin$/)]);
    const written = statSync(join(dir, names()[0] ?? '')).mtimeMs;
    expect(runNews(['list'], { home }).stdout).toBe(listed.stdout);
    expect(names()).toHaveLength(1);
    expect(statSync(join(dir, names()[0] ?? '')).mtimeMs).toBe(written); // list used the cache ls wrote
  });

  it('is not written by a run that only shows help', () => {
    const home = newHome();
    expect(runNews(['sections', '--help'], { home }).status).toBe(0);
    expect(runNews(['help', 'read'], { home }).status).toBe(0);
    expect(cacheFiles(home)).toEqual([]);
  });

  it('keeps apart the caches of the quick bundle and of the whole program for one command, which print the same', () => {
    const home = newHome();
    // `-w60` is a form only commander reads: the quick bundle hands it to the whole program.
    const quick = runNews(['read', 'witkoff-leak', '--width', '60'], { home });
    const whole = runNews(['read', '-w60', 'witkoff-leak'], { home });
    expect(quick.status).toBe(0);
    expect(whole.stdout).toBe(quick.stdout);
    const names = (): string[] => cacheFiles(home).map((path) => path.slice(path.lastIndexOf('/') + 1)).sort();
    expect(names()).toEqual([expect.stringMatching(/^read-[0-9a-f]{16}-/), expect.stringMatching(/^read\.whole-[0-9a-f]{16}-/)]);
    const written = cacheFiles(home).map((path) => statSync(path).mtimeMs);
    expect(runNews(['read', '-w60', 'witkoff-leak'], { home }).stdout).toBe(quick.stdout);
    expect(runNews(['read', 'witkoff-leak', '--width', '60'], { home }).stdout).toBe(quick.stdout);
    expect(cacheFiles(home).map((path) => statSync(path).mtimeMs)).toEqual(written);
  });

  it('keeps a cache of its own for each vendor script, and replaces only that one when the script changes', () => {
    const home = newHome();
    mkdirSync(join(home, 'articles'), { recursive: true });
    // A code block is beyond the fast renderer: this article needs marked.
    writeFileSync(join(home, 'articles', 'formatted.md'), '---\ntitle: Formatted\n---\n\nSome *emphasis* and a [link](https://example.org).\n\n```\ncode\n```\n');
    const first = runNews(['read', 'formatted'], { home });
    expect(first.status).toBe(0);
    const names = (): string[] => cacheFiles(home).map((path) => path.slice(path.lastIndexOf('/') + 1)).sort();
    expect(names()).toEqual([expect.stringMatching(/^read-/), expect.stringMatching(/^vendor\.marked-[0-9a-f]{16}-/), expect.stringMatching(/^vendor\.marked-terminal-[0-9a-f]{16}-/)]);
    const written = cacheFiles(home).map((path) => statSync(path).mtimeMs);
    expect(runNews(['read', 'formatted'], { home }).stdout).toBe(first.stdout);
    expect(cacheFiles(home).map((path) => statSync(path).mtimeMs)).toEqual(written); // used, not rewritten

    // A cache left by another build of marked goes when this build's is written; marked-terminal's stays.
    const markedCache = cacheFiles(home).find((path) => /vendor\.marked-[0-9a-f]{16}-/.test(path)) ?? '';
    renameSync(markedCache, markedCache.replace(/vendor\.marked-[0-9a-f]{16}/, 'vendor.marked-0000000000000000'));
    expect(runNews(['read', 'formatted'], { home }).stdout).toBe(first.stdout);
    expect(names()).toEqual([expect.stringMatching(/^read-/), expect.stringMatching(/^vendor\.marked-(?!0{16})[0-9a-f]{16}-/), expect.stringMatching(/^vendor\.marked-terminal-[0-9a-f]{16}-/)]);
  });

  it('has no vendor scripts for an article in the Markdown web articles use: marked is not loaded for it', () => {
    const home = newHome();
    mkdirSync(join(home, 'articles'), { recursive: true });
    writeFileSync(
      join(home, 'articles', 'web.md'),
      '---\ntitle: Web\n---\n\nSome *emphasis*, **strong**, `code` and a [link](https://example.org).\n\n- one\n- two\n\n> A quote.\n\n## Part\n\n1. first\n2. second\n',
    );
    const run = runNews(['read', 'web'], { home });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('link (https://example.org)');
    // Piped, and as text even where colour is forced, it is plain.
    expect(run.stdout).not.toContain('\u001B');
    const text = runNews(['read', 'web', '--format', 'text'], { home, env: { FORCE_COLOR: '3' } });
    expect(text.stdout).toBe(run.stdout);
    const styled = runNews(['read', 'web'], { home, env: { FORCE_COLOR: '3' } });
    expect(styled.stdout).toContain('\u001B[1mstrong\u001B[22m');
    expect(cacheFiles(home).map((path) => path.slice(path.lastIndexOf('/') + 1))).toEqual([expect.stringMatching(/^read-/)]);
  });

  it('is written by a first read of a plain article after setting a formatted one unseen, which loads no marked', () => {
    const home = newHome();
    const first = runNews(['read', 'witkoff-leak'], { home });
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(runNews(['read', 'witkoff-leak'], { home: newHome(), env: { NEWS_CODE_CACHE: '0' } }).stdout);
    expect(cacheFiles(home).map((path) => path.slice(path.lastIndexOf('/') + 1))).toEqual([expect.stringMatching(/^read-/)]);
  });

  it('runs a warm-up only when it writes the cache, and says so under NEWS_DEBUG', () => {
    const debug = { NEWS_DEBUG: '1' };
    const notes = (run: RunResult): string[] => run.stderr.split('\n').filter((line) => line !== '');
    const home = newHome();
    const first = runNews(['read', 'witkoff-leak'], { home, env: debug });
    expect(first.status).toBe(0);
    expect(notes(first)).toEqual([
      expect.stringMatching(/^news: debug: code cache: no usable read-[0-9a-f]{16}-/),
      expect.stringMatching(/^news: debug: code cache: ran the warm-up for read-/),
      expect.stringMatching(/^news: debug: code cache: wrote read-/),
    ]);
    // Used after, the cache is not written again, nor warmed up for.
    expect(notes(runNews(['read', 'witkoff-leak'], { home, env: debug }))).toEqual([expect.stringMatching(/^news: debug: code cache: started from read-/)]);
    // Nor by a run that failed, that showed help, or that has no cache.
    const fresh = newHome();
    for (const run of [
      runNews(['read', 'no-such-article'], { home: fresh, env: debug }),
      runNews(['read', '--help'], { home: fresh, env: debug }),
      runNews(['read', 'witkoff-leak'], { home: fresh, env: { ...debug, NEWS_CODE_CACHE: '0' } }),
    ]) {
      expect(run.stderr).not.toContain('warm-up');
      expect(run.stderr).not.toContain('wrote');
    }
    // A command without a warm-up writes its cache as it is.
    expect(notes(runNews(['sections', 'witkoff-leak'], { home: fresh, env: debug }))).toEqual([
      expect.stringMatching(/^news: debug: code cache: no usable sections-/),
      expect.stringMatching(/^news: debug: code cache: wrote sections-/),
    ]);
  });

  it('under NEWS_DEBUG, runs as any other when no one reads its stderr', async () => {
    // The pipe's reading end is closed before news writes: a note to it fails (EPIPE).
    const child = spawn(BIN, ['read', 'witkoff-leak'], { env: cleanEnv(newHome(), { NEWS_DEBUG: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy();
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(stdout).toBe(runNews(['read', 'witkoff-leak'], { home: newHome() }).stdout);
  });

  it.each([
    ['with bytes near the start scribbled over', (bytes: Buffer) => {
      for (let i = 100; i < 600; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
      return bytes;
    }],
    ['with one byte changed', (bytes: Buffer) => {
      const at = Math.floor(bytes.length / 3);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      return bytes;
    }],
    ['with a block zeroed, as a bad disk block would be', (bytes: Buffer) => bytes.fill(0, Math.floor(bytes.length / 2) - 2048, Math.floor(bytes.length / 2) + 2048)],
    ['zeroed whole, as a crash right after writing can leave it', (bytes: Buffer) => bytes.fill(0)],
    ['cut short', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['empty', () => Buffer.alloc(0)],
    ['not a cache at all', () => Buffer.from('hello, this is not V8 data\n'.repeat(100))],
  ])('%s: news runs as if there were none, and writes a good one', (_, damage: (bytes: Buffer) => Buffer) => {
    const home = newHome();
    const expected = runNews(['sections', 'witkoff-leak'], { home });
    const [file] = cacheFiles(home);
    if (file === undefined) throw new Error('no cache file was written');
    writeFileSync(file, damage(readFileSync(file)));
    const damaged = runNews(['sections', 'witkoff-leak'], { home });
    expect(damaged.status, damaged.stderr).toBe(0);
    expect(damaged.stderr).toBe('');
    expect(damaged.stdout).toBe(expected.stdout);
    const again = runNews(['sections', 'witkoff-leak'], { home });
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(expected.stdout);
  });

  it('is not used or written with NEWS_CODE_CACHE=0', () => {
    const home = newHome();
    expect(runNews(['sections', 'witkoff-leak'], { home, env: { NEWS_CODE_CACHE: '0' } }).status).toBe(0);
    expect(cacheFiles(home)).toEqual([]);
  });

  it('cannot be written (a file where its folder should be): news runs all the same', () => {
    const home = newHome();
    writeFileSync(join(home, 'cache'), 'in the way');
    const result = runNews(['read', 'witkoff-leak'], { home });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Trump defends Witkoff');
  });
});

describe('the built scripts', () => {
  // One character beyond ASCII makes Node decode a whole script the slow way and V8 keep it as
  // two-byte text: about a millisecond on every start. esbuild escapes such characters in
  // strings, but not in RegExp literals (nor in tagged templates, where an escape would change
  // the raw text): write them there as \u escapes, as src/ does (/[\u2019']/ for ’ and ').
  it('are ASCII, so that V8 keeps their source as one-byte text', () => {
    const dist = join(ROOT, 'dist');
    // The web's libraries (linkedom, Readability, undici, htmlparser2, entities) load only for a command
    // that goes to the network or reads a page, where a millisecond is nothing beside the
    // fetch, and their RegExps are not ours to rewrite; the reading path's scripts must be ASCII.
    const web = new Set(['linkedom.cjs', 'undici.cjs', 'htmlparser2.cjs', '@mozilla', 'entities']);
    const scripts = ['launcher.cjs', 'news.cjs', ...readdirSync(dist).filter((name) => name.startsWith('quick-')), ...readdirSync(join(dist, 'vendor')).filter((name) => !web.has(name)).map((name) => join('vendor', name))];
    for (const script of scripts) expect(readFileSync(join(dist, script), 'latin1'), script).toMatch(/^[\0-\x7F]*$/);
    // …and the escaped ’ still means ’: `news add` knows the closing prompt.
    const home = newHome();
    const file = join(home, 'curly.txt');
    writeFileSync(file, 'A curly title\n\nA dek.\n\nA paragraph.\n\nWhat’s Your Reaction?\n');
    expect(runNews(['add', file], { home }).status).toBe(0);
    expect(readFileSync(join(home, 'articles', 'a-curly-title.md'), 'utf8')).toContain('prompt: What’s Your Reaction?\n');
  });
});

describe('a package whose dist/ was never built', () => {
  it('says, in one line, to run npm install', () => {
    const home = newHome();
    const unbuilt = join(home, 'unbuilt');
    mkdirSync(join(unbuilt, 'bin'), { recursive: true });
    copyFileSync(BIN, join(unbuilt, 'bin', 'news.cjs'));
    const result = spawnSync(process.execPath, [join(unbuilt, 'bin', 'news.cjs'), 'read', 'witkoff-leak'], { encoding: 'utf8', cwd: home });
    expectOneErrorLine({ status: result.status, stdout: result.stdout, stderr: result.stderr } as RunResult, 1);
    expect(result.stderr).toContain(`Run 'npm install' in ${unbuilt} to build it`);
  });
});
