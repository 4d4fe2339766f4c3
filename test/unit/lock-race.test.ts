// Two races between processes that find the same stale lock, each made to happen at the one
// moment it can: node:fs is wrapped so that "another process" acts between two of our calls.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockedError, withLock } from '../../src/storage/lock.js';
import { tempDir } from '../helpers.js';

/** Run once, just before the next call of that name; the real call follows. */
const before: Partial<Record<'utimesSync' | 'lstatSync', () => void>> = {};

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const hooked = <K extends 'utimesSync' | 'lstatSync'>(name: K): (typeof real)[K] =>
    ((...args: unknown[]) => {
      const hook = before[name];
      delete before[name];
      hook?.();
      return (real[name] as (...a: unknown[]) => unknown)(...args);
    }) as (typeof real)[K];
  return { ...real, utimesSync: hooked('utimesSync'), lstatSync: hooked('lstatSync') };
});

let dir: ReturnType<typeof tempDir>;
let lock: string;

beforeEach(() => {
  dir = tempDir('news-lock-race-');
  lock = join(dir.path, 'data.json.lock');
});
afterEach(() => {
  for (const name of Object.keys(before)) delete before[name as keyof typeof before];
  dir.cleanup();
});

const makeStale = (): void => {
  fs.mkdirSync(lock);
  const old = new Date(Date.now() - 10_000);
  fs.utimesSync(lock, old, old);
};

describe('a stale lock that several processes take over at once', () => {
  it('is taken again when a loser removes it between our mkdir and our stamp, and the work runs once', async () => {
    // The loser had found the old lock stale, and removes what is there now: ours, unstamped.
    before.utimesSync = () => fs.rmdirSync(lock);
    let runs = 0;
    await withLock(lock, { staleMs: 2000, waitMs: 3000 }, async () => {
      runs++;
      expect(fs.existsSync(lock)).toBe(true);
    });
    expect(runs).toBe(1);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('is not removed once a winner has replaced it since it was found stale, even with a folder of the same number', async () => {
    makeStale();
    // Found stale by the first lstat; by the second, the one just before removing it, a winner
    // has replaced it with a lock of its own (whose folder may get the old one's inode number,
    // as ext4 gives it; the stamp differs), which must be left to it.
    before.lstatSync = () => {
      before.lstatSync = () => {
        const now = new Date();
        fs.utimesSync(lock, now, now);
      };
    };
    await expect(withLock(lock, { staleMs: 2000, waitMs: 50 }, async () => undefined)).rejects.toBeInstanceOf(LockedError);
    expect(fs.existsSync(lock)).toBe(true); // the winner's, still
  });

  it('gives up after waitMs when its new lock is removed before every stamp, instead of trying at once for ever', async () => {
    // As on a network file system whose clock lags by more than staleMs: every new lock looks
    // stale to the others.
    const removeAgain = (): void => {
      fs.rmdirSync(lock);
      before.utimesSync = removeAgain;
    };
    before.utimesSync = removeAgain;
    await expect(withLock(lock, { staleMs: 2000, waitMs: 100 }, async () => undefined)).rejects.toBeInstanceOf(LockedError);
  });
});
