import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The temp files data files are written through (replaceFile) are named "<file>.<pid><9
 * digits>": all digits, as write-file-atomic named them before, so that litter of either is
 * known by one pattern; and starting with the writer's process id, so that litter can be told
 * from a file being written.
 */
const RANDOM_DIGITS = 9;

export function tempPathFor(file: string): string {
  return `${file}.${process.pid}${String(Math.floor(Math.random() * 10 ** RANDOM_DIGITS)).padStart(RANDOM_DIGITS, '0')}`;
}

/**
 * Removes the temp files beside `file` left by writers that died ("<file>.<digits>"). One whose
 * writer is alive is being written: by a writer that does not lock (last-read.txt), or by the
 * old holder of a lock taken over as stale, which may be about to rename it.
 */
export function removeDeadWritersTempFiles(dir: string, file: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `${file}.`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const digits = name.slice(prefix.length);
    if (!/^\d+$/.test(digits) || writerIsAlive(digits)) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // Someone else cleaned it up; nothing to do.
    }
  }
}

/** Whether the process a temp file's name starts with runs (this one's files are never in flight here: each is written and renamed at once). */
function writerIsAlive(digits: string): boolean {
  if (digits.length <= RANDOM_DIGITS) return false;
  const pid = Number(digits.slice(0, -RANDOM_DIGITS));
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user. Anything else (ESRCH, a number no process can have): not.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
