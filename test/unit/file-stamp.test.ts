// The size and mtime by which an index knows a hand-edited file: the fast lstat must give what
// fs.lstatSync gives, or step aside.
import { lstatSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lstatStamp, makeFileStamp, type RawLstat } from '../../src/storage/file-stamp.js';
import { tempDir } from '../helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('news-stamp-');
});
afterEach(() => dir.cleanup());

const publicStamp = (path: string) => {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return stat && { size: stat.size, mtimeMs: stat.mtimeMs };
};

describe('lstatStamp', () => {
  it('gives what lstatSync gives for files of any size and mtime, links, folders and nothing', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.integer({ min: 0, max: 4_000_000_000 }), fc.nat(999_999), (size, seconds, micros) => {
        const path = join(dir.path, 'article.md');
        writeFileSync(path, 'x'.repeat(size));
        const when = seconds + micros / 1e6;
        utimesSync(path, when, when);
        expect(lstatStamp(path)).toEqual(publicStamp(path));
      }),
      { numRuns: 200 },
    );
    const link = join(dir.path, 'link.md');
    symlinkSync(join(dir.path, 'gone.md'), link);
    mkdirSync(join(dir.path, 'folder.md'));
    for (const path of [link, join(dir.path, 'folder.md'), join(dir.path, 'gone.md'), dir.path]) expect(lstatStamp(path)).toEqual(publicStamp(path));
    expect(lstatStamp(join(dir.path, 'gone.md'))).toBeUndefined();
  });

  it('sees a file edited, replaced and removed, each at the next call', () => {
    const path = join(dir.path, 'own.md');
    writeFileSync(path, 'one');
    utimesSync(path, 1000, 1000.25);
    expect(lstatStamp(path)).toEqual({ size: 3, mtimeMs: 1_000_250 });
    writeFileSync(path, 'three');
    utimesSync(path, 1000, 1000.5);
    expect(lstatStamp(path)).toEqual({ size: 5, mtimeMs: 1_000_500 });
    rmSync(path);
    expect(lstatStamp(path)).toBeUndefined();
  });

  it('throws what lstatSync throws for a path that cannot be looked at', () => {
    const file = join(dir.path, 'plain.md');
    writeFileSync(file, 'text');
    expect(() => lstatStamp(join(file, 'below'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => lstatStamp(`${file}\0.md`)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });
});

describe('makeFileStamp', () => {
  /** A raw lstat that answers from `answer`, counting its calls. */
  function fakeRaw(answer: (path: string) => ArrayLike<number> | undefined): RawLstat & { calls: number } {
    const raw = Object.assign((path: string) => {
      raw.calls++;
      return answer(path);
    }, { calls: 0 });
    return raw;
  }
  const values = (size: number, mtimeMs: number) => {
    const array = new Float64Array(18);
    array[8] = size;
    array[12] = Math.floor(mtimeMs / 1000);
    array[13] = (mtimeMs % 1000) * 1e6;
    return array;
  };

  it('trusts a raw lstat once it agreed on a file that exists, and uses it alone after', () => {
    const path = join(dir.path, 'a.md');
    writeFileSync(path, 'abc');
    utimesSync(path, 2000, 2000);
    const raw = fakeRaw((asked) => (asked === path ? values(3, 2_000_000) : undefined));
    const stamp = makeFileStamp(raw);
    expect(stamp(join(dir.path, 'none.md'))).toBeUndefined(); // agreement on nothing proves nothing
    expect(stamp(path)).toEqual({ size: 3, mtimeMs: 2_000_000 });
    rmSync(path);
    // Trusted now: what it says is what is given, without lstatSync.
    expect(stamp(path)).toEqual({ size: 3, mtimeMs: 2_000_000 });
    expect(raw.calls).toBe(3);
  });

  it('drops a raw lstat that disagrees, for good', () => {
    const path = join(dir.path, 'a.md');
    writeFileSync(path, 'abc');
    const raw = fakeRaw(() => values(4, 0));
    const stamp = makeFileStamp(raw);
    expect(stamp(path)).toEqual(publicStamp(path));
    writeFileSync(path, 'abcdef');
    expect(stamp(path)).toEqual(publicStamp(path));
    expect(raw.calls).toBe(1);
  });

  it('lets lstatSync answer when the raw lstat throws or is not there', () => {
    const path = join(dir.path, 'a.md');
    writeFileSync(path, 'abc');
    const throwing = makeFileStamp(
      fakeRaw(() => {
        throw new Error('not what lstatSync would say');
      }),
    );
    expect(throwing(path)).toEqual(publicStamp(path));
    expect(() => throwing(join(path, 'below'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(makeFileStamp(undefined)(path)).toEqual(publicStamp(path));
  });
});
