// The lock folder beside reactions.json. Contention between real processes, and writers killed
// while holding it, are in test/e2e/react.test.ts; these are its rules one by one.
import { existsSync, lstatSync, mkdirSync, rmdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockedError, LostLockError, withLock } from '../../src/storage/lock.js';
import { tempDir } from '../helpers.js';

let dir: ReturnType<typeof tempDir>;
let lock: string;
const options = { staleMs: 2000, waitMs: 3000 };

beforeEach(() => {
  dir = tempDir('news-lock-');
  lock = join(dir.path, 'data.json.lock');
});
afterEach(() => {
  vi.restoreAllMocks();
  dir.cleanup();
});

describe('withLock', () => {
  it('holds the folder while the work runs, and removes it after', async () => {
    const seen = await withLock(lock, options, async () => existsSync(lock));
    expect(seen).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  it('removes it after work that fails, and lets that failure through', async () => {
    await expect(withLock(lock, options, async () => Promise.reject(new Error('the work failed')))).rejects.toThrow('the work failed');
    expect(existsSync(lock)).toBe(false);
  });

  it('waits for a live holder to let go', async () => {
    mkdirSync(lock);
    const released = new Promise<void>((resolve) => {
      setTimeout(() => {
        rmdirSync(lock);
        resolve();
      }, 150);
    });
    let releasedFirst = false;
    void released.then(() => (releasedFirst = true));
    await withLock(lock, options, async () => {
      expect(releasedFirst).toBe(true);
    });
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a folder left by a holder that died (untouched for longer than staleMs)', async () => {
    mkdirSync(lock);
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    // Waiting instead would end in LockedError after waitMs.
    await withLock(lock, options, async () => undefined);
    expect(existsSync(lock)).toBe(false);
  });

  it('gives up on a live holder after waitMs', async () => {
    mkdirSync(lock);
    await expect(withLock(lock, { staleMs: 2000, waitMs: 200 }, async () => undefined)).rejects.toBeInstanceOf(LockedError);
    expect(existsSync(lock)).toBe(true); // still the holder's
  });

  it('tells the work, before it commits, that the lock was taken over, and leaves the successor its lock', async () => {
    let committed = false;
    let runs = 0;
    await expect(
      withLock(lock, options, async (assertHeld) => {
        runs++;
        assertHeld(); // still ours, and something is committed (not run again after this)
        // Another process found this lock stale, removed it and made its own.
        rmdirSync(lock);
        mkdirSync(lock);
        const later = new Date(Date.now() + 5000);
        utimesSync(lock, later, later);
        assertHeld();
        committed = true;
      }),
    ).rejects.toBeInstanceOf(LostLockError);
    expect(runs).toBe(1);
    expect(committed).toBe(false);
    expect(existsSync(lock)).toBe(true);
  });

  it('runs the work again, under the lock taken afresh, when it was lost before anything was committed', async () => {
    let runs = 0;
    const result = await withLock(lock, options, async (assertHeld) => {
      runs++;
      if (runs === 1) {
        // Another process found this lock stale, took it over, and lets go 100 ms later.
        rmdirSync(lock);
        mkdirSync(lock);
        setTimeout(() => rmdirSync(lock), 100);
      }
      assertHeld();
      return runs;
    });
    expect(result).toBe(2);
    expect(existsSync(lock)).toBe(false);
  });

  it("tells a successor's lock stamped in the same millisecond from its own", async () => {
    // A stamp to the millisecond (utimes from a Date) would be the successor's too.
    vi.spyOn(Math, 'random').mockReturnValue(0.123456);
    await expect(
      withLock(lock, options, async (assertHeld) => {
        assertHeld();
        const ours = lstatSync(lock).mtimeMs;
        rmdirSync(lock);
        mkdirSync(lock);
        const sameMillisecond = new Date(Math.floor(ours));
        utimesSync(lock, sameMillisecond, sameMillisecond);
        assertHeld();
      }),
    ).rejects.toBeInstanceOf(LostLockError);
    expect(existsSync(lock)).toBe(true); // left to its holder
  });

  it('says the lock is held, not lost, when it was lost before anything was written and the wait is over', async () => {
    let runs = 0;
    await expect(
      withLock(lock, { staleMs: 2000, waitMs: 50 }, async (assertHeld) => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 80));
        rmdirSync(lock);
        mkdirSync(lock); // another process's, live
        assertHeld();
      }),
    ).rejects.toBeInstanceOf(LockedError);
    expect(runs).toBe(1);
  });

  it('does not fail work that is done because the lock cannot be removed after it', async () => {
    const result = await withLock(lock, options, async () => {
      writeFileSync(join(lock, 'in-the-way'), ''); // rmdir of the lock now fails (ENOTEMPTY)
      return 'done';
    });
    expect(result).toBe('done');
  });

  it('stops at once when a link or a file is where the lock folder goes, instead of waiting on it', async () => {
    symlinkSync(join(dir.path, 'nowhere'), lock);
    // Waiting on it would end in LockedError after waitMs, not EEXIST.
    await expect(withLock(lock, options, async () => undefined)).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('lets system errors through, such as a missing folder', async () => {
    await expect(withLock(join(dir.path, 'no', 'such', 'x.lock'), options, async () => undefined)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
