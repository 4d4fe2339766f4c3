import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { isSlug } from '../articles/slug.js';
import { NewsError, describeFsError } from '../errors.js';
import { readTextIfExists, writeTextAtomic } from '../storage/json-file.js';
import { withDataFileLock } from '../storage/data-lock.js';
import { removeDeadWritersTempFiles } from '../storage/temp-files.js';
import { nameOf } from './palette.js';

/** One reader's reaction to one article. */
export interface Reaction {
  emoji: string;
  /** When it was given, as an ISO 8601 timestamp. */
  at: string;
}

export type Reactions = Readonly<Record<string, Reaction>>;

export const STORE_VERSION = 1;
const FILE_NAME = 'reactions.json';

export type Change =
  | { kind: 'added'; reaction: Reaction }
  | { kind: 'changed'; reaction: Reaction; previous: Reaction }
  | { kind: 'unchanged'; reaction: Reaction }
  | { kind: 'removed'; previous: Reaction }
  | { kind: 'absent' };

/**
 * The only code that touches reactions.json. Every change is a read-modify-write under a
 * cross-process lock, written atomically; a file that cannot be understood is never replaced.
 */
export class ReactionStore {
  readonly path: string;
  private warned = false;

  constructor(
    readonly dataDir: string,
    /** `cause`: the error behind it, said once however many warnings have it (context.ts). */
    private readonly warn: (message: string, cause?: string) => void,
  ) {
    this.path = join(dataDir, FILE_NAME);
  }

  exists(): boolean {
    return readTextIfExists(this.path) !== undefined;
  }

  /** For reading commands: a broken file warns once and reads as no reactions. */
  readForDisplay(): Reactions {
    try {
      return this.read();
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      if (!this.warned) this.warn(`news: warning: ${error.message}; your reactions are not shown. ${error.hint ?? ''}`.trimEnd(), error.message);
      this.warned = true;
      return noReactions();
    }
  }

  /** Reads the file; throws a corrupt-store error, naming the file, when it cannot be understood. */
  read(): Reactions {
    return this.readFile().reactions;
  }

  private readFile(): StoreFile {
    const text = readTextIfExists(this.path);
    if (text === undefined) return { reactions: noReactions(), raw: undefined };
    return parseStoreFile(text, this.path);
  }

  async set(slug: string, emoji: string, now: Date): Promise<Change> {
    return this.update((reactions) => {
      const previous = reactions[slug];
      const reaction = { emoji, at: now.toISOString() };
      if (previous && previous.emoji === emoji) return { change: { kind: 'unchanged', reaction: previous } };
      const next = { ...reactions, [slug]: reaction } as Reactions;
      return { next, change: previous ? { kind: 'changed', reaction, previous } : { kind: 'added', reaction } };
    });
  }

  async remove(slug: string): Promise<Change> {
    return this.update((reactions) => {
      const previous = reactions[slug];
      if (!previous) return { change: { kind: 'absent' } };
      const next: Record<string, Reaction> = { ...reactions };
      delete next[slug];
      return { next, change: { kind: 'removed', previous } };
    });
  }

  /**
   * Moves a file that cannot be understood aside, to a timestamped name, and starts afresh.
   * Returns where it went, or undefined when the file was fine and nothing moved.
   */
  async repair(now: Date): Promise<string | undefined> {
    return this.withLock(async (assertHeld) => {
      try {
        this.read();
        return undefined;
      } catch (error) {
        if (!(error instanceof NewsError) || error.kind !== 'corrupt-store') throw error;
      }
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      const aside = `${this.path}.broken-${stamp}`;
      assertHeld();
      try {
        renameSync(this.path, aside);
      } catch (error) {
        throw describeFsError(error, this.path);
      }
      writeTextAtomic(this.path, serializeStore(noReactions()));
      return aside;
    });
  }

  private async update(apply: (reactions: Reactions) => { next?: Reactions; change: Change }): Promise<Change> {
    return this.withLock(async (assertHeld) => {
      const file = this.readFile();
      const { next, change } = apply(file.reactions);
      if (next) writeTextAtomic(this.path, serializeStore(next, file.raw), { beforeRename: assertHeld });
      return change;
    });
  }

  private async withLock<T>(work: (assertHeld: () => void) => Promise<T>): Promise<T> {
    return withDataFileLock(this.dataDir, this.path, 'Check with news reactions, and react again if needed', async (assertHeld) => {
      removeDeadWritersTempFiles(this.dataDir, FILE_NAME);
      return work(assertHeld);
    });
  }
}

/** The file as read: the reactions, and the whole document, so that a rewrite keeps what it holds. */
interface StoreFile {
  reactions: Reactions;
  raw: Record<string, unknown> | undefined;
}

/** No reactions, in an object without a prototype: an article named "constructor" is just a name. */
function noReactions(): Record<string, Reaction> {
  return Object.create(null) as Record<string, Reaction>;
}

/**
 * Version first, then reactions by slug, each with emoji and date first, and a final newline.
 * Anything else the file held (fields a newer or another tool added, at the top or in a
 * reaction) is kept as it was, after what news writes, in sorted order.
 */
export function serializeStore(reactions: Reactions, raw?: Record<string, unknown>): string {
  const oldReactions = (raw?.reactions ?? {}) as Record<string, Record<string, unknown>>;
  // Without a prototype, so that a kept key such as "__proto__" is written as a key.
  const sorted = Object.create(null) as Record<string, unknown>;
  const keys = [...Object.keys(reactions), ...Object.keys(oldReactions).filter((key) => !isSlug(key))].sort();
  for (const slug of keys) {
    if (!Object.hasOwn(reactions, slug)) {
      sorted[slug] = oldReactions[slug];
      continue;
    }
    const { emoji, at } = reactions[slug] as Reaction;
    const old = Object.hasOwn(oldReactions, slug) ? (oldReactions[slug] ?? {}) : {};
    sorted[slug] = { emoji, at, ...extraFields(old, ['emoji', 'at']) };
  }
  const document = { version: STORE_VERSION, reactions: sorted, ...extraFields(raw ?? {}, ['version', 'reactions']) };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function extraFields(object: Record<string, unknown>, known: string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(object)
      .filter((key) => !known.includes(key))
      .sort()
      .map((key) => [key, object[key]]),
  );
}

export function parseStore(text: string, path: string): Reactions {
  return parseStoreFile(text, path).reactions;
}

function parseStoreFile(text: string, path: string): StoreFile {
  const corrupt = (problem: string): NewsError =>
    new NewsError('corrupt-store', `${path} ${problem}, so news left it untouched`, "Run 'news react --repair' to move it aside and start a fresh one");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(text.trim() === '' ? 'is empty' : `is not valid JSON (${(error as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw corrupt('is not a reactions file');
  const { version, reactions } = data as { version?: unknown; reactions?: unknown };
  if (typeof version !== 'number') throw corrupt('has no "version"');
  if (version > STORE_VERSION) {
    throw new NewsError('corrupt-store', `${path} was written by a newer news (file version ${version}), so news left it untouched`, "Update news to read it, or run 'news react --repair' to move it aside and start a fresh one");
  }
  if (version !== STORE_VERSION) throw corrupt(`has an unknown version ${version}`);
  if (reactions === null || typeof reactions !== 'object' || Array.isArray(reactions)) throw corrupt('has no "reactions" object');
  const result = noReactions();
  for (const [slug, value] of Object.entries(reactions)) {
    // A key that is not an article name is not news's: it is kept as it is, and not shown.
    if (!isSlug(slug)) continue;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw corrupt(`has an invalid reaction for "${slug}"`);
    const { emoji, at } = value as { emoji?: unknown; at?: unknown };
    if (!isStoredEmoji(emoji)) throw corrupt(`has an invalid reaction for "${slug}"`);
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw corrupt(`has an invalid date for "${slug}"`);
    result[slug] = { emoji, at };
  }
  return { reactions: result, raw: data as Record<string, unknown> };
}

/**
 * The shape of a stored emoji: short, with a pictograph, and no letters, spaces or controls.
 * Checking against the full emoji table (as `news react` does before writing) costs ~20 ms of
 * start-up, more than every other part of reading the file. The patterns are written here, not
 * as module constants: V8 builds their Unicode sets (\p{L} is large) when the first one is
 * made, ~0.5 ms, and most runs read no reactions.
 */
function isStoredEmoji(value: unknown): value is string {
  if (typeof value === 'string' && nameOf(value) !== undefined) return true; // the palette's, most of all
  return (
    typeof value === 'string' &&
    value.length <= 64 &&
    /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(value) &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\p{L}\s]/u.test(value)
  );
}
