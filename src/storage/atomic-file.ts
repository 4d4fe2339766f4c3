import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, writevSync, type Stats } from 'node:fs';

export interface ReplaceOptions {
  /** A fresh name beside the file, for the new text; asked again (up to five times) if taken. */
  tempPath: () => string;
  /** The file it replaces, whose permissions and owner the new file keeps. */
  replacing?: Pick<Stats, 'mode' | 'uid' | 'gid'> | undefined;
  /** Last checks before the rename; throwing leaves the old file, and the temp file is removed. */
  beforeRename?: (() => void) | undefined;
  /** The folder too is fsynced after the rename, so that the rename itself survives a power cut. */
  syncFolder?: string;
  /**
   * false: the text is not fsynced before the rename. The file is still replaced whole, but
   * after a power cut it may be empty: only for a file whose loss costs a convenience.
   */
  fsync?: boolean;
}

/**
 * Replaces the file at path whole. The text goes to a new file beside it (created exclusively,
 * never through a link), is fsynced (unless `fsync` is false), and is renamed over the name: a
 * reader sees the old file or the new one, never a mix, and news killed at any point leaves at
 * most the temp file. After a power cut the rename itself may be lost, leaving the old file,
 * unless `syncFolder` is given. rename(2) replaces the directory entry itself, so a link at the
 * name is replaced, not followed. Throws the system's error; a temp file that was not renamed
 * is removed.
 *
 * (write-file-atomic did this for data files, at ~1.5 ms a write more than these few calls: it
 * loads signal-exit, which hooks every signal, to remove its temp file on the way out. news
 * removes such litter on the next write instead: temp-files.ts.)
 */
export function replaceFile(path: string, text: string | Uint8Array | readonly Uint8Array[], options: ReplaceOptions): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let temp = '';
  let fd: number | undefined;
  let renamed = false;
  try {
    for (let attempt = 0; fd === undefined; attempt++) {
      temp = options.tempPath();
      try {
        fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o666);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) {
          temp = '';
          throw error;
        }
      }
    }
    if (options.replacing) keepModeAndOwner(fd, options.replacing);
    if (bytes instanceof Uint8Array) writeAll(fd, bytes);
    else writeAllOf(fd, bytes);
    if (options.fsync !== false) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    options.beforeRename?.();
    renameSync(temp, path);
    renamed = true;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
    if (!renamed && temp !== '') {
      try {
        unlinkSync(temp);
      } catch {
        // Gone already, or the folder went: nothing is left to tidy.
      }
    }
  }
  if (options.syncFolder !== undefined) syncFolder(options.syncFolder);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Parts written one after the other, in one call where the system takes them all (no copy of them made whole). */
function writeAllOf(fd: number, parts: readonly Uint8Array[]): void {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  let written = writevSync(fd, parts as Uint8Array[]);
  if (written === total) return;
  for (const part of parts) {
    // What the first call left: the rest of the part it stopped in, then the parts after.
    if (written >= part.length) {
      written -= part.length;
      continue;
    }
    writeAll(fd, part.subarray(written));
    written = 0;
  }
}

/**
 * The new file gets the old one's owner when news runs as root (`sudo news react` must not
 * leave the reader a file they cannot write), then its permissions: chown first, as it clears
 * setuid and setgid bits. As with write-file-atomic, a file system that refuses does not stop
 * the write: no chmod on some mounts, no chown for root on an NFS share that squashes it.
 */
function keepModeAndOwner(fd: number, { mode, uid, gid }: Pick<Stats, 'mode' | 'uid' | 'gid'>): void {
  if (process.getuid?.() === 0 && (uid !== 0 || gid !== 0)) {
    try {
      fchownSync(fd, uid, gid);
    } catch (error) {
      if (!isRefusal(error, ['ENOSYS', 'EINVAL', 'EPERM'])) throw error;
    }
  }
  try {
    fchmodSync(fd, mode & 0o7777);
  } catch (error) {
    if (!isRefusal(error, process.getuid?.() === 0 ? ['ENOSYS'] : ['ENOSYS', 'EINVAL', 'EPERM'])) throw error;
  }
}

function isRefusal(error: unknown, codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The error being thrown already says what went wrong.
  }
}

/** Makes a rename durable; a file system that cannot sync a folder costs nothing more. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort, as the rename has been done.
  }
}
