import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheDirFor } from './paths.js';

/**
 * Starts the command line through V8's code cache: dist/quick-<command>.cjs, a common command in
 * its plain forms (src/bin-quick.ts), or when that declines or another command is asked for,
 * dist/news.cjs, the whole program. Node 20 cannot cache the compiled code of ES modules, and
 * compiling the bundle is most of what `news` adds to Node's own start-up; with the cache, V8
 * loads the compiled code instead.
 *
 * Each command keeps its own cache, written after its first successful run, so that it holds
 * the functions that command runs. Packages that few runs need (marked and marked-terminal)
 * are scripts of their own in dist/vendor/, so that the bundle every run reads and loads stays
 * small; each is started through a cache of its own the first time the bundle requires it.
 *
 * The cache is an optimisation only: any problem with it (unwritable folder, stale or damaged
 * file) means the script is compiled as usual. NEWS_CODE_CACHE=0 turns it off, for measuring;
 * NEWS_DEBUG=1 says on stderr what became of it.
 */
const COMMANDS = new Set(['browse', 'read', 'sections', 'list', 'ls', 'search', 'react', 'reactions', 'add', 'remove', 'feed', 'fetch', 'completion', 'help']);
/**
 * The commands with a bundle of their own, dist/quick-<bundle>.cjs, by every name they are
 * typed as (src/commands/quick.ts; a test keeps the two the same). Any other command starts
 * the whole program at once, rather than loading a small bundle only to hear that it is not
 * for it.
 */
export const QUICK_BUNDLES: ReadonlyMap<string, string> = new Map([
  ['read', 'read'],
  ['sections', 'sections'],
  ['list', 'list'],
  ['ls', 'list'],
  ['search', 'search'],
  ['react', 'react'],
  ['reactions', 'reactions'],
]);
const VENDOR = './vendor/';

declare const __SCRIPT_HASHES__: Record<string, string>;
/** A hash of each built script, by its path in dist/, which the build writes in (scripts/build.mjs). */
const SCRIPT_HASHES: Readonly<Record<string, string>> = typeof __SCRIPT_HASHES__ === 'object' ? __SCRIPT_HASHES__ : {};

interface Program {
  run(): Promise<void>;
}

interface QuickProgram {
  /** False, having done nothing, when the command line needs the whole program. */
  run(): Promise<boolean>;
  /** Runs, unseen, what the command's common use needs, for its code cache (CommandSpec.warmUp); false if it has nothing to run. */
  warmUp(): Promise<boolean>;
}

interface Started {
  script: Script;
  /** Where this script's cache is, or would be; undefined without caching. */
  cachePath: string | undefined;
  usedCache: boolean;
  exports: unknown;
}

export async function launch(dist: string): Promise<void> {
  const cacheDir = process.env.NEWS_CODE_CACHE === '0' ? undefined : join(cacheDirFor(process.env), 'code-cache');
  const command = COMMANDS.has(process.argv[2] ?? '') ? (process.argv[2] as string) : 'other';
  const vendors = new Map<string, Started>();
  // The scripts get the require bin/news.cjs gave the launcher: they require only built-ins
  // (the build checks), and making a require of their own with createRequire would load
  // node:module, about a millisecond. Vendor scripts are started here, each once, as require
  // would.
  const requireForScripts = (id: string): unknown => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher is CommonJS (see above)
    if (!id.startsWith(VENDOR)) return require(id);
    let started = vendors.get(id);
    if (started === undefined) {
      const script = id.slice('./'.length);
      started = start(dist, script, cacheDir, `vendor.${basename(script, '.cjs')}`, requireForScripts);
      vendors.set(id, started);
    }
    return started.exports;
  };
  let main: Started | undefined;
  const bundle = QUICK_BUNDLES.get(command);
  if (bundle !== undefined) {
    main = start(dist, `quick-${bundle}.cjs`, cacheDir, bundle, requireForScripts);
    if (!(await (main.exports as QuickProgram).run())) main = undefined;
  }
  if (main === undefined) {
    // The whole program; its caches are apart from the quick bundle's for the same command.
    main = start(dist, 'news.cjs', cacheDir, bundle === undefined ? command : `${bundle}.whole`, requireForScripts);
    await (main.exports as Program).run();
  }
  // Written after the run, so that a cache holds the functions the run compiled; and only
  // after a run that did the command's work: a failed one stops early, help does none of it.
  if ((process.exitCode === undefined || process.exitCode === 0) && !onlyHelp(process.argv.slice(2))) {
    // A cache holds what its run compiled, and the first run may not be a typical one.
    if (!main.usedCache && main.cachePath !== undefined) await warmUp(main);
    for (const started of [main, ...vendors.values()]) if (!started.usedCache) saveCache(started);
  }
  // Nothing is left to do: output is written synchronously, and the run awaited everything it
  // started (pager, prompts, locks). Left to end by itself, Node would first run the garbage
  // collection V8 has queued, 3–10 ms after a list of ten thousand articles.
  process.exit();
}

/** The quick bundle's warm-up, if it has one: it can neither fail the run nor change its exit code. */
async function warmUp(started: Started): Promise<void> {
  const exitCode = process.exitCode;
  try {
    if (await (started.exports as Partial<QuickProgram>).warmUp?.()) debug(`ran the warm-up for ${basename(started.cachePath ?? '')}`);
  } catch {
    // The cache then holds a little less.
  }
  process.exitCode = exitCode;
}

/** Under NEWS_DEBUG, a line on stderr about the code cache (none where stderr is closed). */
function debug(line: string): void {
  if (!process.env.NEWS_DEBUG) return;
  try {
    writeSync(2, `news: debug: code cache: ${line}\n`);
  } catch {
    // A note for whoever is looking: nothing to do without one.
  }
}

function onlyHelp(args: string[]): boolean {
  return args[0] === 'help' || args.some((arg) => arg === '-h' || arg === '--help' || arg === '-V' || arg === '--version');
}

/** Compiles and runs dist/`file` (CommonJS), with its code cache when there is a usable one. */
function start(dist: string, file: string, cacheDir: string | undefined, name: string, requireForScript: (id: string) => unknown): Started {
  const path = join(dist, file);
  const source = readFileSync(path, 'utf8');
  const hash = SCRIPT_HASHES[file];
  const cachePath = cacheDir === undefined || hash === undefined ? undefined : join(cacheDir, `${name}-${hash}-${process.version}-${process.arch}.bin`);
  const cachedData = cachePath === undefined ? undefined : readCache(cachePath);
  // The same wrapper Node puts around a CommonJS module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: path,
    cachedData,
  });
  const usedCache = cachedData !== undefined && script.cachedDataRejected !== true;
  if (cachePath !== undefined) debug(usedCache ? `started from ${basename(cachePath)}` : cachedData === undefined ? `no usable ${basename(cachePath)}` : `V8 rejected ${basename(cachePath)}`);
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, requireForScript, module, path, dirname(path));
  return { script, cachePath, usedCache, exports: module.exports };
}

/**
 * A cache is "<name>-<hash>-<node>-<arch>.bin": it belongs to one command, one build of the
 * script (V8 checks only the source's length against its cache) and one Node. "read-…" gives
 * "read", "vendor.marked-terminal-…" "vendor.marked-terminal"; a file of another form, left
 * by an older news, gives undefined.
 */
function cacheName(file: string): string | undefined {
  return /^(.+?)-[0-9a-f]{16}-v/.exec(file)?.[1];
}

/**
 * V8 trusts a code cache whose header looks right, and a damaged one (a bad disk block, a stray
 * edit) crashes the process, on every run. V8 can checksum its caches, but only once node:v8
 * has turned that on, and loading node:v8 costs ~1.6 ms a run. So each cache file holds the
 * data twice, and is used only when the two copies are the same: comparing them costs ~0.2 ms,
 * and damage that changes both copies alike is not something a disk or an editor does. (A file
 * zeroed by a crash right after it was written has two equal halves, but V8 rejects it: its
 * header check needs a magic number and the source's length.)
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

/**
 * Written whole (temp file, rename). Caches of the same name for other builds are removed, and
 * any an older news named otherwise (by size and mtime, or `ls`, which has list's now).
 */
function saveCache({ script, cachePath }: Started): void {
  if (cachePath === undefined) return;
  try {
    const dir = dirname(cachePath);
    const file = basename(cachePath);
    mkdirSync(dir, { recursive: true });
    const data = script.createCachedData();
    const temp = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([data, data]));
    renameSync(temp, cachePath);
    debug(`wrote ${file}`);
    const name = cacheName(file);
    for (const other of readdirSync(dir)) {
      if (other === file || !other.endsWith('.bin')) continue;
      const otherName = cacheName(other);
      if (otherName === name || otherName === undefined) unlinkSync(join(dir, other));
    }
  } catch {
    // A cache that cannot be written costs speed next time, nothing else.
  }
}
