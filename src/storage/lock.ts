import { mkdirSync, rmdirSync, statSync } from 'node:fs';

/**
 * A lock on a data file: a folder beside it, made with mkdir, which only one process can do.
 * A holder that dies leaves the folder behind; once it is older than `staleMs` it is taken
 * over. This is proper-lockfile's scheme, which news used before, without what our use of it
 * never needed (its async round trips, signal hooks, mtime probe and refresh timer): ~1.5 ms
 * of every `news react`. The time held is a few milliseconds of synchronous work, far inside
 * `staleMs`, so there is nothing to refresh.
 */
export interface LockOptions {
  /** A lock folder untouched for this long was left by a holder that died. */
  staleMs: number;
  /** How long to wait for a live holder before giving up. */
  waitMs: number;
}

/** The lock is held by a live process, and was for all of `waitMs`. */
export class LockedError extends Error {}

/** The lock was taken over while held: someone else may have written too. */
export class LostLockError extends Error {}

export async function withLock<T>(lockPath: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const madeAt = await acquire(lockPath, options);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    try {
      release(lockPath, madeAt);
    } catch {
      // The work's own failure is the one to tell.
    }
    throw error;
  }
  release(lockPath, madeAt);
  return result;
}

/** Takes the lock; returns the folder's time as made, to tell it from a successor's. */
async function acquire(lockPath: string, { staleMs, waitMs }: LockOptions): Promise<number> {
  const deadline = Date.now() + waitMs;
  let pause = 10;
  for (;;) {
    try {
      mkdirSync(lockPath);
      return statSync(lockPath).mtimeMs;
    } catch (error) {
      if (!isHeld(error)) throw error;
    }
    const held = statSync(lockPath, { throwIfNoEntry: false });
    if (held === undefined) continue; // released as we looked
    if (Date.now() - held.mtimeMs > staleMs) {
      removeIfThere(lockPath); // left by a holder that died: taken over
      continue;
    }
    if (Date.now() >= deadline) throw new LockedError(`${lockPath} is held`);
    // Waiting a little longer each time, and not in step with the other waiters.
    await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    pause = Math.min(pause * 1.3, 250);
  }
}

/** Made by someone else; or, on Windows, being removed by them, which refuses a moment. */
function isHeld(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || (process.platform === 'win32' && (code === 'EPERM' || code === 'EBUSY'));
}

/**
 * Removes the lock, if it is still ours. A folder with another time was made by a process
 * that found ours stale and took over: it is left to that process, and the caller told.
 */
function release(lockPath: string, madeAt: number): void {
  const now = statSync(lockPath, { throwIfNoEntry: false });
  if (now === undefined || now.mtimeMs !== madeAt) throw new LostLockError(`${lockPath} was taken over`);
  removeIfThere(lockPath);
}

function removeIfThere(lockPath: string): void {
  try {
    rmdirSync(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
