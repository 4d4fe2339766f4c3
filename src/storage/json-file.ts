import { lstatSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFsError, describeIfFsError } from '../errors.js';
import { replaceFile, type ReplaceOptions } from './atomic-file.js';
import { tempPathFor } from './temp-files.js';

/**
 * The two ways every file under the data directory is touched: read whole, and replaced whole
 * (temp file, fsync, rename), so that a reader never sees half a file and a crash never leaves one.
 * (last-read.txt is not fsynced: see StateFile.rememberLastRead; nor are caches: writeCacheAtomic.)
 */
export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw describeFsError(error, path);
  }
}

/** For caches and indexes: a file that cannot be read is as good as none, and is rebuilt. */
export function readCacheText(path: string): string | undefined {
  try {
    return readTextIfExists(path);
  } catch {
    return undefined;
  }
}

/** As readCacheText, as bytes. */
export function readCacheBytes(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Replaces a cache or an index whole, as writeFileAtomic does, but without the fsync: each is
 * checked when it is read (its lengths, stamps and layout), so one that a power cut left empty
 * or short is made again, and the fsync (1–1.5 ms here) would be paid by every news that
 * writes one: reading a new article rewrites the note of the unread marks. Throws as
 * writeFileAtomic does; callers treat a cache that cannot be written as costing speed only.
 */
export function writeCacheAtomic(path: string, data: string | Uint8Array): void {
  writeFileAtomic(path, data, { fsync: false });
}

/**
 * Replaces a data file whole (see replaceFile). A link at the name is followed, as it was when
 * write-file-atomic wrote these files: someone who keeps reactions.json in their dotfiles and
 * links it here gets that file updated, not the link replaced. Its permissions and owner are kept.
 */
export function writeTextAtomic(path: string, text: string, options: WriteOptions = {}): void {
  writeFileAtomic(path, text, options);
}

type WriteOptions = Pick<ReplaceOptions, 'beforeRename' | 'fsync'>;

/** As writeTextAtomic, for bytes too, or bytes in parts (written one after the other). */
export function writeFileAtomic(path: string, text: string | Uint8Array | readonly Uint8Array[], { beforeRename, fsync }: WriteOptions = {}): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    let target = path;
    let existing = lstatSync(path, { throwIfNoEntry: false });
    if (existing?.isSymbolicLink()) {
      target = resolveLink(path);
      existing = statSync(target, { throwIfNoEntry: false });
    }
    // Litter left by a killed writer is known by its name, and removed (temp-files.ts).
    replaceFile(target, text, { tempPath: () => tempPathFor(target), replacing: existing, beforeRename, fsync });
  } catch (error) {
    throw describeIfFsError(error, path);
  }
}

/** Where a link points; a dangling one is replaced itself, as there is no file to update. */
function resolveLink(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** JSON as people like to diff it: two-space indent, keys in a stable order, final newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
