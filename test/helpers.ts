import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, expect } from 'vitest';
import { createContext, type Context } from '../src/context.js';
import { main } from '../src/cli.js';
import { NewsError } from '../src/errors.js';
import { bufferIO, type BufferIO, type ColorLevel, type IO } from '../src/io.js';
import { stylesFor, type Styles } from '../src/render/styles.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'news.cjs');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const BUNDLED_ARTICLES = join(ROOT, 'articles');

/** The styling of each colour level, loaded once (chalk is loaded on first use). */
export const STYLES: Record<ColorLevel, Styles> = { 0: await stylesFor(0), 1: await stylesFor(1), 2: await stylesFor(2), 3: await stylesFor(3) };

/**
 * For a test file: a function that makes a fresh NEWS_HOME on each call, all of them removed
 * after each test.
 */
export function tempHomes(prefix = 'news-e2e-'): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return () => {
    const dir = tempDir(prefix);
    cleanups.push(dir.cleanup);
    return dir.path;
  };
}

/** The NewsError a call throws; fails the test if it throws nothing or something else. */
export function thrownNewsError(call: () => unknown): NewsError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(NewsError);
    return error as NewsError;
  }
  throw new Error('expected a NewsError, but nothing was thrown');
}

/** The NewsError a promise rejects with; fails the test if it resolves or rejects with something else. */
export async function rejectedNewsError(promise: Promise<unknown>): Promise<NewsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NewsError);
    return error as NewsError;
  }
  throw new Error('expected a NewsError, but the promise resolved');
}

/** For an e2e test file: stops at once, saying why, when dist/ was never built. */
export function requireBuild(): void {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'news.cjs'))) throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
  });
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'news-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** An environment for the real binary: its own NEWS_HOME, no colour variables unless asked. */
export function cleanEnv(newsHome: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', NEWS_HOME: newsHome };
  return { ...env, ...extra };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/news.cjs as a user would, from another folder (a temp dir, not the project). */
export function runNews(args: string[], options: { home: string; env?: Record<string, string>; cwd?: string; input?: string }): RunResult {
  const result: SpawnSyncReturns<string> = spawnSync(BIN, args, {
    cwd: options.cwd ?? options.home,
    env: cleanEnv(options.home, options.env),
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, asynchronously, for tests that start many processes at once. */
export function runNewsAsync(args: string[], options: { home: string; env?: Record<string, string> }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { cwd: options.home, env: cleanEnv(options.home, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Runs bin/news.cjs under a pseudo-terminal (util-linux `script`), at a given size. The output
 * is what the terminal received, with CRLF line ends turned back into LF.
 */
export function runNewsInTerminal(
  args: string[],
  options: { home: string; columns?: number; rows?: number; env?: Record<string, string> },
): RunResult {
  const quoted = [BIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const size = `stty cols ${options.columns ?? 100} rows ${options.rows ?? 200} 2>/dev/null;`;
  const result = spawnSync('script', ['-qefc', `${size} ${quoted}`, '/dev/null'], {
    cwd: options.home,
    // No pager unless a test asks for one: a pager waits for keys nobody types here.
    env: cleanEnv(options.home, { TERM: 'xterm-256color', PAGER: 'cat', ...options.env }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout.replace(/\r\n/g, '\n'), stderr: result.stderr };
}

/** Command tests: a context with buffer I/O, the bundled articles, and a temp data dir. */
export function testContext(options: { home: string; io?: Partial<Omit<IO, 'out' | 'err'>>; now?: () => Date; bundledArticlesDir?: string }): {
  io: BufferIO;
  ctx: Context;
  run: (...args: string[]) => Promise<number>;
} {
  const io = bufferIO({ ...options.io, env: { NEWS_HOME: options.home, ...options.io?.env } });
  const ctx = createContext(io, { bundledArticlesDir: options.bundledArticlesDir ?? BUNDLED_ARTICLES, now: options.now });
  return { io, ctx, run: (...args: string[]) => main(args, io, ctx) };
}

/** Runs one command line in a fresh context over `home`, and says what it printed and returned. */
export async function runCommand(
  home: string,
  args: readonly string[],
  io?: Partial<Omit<IO, 'out' | 'err'>>,
): Promise<{ code: number; stdout: string; stderr: string; pagers: string[] }> {
  const t = testContext({ home, io });
  const code = await t.run(...args);
  return { code, stdout: t.io.stdout, stderr: t.io.stderr, pagers: t.io.pagers };
}

/** A failure as the README promises: one line on stderr starting `news:`, no stack trace. */
export function expectOneErrorLine(result: RunResult, status: number): void {
  expect(result.status).toBe(status);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^news: \S/);
  expect(result.stderr).not.toContain('    at ');
}

// eslint-disable-next-line no-control-regex
export const ANY_ESCAPE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

/** Runs `work` while another process runs, given its pid: a writer that is alive, to tests of litter. */
export async function whileAnotherProcessRuns(work: (pid: number) => Promise<void>): Promise<void> {
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
  try {
    await work(other.pid as number);
  } finally {
    other.kill();
  }
}

/** Starts bin/news.cjs and hands back the child, for tests that signal it (e.g. SIGKILL mid-write). */
export function startNews(
  args: string[],
  options: { home: string; env?: Record<string, string> },
): { child: ReturnType<typeof spawn>; done: Promise<RunResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn(BIN, args, { cwd: options.home, env: cleanEnv(options.home, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}
