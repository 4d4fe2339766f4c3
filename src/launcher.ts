import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheDirFor } from './paths.js';

/**
 * Starts the command line (dist/news.cjs) through V8's code cache. Node 20 cannot cache the
 * compiled code of ES modules, and compiling the bundle is most of what `news` adds to Node's
 * own start-up; with the cache, V8 loads the compiled code instead.
 *
 * Each command keeps its own cache, so it holds the functions that command uses. The bundle
 * reports what else a run loaded (marked, the file writer…); when the cache did not cover that,
 * it is written again after the run, covering both. Packages that few runs need (marked, the
 * file writer and lock) are scripts of their own in dist/vendor/, so that the bundle every run
 * reads and loads stays small; each is started through a cache of its own the first time the
 * bundle requires it.
 *
 * The cache is an optimisation only: any problem with it (unwritable folder, stale or damaged
 * file) means the script is compiled as usual. NEWS_CODE_CACHE=0 turns it off, for measuring.
 */
const COMMANDS = new Set(['read', 'sections', 'list', 'ls', 'search', 'react', 'reactions', 'add', 'remove', 'completion', 'help']);
const VENDOR = './vendor/';

interface Bundle {
  run(): Promise<{ features: string[] }>;
}

interface CacheFile {
  dir: string;
  /** The command, or vendor.<package>. */
  name: string;
  /** "<name>-<script and Node>-": every cache file of this name and script starts so. */
  prefix: string;
  /** The best existing file, if any, and the features it covers. */
  file: string | undefined;
  features: string[];
}

interface Started {
  script: Script;
  cache: CacheFile | undefined;
  cachedData: Buffer | undefined;
  exports: unknown;
}

export async function launch(bundlePath: string): Promise<void> {
  const useCache = process.env.NEWS_CODE_CACHE !== '0';
  const command = COMMANDS.has(process.argv[2] ?? '') ? (process.argv[2] as string) : 'other';
  const vendors: Started[] = [];
  // The launcher's own require serves the scripts, which sit in its folder: making one with
  // createRequire would load node:module, about a millisecond. Vendor scripts are started here.
  const requireForScripts = (id: string): unknown => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher is CommonJS (see above)
    if (!id.startsWith(VENDOR)) return require(id);
    const path = join(dirname(bundlePath), id);
    const started = start(path, useCache ? `vendor.${basename(path, '.cjs')}` : undefined, requireForScripts);
    vendors.push(started);
    return started.exports;
  };
  const main = start(bundlePath, useCache ? command : undefined, requireForScripts);
  const { features } = await (main.exports as Bundle).run();
  // Written after the run, so that the cache holds the functions the run compiled.
  for (const vendor of vendors) saveIfNeeded(vendor, []);
  saveIfNeeded(main, features);
}

/** Compiles and runs a CommonJS script, with its code cache when there is a usable one. */
function start(path: string, name: string | undefined, requireForScript: (id: string) => unknown): Started {
  const source = readFileSync(path, 'utf8');
  const cache = name === undefined ? undefined : findCache(path, name);
  const cachedData = cache?.file === undefined ? undefined : readCache(join(cache.dir, cache.file));
  // The same wrapper Node puts around a CommonJS module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: path,
    cachedData,
  });
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, requireForScript, module, path, dirname(path));
  return { script, cache, cachedData, exports: module.exports };
}

function saveIfNeeded({ script, cache, cachedData }: Started, features: string[]): void {
  if (cache === undefined) return;
  const rejected = script.cachedDataRejected === true;
  const missing = features.filter((feature) => !cache.features.includes(feature));
  if (cachedData === undefined || rejected || missing.length > 0) {
    const covered = [...new Set([...(rejected ? [] : cache.features), ...features])].sort();
    saveCache(cache, `${cache.prefix}${covered.join('+') || 'core'}.bin`, script.createCachedData());
  }
}

/**
 * The cache belongs to this script (size and build time), this Node and this command; of the
 * files for it, the one covering the most features is used.
 */
function findCache(path: string, name: string): CacheFile | undefined {
  try {
    const { size, mtimeMs } = statSync(path);
    const dir = join(cacheDirFor(process.env), 'code-cache');
    const prefix = `${name}-${size}-${Math.round(mtimeMs)}-${process.version}-${process.arch}-`;
    let best: { file: string; features: string[] } | undefined;
    for (const file of readdirIfThere(dir)) {
      if (!file.startsWith(prefix) || !file.endsWith('.bin')) continue;
      const listed = file.slice(prefix.length, -'.bin'.length);
      const features = listed === 'core' ? [] : listed.split('+');
      if (!best || features.length > best.features.length) best = { file, features };
    }
    return { dir, name, prefix, file: best?.file, features: best?.features ?? [] };
  } catch {
    return undefined;
  }
}

/** "read-264051-…bin" → "read"; "vendor.marked-terminal-8129-…bin" → "vendor.marked-terminal". */
function cacheName(file: string): string | undefined {
  return /^(.+?)-\d+-\d+-v/.exec(file)?.[1];
}

function readdirIfThere(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * V8 trusts a code cache whose header looks right, and a damaged one (a bad disk block, a stray
 * edit) crashes the process, on every run. V8 can checksum its caches, but only once node:v8
 * has turned that on, and loading node:v8 costs ~1.6 ms a run. So each cache file holds the
 * data twice, and is used only when the two copies are the same: comparing them costs ~0.2 ms,
 * and damage that changes both copies alike is not something a disk or an editor does.
 */
function readCache(path: string): Buffer | undefined {
  try {
    const file = readFileSync(path);
    const half = file.length / 2;
    if (half === 0 || !Number.isInteger(half)) return undefined;
    const data = file.subarray(0, half);
    return data.equals(file.subarray(half)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole (temp file, rename); the name's other caches, now outdated, are removed. */
function saveCache(cache: CacheFile, file: string, data: Buffer): void {
  try {
    mkdirSync(cache.dir, { recursive: true });
    const path = join(cache.dir, file);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([data, data]));
    renameSync(temp, path);
    for (const other of readdirSync(cache.dir)) {
      if (other !== file && cacheName(other) === cache.name) unlinkSync(join(cache.dir, other));
    }
  } catch {
    // A cache that cannot be written costs speed next time, nothing else.
  }
}
