// The one writer of whole files (articles, reactions, state, indexes): what it leaves behind
// when it works, and when it does not.
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFile } from '../../src/storage/atomic-file.js';
import { writeTextAtomic } from '../../src/storage/json-file.js';
import { tempDir } from '../helpers.js';

let dir: ReturnType<typeof tempDir>;
let target: string;
let temps: number;
const tempPath = (): string => join(dir.path, `data.json.${++temps}`);

beforeEach(() => {
  dir = tempDir('news-atomic-');
  target = join(dir.path, 'data.json');
  temps = 0;
});
afterEach(() => dir.cleanup());

describe('replaceFile', () => {
  it('writes a new file, then replaces it, leaving nothing beside it', () => {
    replaceFile(target, 'one\n', { tempPath });
    replaceFile(target, 'two — ✓\n', { tempPath });
    expect(readFileSync(target, 'utf8')).toBe('two — ✓\n');
    expect(readdirSync(dir.path)).toEqual(['data.json']);
  });

  it('writes bytes given in parts one after the other, empty parts and large ones too', () => {
    const large = Buffer.alloc(3 << 20, 'x');
    const parts = [Buffer.from('{'), Buffer.alloc(0), large.subarray(0, 1 << 20), Buffer.from('ä'), large, Buffer.alloc(0), Buffer.from('}\n')];
    replaceFile(target, parts, { tempPath });
    expect(readFileSync(target).equals(Buffer.concat(parts))).toBe(true);
    expect(readdirSync(dir.path)).toEqual(['data.json']);
  });

  it('leaves the old file whole, and no temp file, when a last check refuses', () => {
    writeFileSync(target, 'old\n');
    expect(() =>
      replaceFile(target, 'new\n', {
        tempPath,
        beforeRename: () => {
          throw new Error('changed under us');
        },
      }),
    ).toThrow('changed under us');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir.path)).toEqual(['data.json']);
  });

  it('leaves no temp file when the rename fails', () => {
    mkdirSync(target); // a folder where the file should be
    expect(() => replaceFile(target, 'new\n', { tempPath })).toThrow(expect.objectContaining({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) }));
    expect(readdirSync(dir.path)).toEqual(['data.json']);
  });

  it('takes another name when the temp name is taken, and leaves that file alone', () => {
    writeFileSync(join(dir.path, 'data.json.1'), 'someone else’s');
    replaceFile(target, 'new\n', { tempPath });
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readFileSync(join(dir.path, 'data.json.1'), 'utf8')).toBe('someone else’s');
  });

  it('replaces a link at the name rather than writing through it', () => {
    const elsewhere = join(dir.path, 'elsewhere.json');
    writeFileSync(elsewhere, 'theirs\n');
    symlinkSync(elsewhere, target);
    replaceFile(target, 'ours\n', { tempPath });
    expect(lstatSync(target).isFile()).toBe(true);
    expect(readFileSync(elsewhere, 'utf8')).toBe('theirs\n');
  });

  it('keeps the permissions of the file it replaces', () => {
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o600);
    replaceFile(target, 'new\n', { tempPath, replacing: statSync(target) });
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it.runIf(process.getuid?.() === 0)('run as root, keeps the owner of the file it replaces', () => {
    writeFileSync(target, 'old\n');
    chownSync(target, 1000, 1000);
    replaceFile(target, 'new\n', { tempPath, replacing: statSync(target) });
    expect(statSync(target)).toMatchObject({ uid: 1000, gid: 1000 });
  });

  it('syncs the folder when asked, and still writes when the folder cannot be opened', () => {
    replaceFile(target, 'new\n', { tempPath, syncFolder: dir.path });
    replaceFile(target, 'newer\n', { tempPath, syncFolder: join(dir.path, 'no-such-folder') });
    expect(readFileSync(target, 'utf8')).toBe('newer\n');
    expect(existsSync(join(dir.path, 'no-such-folder'))).toBe(false);
  });
});

describe('writeTextAtomic', () => {
  it('writes nothing when the last check before the rename refuses (the lock was taken over)', () => {
    writeFileSync(target, 'old\n');
    expect(() =>
      writeTextAtomic(target, 'new\n', {
        beforeRename: () => {
          throw new Error('lost the lock');
        },
      }),
    ).toThrow('lost the lock');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir.path)).toEqual(['data.json']);
  });
});
