import { mkdirSync } from 'node:fs';
import { NewsError, describeFsError, describeIfFsError } from '../errors.js';
import { LockedError, LostLockError, withLock } from './lock.js';

/**
 * Runs `work` holding the lock on one data file (`<file>.lock`), with the waits every data file
 * uses, and the lock's failures in words: held too long by another news, or taken over after
 * the work had begun to write (lost before, the work is simply done again). `afterLoss` says
 * what the reader can do about the second.
 */
export async function withDataFileLock<T>(dataDir: string, path: string, afterLoss: string, work: (assertHeld: () => void) => Promise<T>): Promise<T> {
  const lockPath = `${path}.lock`;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw describeFsError(error, dataDir);
  }
  try {
    // A holder that was killed leaves the lock: after two seconds it is stale. A live one is
    // waited for, up to fifteen. Holders keep it for a read and a write, never across the network.
    return await withLock(lockPath, { staleMs: 2000, waitMs: 15_000 }, work);
  } catch (error) {
    if (error instanceof LockedError) {
      throw new NewsError('io', `${path} is locked by another news process`, `Try again in a moment; if it stays locked, remove ${lockPath}`);
    }
    if (error instanceof LostLockError) {
      throw new NewsError('io', `another news process took over the lock on ${path} part-way through, so the rest was not written`, afterLoss);
    }
    // The system's errors here are the lock folder's (the work's own come as NewsErrors).
    throw describeIfFsError(error, lockPath);
  }
}
