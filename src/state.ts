import { statSync } from 'node:fs';
import { join } from 'node:path';
import { isSlug } from './articles/slug.js';
import { NewsError } from './errors.js';
import { withDataFileLock } from './storage/data-lock.js';
import { readTextIfExists, stableJson, writeTextAtomic } from './storage/json-file.js';
import { removeDeadWritersTempFiles } from './storage/temp-files.js';

const LAST_READ = 'last-read.txt';

/**
 * Small facts the reader remembers between runs: the article last read (`last-read.txt`),
 * which `news sections` and `news react` use when no article is named, and where the reader
 * stopped in each article in `news browse` (`state.json`: the paragraph at the top of the
 * screen).
 */
interface ReaderState {
  /** Kept in state.json by news before 2026-12-07; read where there is no last-read.txt. */
  lastRead: string | undefined;
  /** Where the reader stopped in each article: the paragraph at the top, and when. */
  positions: Readonly<Record<string, Position>>;
}

export interface Position {
  block: number;
  at: string;
}

/** Positions kept; the longest unread go first, so the file stays small however much is read. */
export const MAX_POSITIONS = 1000;

interface StateDocument {
  state: ReaderState;
  /** The whole document, so that a rewrite keeps what else it holds. */
  raw: Record<string, unknown>;
}

/** What `last-read.txt` holds (see rememberLastRead). */
type LastReadFile = { kind: 'absent' } | { kind: 'nothing' } | { kind: 'slug'; slug: string } | { kind: 'not-understood' };

export class StateFile {
  readonly path: string;
  readonly lastReadPath: string;
  private warned = false;

  constructor(
    private readonly dataDir: string,
    /** `cause`: the error behind it, said once however many warnings have it (context.ts). */
    private readonly warn: (message: string, cause?: string) => void,
  ) {
    this.path = join(dataDir, 'state.json');
    this.lastReadPath = join(dataDir, LAST_READ);
  }

  /** Where the reader stopped in each article. */
  positions(): Readonly<Record<string, Position>> {
    return this.readFile('where you stopped reading')?.state.positions ?? {};
  }

  /**
   * The article read last: `last-read.txt`, or where there is none yet, what state.json says
   * (news kept it there before 2026-12-07). A file that cannot be read is a warning; with
   * `required`, a data folder that is not one is the error.
   */
  lastRead({ required = false }: { required?: boolean } = {}): string | undefined {
    let last: LastReadFile;
    try {
      last = this.readLastRead();
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      // A command that needs the data folder (react) fails at once where a file is in its way,
      // rather than warn, then fail for the same reason. A last-read.txt of its own that cannot
      // be read is only a warning: the command can still name its article otherwise.
      if (required && !isFolder(this.dataDir)) throw error;
      this.warnOnce(`could not read the article you read last: ${error.message}`, error.message);
      return undefined;
    }
    switch (last.kind) {
      case 'slug':
        return last.slug;
      case 'absent':
        return this.readFile('the article you read last')?.state.lastRead;
      case 'not-understood':
        this.lastReadNotUnderstood();
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * Remembers the last article read. It is a convenience: when it cannot be written (or the
   * file holds something news does not understand, which is then left as it is), the reader
   * is told once, and the command that read the article still succeeds.
   *
   * It is done on every article a reader opens, so it is kept cheap: a file of one line,
   * replaced whole without a lock (nothing is read and written back: of two reads at once,
   * whichever ends last is the one read last) and without an fsync. A power cut may then
   * leave it empty or zeroed, which remembers nothing and is written over. In state.json,
   * under its lock and fsynced, it took 1.8–2.2 ms of a read.
   */
  async rememberLastRead(slug: string): Promise<void> {
    try {
      const last = this.readLastRead();
      if (last.kind === 'slug' && last.slug === slug) return;
      if (last.kind === 'not-understood') {
        this.lastReadNotUnderstood();
        return;
      }
      writeTextAtomic(this.lastReadPath, `${slug}\n`, { fsync: false });
      // A reader killed between its temp file and the rename leaves the temp file.
      removeDeadWritersTempFiles(this.dataDir, LAST_READ);
      if (last.kind !== 'absent') return;
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`could not remember the article you read: ${error.message}`, error.message);
      return;
    }
    // The file is new: state.json's, from an older news, would come back if it were deleted.
    if (this.peek()?.state.lastRead !== undefined) {
      await this.change('the article you read', (raw) => {
        if (!('lastRead' in raw)) return undefined;
        const rest = { ...raw };
        delete rest.lastRead;
        return rest;
      });
    }
  }

  /** Throws a NewsError when the file is there but cannot be read. */
  private readLastRead(): LastReadFile {
    const text = readTextIfExists(this.lastReadPath);
    if (text === undefined) return { kind: 'absent' };
    // Text with a zero byte is no name, and is what a power cut can leave of one not fsynced.
    if (text === '' || text.includes('\0')) return { kind: 'nothing' };
    const slug = text.replace(/\r?\n$/, '');
    return isSlug(slug) ? { kind: 'slug', slug } : { kind: 'not-understood' };
  }

  private lastReadNotUnderstood(): void {
    this.warnOnce(`${this.lastReadPath} does not hold the name of an article, so it was left as it is; delete it to start afresh`);
  }

  /** Remembers where the reader stopped in an article (block 0, the top, forgets it). */
  async rememberPosition(slug: string, block: number, now: Date): Promise<void> {
    await this.change('where you stopped reading', (raw, state) => {
      const positions = new Map(Object.entries(state.positions));
      const known = positions.get(slug);
      if ((known === undefined && block === 0) || known?.block === block) return undefined;
      if (block > 0) positions.set(slug, { block, at: now.toISOString() });
      else positions.delete(slug);
      // The file's keys are sorted: the time says which were read longest ago.
      const byAge = [...positions].sort(([, a], [, b]) => a.at.localeCompare(b.at));
      for (const [old] of byAge.slice(0, Math.max(0, byAge.length - MAX_POSITIONS))) positions.delete(old);
      return { ...raw, positions: Object.fromEntries(positions) };
    });
  }

  /**
   * A change to the file, under its lock. It is a convenience: when it cannot be written (or the
   * file holds something news does not understand, which is then left as it is), the reader
   * is told once, and the command still succeeds.
   */
  private async change(what: string, apply: (raw: Record<string, unknown>, state: ReaderState) => Record<string, unknown> | undefined): Promise<void> {
    try {
      await withDataFileLock(this.dataDir, this.path, 'Nothing is lost but a convenience', async (assertHeld) => {
        const text = readTextIfExists(this.path);
        const file = text === undefined ? { state: { lastRead: undefined, positions: {} }, raw: {} } : parseState(text);
        if (!file) {
          this.notUnderstood();
          return;
        }
        const next = apply(file.raw, file.state);
        if (next === undefined) return;
        writeTextAtomic(this.path, stableJson({ ...next, version: 1 }), { beforeRename: assertHeld });
      });
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`could not remember ${what}: ${error.message}`, error.message);
    }
  }

  /** The file as it is, without warnings. */
  private peek(): StateDocument | undefined {
    try {
      const text = readTextIfExists(this.path);
      return text === undefined ? undefined : parseState(text);
    } catch {
      return undefined;
    }
  }

  private readFile(what: string): StateDocument | undefined {
    let text: string | undefined;
    try {
      text = readTextIfExists(this.path);
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`could not read ${what}: ${error.message}`, error.message);
      return undefined;
    }
    if (text === undefined) return undefined;
    const file = parseState(text);
    if (!file) this.notUnderstood();
    return file;
  }

  private notUnderstood(): void {
    this.warnOnce(`${this.path} is not a state file news understands, so it was left as it is; delete it to start afresh`);
  }

  private warnOnce(message: string, cause?: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`news: warning: ${message}`, cause);
  }
}

function parseState(text: string): StateDocument | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    if (!isRecord(data)) return undefined;
    const { version, lastRead, positions } = data as { version?: unknown; lastRead?: unknown; positions?: unknown };
    if (version !== 1) return undefined;
    if (lastRead !== undefined && typeof lastRead !== 'string') return undefined;
    if (positions !== undefined && !(isRecord(positions) && Object.values(positions).every(isPosition))) return undefined;
    return { state: { lastRead, positions: (positions ?? {}) as Record<string, Position> }, raw: data };
  } catch {
    return undefined;
  }
}

function isPosition(value: unknown): value is Position {
  if (!isRecord(value)) return false;
  const { block, at } = value;
  return Number.isSafeInteger(block) && (block as number) >= 0 && typeof at === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `path` is a folder, or nothing yet (made when first written); false where a file is in the way. */
function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? true;
  } catch {
    return false;
  }
}
