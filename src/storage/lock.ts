import { lstatSync, mkdirSync, rmdirSync, utimesSync, type Stats } from 'node:fs';

/**
 * A lock on a data file: a folder beside it, made with mkdir, which only one process can do.
 * The holder stamps it with its own clock (a network file system's server may keep another
 * time). A holder that dies leaves the folder behind; once its stamp is older than `staleMs`
 * it is taken over. This is proper-lockfile's scheme, which news used before, without what
 * our use of it never needed (its async round trips, signal hooks and refresh timer): ~1.5 ms
 * of every `news react`. The lock is held for a few milliseconds of synchronous work, so there
 * is nothing to refresh; and the work checks that the lock is still its own before it
 * replaces the file, so a holder whose lock was taken over writes nothing (and does its work
 * again, under the lock taken afresh).
 */
export interface LockOptions {
  /** A lock folder untouched for this long was left by a holder that died. */
  staleMs: number;
  /** How long to wait for a live holder before giving up. */
  waitMs: number;
}

/** The lock is held by a live process, and was for all of `waitMs`. */
export class LockedError extends Error {}

/** The lock was taken over while held: the work must not write, or another write is lost. */
export class LostLockError extends Error {}

/**
 * Runs `work` holding the lock. `work` is given `assertHeld`, to call just before it commits
 * anything (a rename): it throws LostLockError if another process has taken the lock over.
 * Lost before the first commit, nothing was written: the work is run again under the lock
 * taken afresh (within the same `waitMs`), since what it read may have changed. Lost after
 * one, the error is the caller's to report.
 */
export async function withLock<T>(lockPath: string, options: LockOptions, work: (assertHeld: () => void) => Promise<T>): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const stamp = await acquire(lockPath, options, deadline);
    let committing = false;
    const assertHeld = (): void => {
      if (lstatSafely(lockPath)?.mtimeMs !== stamp) throw new LostLockError(`${lockPath} was taken over`);
      committing = true;
    };
    try {
      return await work(assertHeld);
    } catch (error) {
      if (!(error instanceof LostLockError) || committing) throw error;
      // Nothing was written: out of time, that is a lock held by others for all of waitMs.
      if (Date.now() >= deadline) throw new LockedError(`${lockPath} is held`);
    } finally {
      release(lockPath, stamp);
    }
  }
}

/** Takes the lock, and returns the stamp it was given, to tell it from a successor's. */
async function acquire(lockPath: string, { staleMs }: LockOptions, deadline: number): Promise<number> {
  let pause = 10;
  for (;;) {
    // Why the lock is not ours yet: mkdir's refusal, or undefined when the folder we made was
    // gone before we stamped it (removed by a process that had found the lock before it stale).
    let refusal: unknown;
    try {
      mkdirSync(lockPath);
      const stamp = stampNow(lockPath);
      if (stamp !== undefined) return stamp;
    } catch (error) {
      if (!mayBeHeld(error)) throw error;
      refusal = error;
    }
    const held = lstatSafely(lockPath);
    // A link or a file in its place is no lock to wait for: mkdir's own error says so.
    if (held !== undefined && !held.isDirectory()) throw refusal ?? new LockedError(`${lockPath} is not a lock folder`);
    if (held !== undefined && Date.now() - held.mtimeMs > staleMs && removeIfUnchanged(lockPath, held)) continue; // left by a holder that died
    // Held, being removed, taken from us, or (on Windows) refused for a moment: wait, a little
    // longer each time and not in step with the other waiters. Nothing there at the end means
    // the refusal was not about a lock at all.
    if (Date.now() >= deadline) throw refusal === undefined || (refusal as NodeJS.ErrnoException).code === 'EEXIST' ? new LockedError(`${lockPath} is held`) : refusal;
    await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    pause = Math.min(pause * 1.3, 250);
  }
}

/**
 * Stamps the new lock with this process's clock, and reads back the stamp as stored; undefined
 * if it has gone (or, on Windows, is being removed). The stamp is what tells our lock from a
 * successor's, which may be made in the same millisecond (the folder's inode number would not
 * tell: ext4 gives a new folder the number of one just removed). So it is set to a random time
 * in the 0.1 s before now, to the microsecond the system keeps: one of 100,000 stamps, where
 * the time to the millisecond would be the successor's too. The lock goes stale 0.1 s sooner
 * at most.
 */
function stampNow(lockPath: string): number | undefined {
  const seconds = (Date.now() - Math.random() * 100) / 1000;
  try {
    utimesSync(lockPath, seconds, seconds);
    return lstatSync(lockPath).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || mayBeHeld(error)) return undefined;
    throw error;
  }
}

/**
 * Removes a stale lock unless its stamp has changed since it was found stale: processes that
 * find the same stale lock race to replace it, and the lock the first of them makes (stamped
 * now, or made now, where the stale one is older than staleMs) must not be removed by the
 * others. This narrows the race to the moment between this lstat and the rmdir; a holder whose
 * lock is removed in it learns so from assertHeld, writes nothing, and does its work again.
 */
function removeIfUnchanged(lockPath: string, found: Stats): boolean {
  const current = lstatSafely(lockPath);
  if (current === undefined) return true;
  if (current.mtimeMs !== found.mtimeMs) return false;
  return removeQuietly(lockPath);
}

/**
 * Removes the lock if it is still ours: one taken over is left to its new holder. A lock that
 * cannot be removed (Windows may refuse for a moment) is left to go stale; the work is done.
 */
function release(lockPath: string, stamp: number): void {
  try {
    if (lstatSafely(lockPath)?.mtimeMs === stamp) removeQuietly(lockPath);
  } catch {
    // Left to go stale: what the lock guarded is done, and it is what to report.
  }
}

/** EEXIST: someone holds it. EPERM, EBUSY on Windows: a lock folder is being removed. */
function mayBeHeld(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || (process.platform === 'win32' && (code === 'EPERM' || code === 'EBUSY'));
}

function lstatSafely(lockPath: string): Stats | undefined {
  try {
    return lstatSync(lockPath, { throwIfNoEntry: false });
  } catch (error) {
    if (mayBeHeld(error)) return undefined;
    throw error;
  }
}

function removeQuietly(lockPath: string): boolean {
  try {
    rmdirSync(lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (mayBeHeld(error)) return false;
    throw error;
  }
}
