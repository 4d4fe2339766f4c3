// The package as it would be published: `npm pack`, install the tarball elsewhere, run the
// installed `news`. Needs dist/ built first (`npm run build`); the dependencies come from the
// npm cache, so no network is needed when the cache holds them.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FIXTURES, ROOT, cleanEnv, tempDir } from '../helpers.js';
import { QUICK_COMMANDS } from '../../src/commands/quick.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dir(prefix: string): string {
  const made = tempDir(prefix);
  cleanups.push(made.cleanup);
  return made.path;
}

/** npm's environment without the npm_* variables of an enclosing `npm test`. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 100_000 });
}

const TITLE = readFileSync(join(FIXTURES, 'witkoff-leak.txt'), 'utf8').split('\n')[0] ?? '';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

it('installs from the packed tarball and reads the bundled article', { timeout: 120_000 }, () => {
  expect(existsSync(join(ROOT, 'dist', 'news.cjs')), 'run `npm run build` first').toBe(true);
  const packDir = dir('news-pack-');
  const installDir = dir('news-install-');
  const elsewhere = dir('news-elsewhere-');
  const home = dir('news-home-');

  // --ignore-scripts: `prepare` would rebuild dist/ (deleting it first) while other test files
  // run the binary from it; dist/ is already built.
  const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  expect(packed).toBeDefined();
  const files = packed?.files.map((file) => file.path) ?? [];
  expect(files).toEqual(expect.arrayContaining(['bin/news.cjs', 'dist/news.cjs', ...QUICK_COMMANDS.map((spec) => `dist/quick-${spec.name}.cjs`), 'dist/launcher.cjs', 'articles/witkoff-leak.md', 'package.json']));
  expect(files.filter((path) => /^(src|test|scripts|node_modules)\//.test(path))).toEqual([]);
  const tarball = join(packDir, packed?.filename ?? '');
  expect(existsSync(tarball)).toBe(true);

  const base = ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball];
  let install = npm([...base.slice(0, 1), '--offline', ...base.slice(1)], installDir);
  if (install.status !== 0) install = npm(base, installDir);
  expect(install.status, install.stderr).toBe(0);

  const bin = join(installDir, 'node_modules', '.bin', 'news');
  const read = spawnSync(bin, ['read', 'witkoff-leak'], { cwd: elsewhere, env: cleanEnv(home), encoding: 'utf8', timeout: 30_000 });
  expect(read.stderr).toBe('');
  expect(read.status).toBe(0);
  expect(read.stdout.split('\n')[0]).toBe(TITLE);
  expect(read.stdout).toContain("What's Your Reaction?");

  const version = spawnSync(bin, ['--version'], { cwd: elsewhere, env: cleanEnv(home), encoding: 'utf8', timeout: 30_000 });
  expect(version.stdout.trim()).toBe(VERSION);
});
