import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { cacheDirFor } from './paths.js';

/**
 * Starts the command line (dist/news.cjs) through V8's code cache. Node 20 cannot cache the
 * compiled code of ES modules, and compiling the bundle is most of what `news` adds to Node's
 * own start-up; with the cache, V8 loads the compiled code instead.
 *
 * Each command keeps its own cache, so it holds the functions that command uses. The bundle
 * reports what else a run loaded (marked, the file writer…); when the cache did not cover that,
 * it is written again after the run, covering both. The cache is an optimisation only: any
 * problem with it (unwritable folder, stale or damaged file) means the bundle is compiled as
 * usual. NEWS_CODE_CACHE=0 turns it off, for measuring.
 */
const COMMANDS = new Set(['read', 'sections', 'list', 'ls', 'search', 'react', 'reactions', 'add', 'remove', 'completion', 'help']);

interface Bundle {
  run(): Promise<{ features: string[] }>;
}

interface CacheFile {
  dir: string;
  /** "<command>-<bundle and Node>-": every cache file of this command and bundle starts so. */
  prefix: string;
  /** The best existing file, if any, and the features it covers. */
  name: string | undefined;
  features: string[];
}

export async function launch(bundlePath: string): Promise<void> {
  // V8 trusts a code cache whose header looks right, and a damaged one (a bad disk block, a
  // stray edit) crashes the process on every run. With checksums, V8 writes one into each
  // cache and rejects a cache that does not match it; the bundle is then compiled as usual.
  setFlagsFromString('--verify-snapshot-checksum');
  const source = readFileSync(bundlePath, 'utf8');
  const cache = process.env.NEWS_CODE_CACHE === '0' ? undefined : findCache(bundlePath);
  const cachedData = cache?.name === undefined ? undefined : readIfThere(join(cache.dir, cache.name));
  // The same wrapper Node puts around a CommonJS module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    cachedData,
  });
  const module = { exports: {} as Bundle };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(bundlePath), module, bundlePath, join(bundlePath, '..'));
  const { features } = await module.exports.run();
  if (cache === undefined) return;
  const missing = features.filter((feature) => !cache.features.includes(feature));
  if (cachedData === undefined || script.cachedDataRejected === true || missing.length > 0) {
    const covered = [...new Set([...(script.cachedDataRejected === true ? [] : cache.features), ...features])].sort();
    saveCache(cache, `${cache.prefix}${covered.join('+') || 'core'}.bin`, script.createCachedData());
  }
}

/**
 * The cache belongs to this bundle (size and build time), this Node and this command; of the
 * files for it, the one covering the most features is used.
 */
function findCache(bundlePath: string): CacheFile | undefined {
  try {
    const { size, mtimeMs } = statSync(bundlePath);
    const command = COMMANDS.has(process.argv[2] ?? '') ? process.argv[2] : 'other';
    const dir = join(cacheDirFor(process.env), 'code-cache');
    const prefix = `${command}-${size}-${Math.round(mtimeMs)}-${process.version}-${process.arch}-`;
    let best: { name: string; features: string[] } | undefined;
    for (const name of readdirIfThere(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.bin')) continue;
      const listed = name.slice(prefix.length, -'.bin'.length);
      const features = listed === 'core' ? [] : listed.split('+');
      if (!best || features.length > best.features.length) best = { name, features };
    }
    return { dir, prefix, name: best?.name, features: best?.features ?? [] };
  } catch {
    return undefined;
  }
}

function readdirIfThere(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readIfThere(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Written whole (temp file, rename); the command's other caches, now outdated, are removed. */
function saveCache(cache: CacheFile, name: string, data: Buffer): void {
  try {
    mkdirSync(cache.dir, { recursive: true });
    const path = join(cache.dir, name);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, data);
    renameSync(temp, path);
    const command = cache.prefix.slice(0, cache.prefix.indexOf('-') + 1);
    for (const other of readdirSync(cache.dir)) {
      if (other !== name && other.startsWith(command) && other.endsWith('.bin')) unlinkSync(join(cache.dir, other));
    }
  } catch {
    // A cache that cannot be written costs speed next time, nothing else.
  }
}
