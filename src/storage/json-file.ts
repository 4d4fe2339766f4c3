import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFsError } from '../errors.js';
import { noteFeature } from '../features.js';

/**
 * The two ways every file under the data directory is touched: read whole, and replaced whole
 * (temp file, fsync, rename), so that a reader never sees half a file and a crash never leaves one.
 */
export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw describeFsError(error, path);
  }
}

export async function writeTextAtomic(path: string, text: string): Promise<void> {
  // Loaded on first write: most runs write nothing, and it pulls in crypto and signal-exit.
  noteFeature('write');
  const { default: writeFileAtomic } = await import('write-file-atomic');
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic.sync(path, text, { fsync: true });
  } catch (error) {
    throw describeFsError(error, path);
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
