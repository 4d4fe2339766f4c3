import { join } from 'node:path';
import { readTextIfExists, stableJson, writeTextAtomic } from './storage/json-file.js';

/**
 * Small facts the reader remembers between runs: for now, the article last read, which
 * `news sections` and `news react` use when no article is named.
 */
export interface ReaderState {
  lastRead: string | undefined;
}

export class StateFile {
  readonly path: string;
  private warned = false;

  constructor(
    dataDir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.path = join(dataDir, 'state.json');
  }

  read(): ReaderState {
    const text = readTextIfExists(this.path);
    if (text === undefined) return { lastRead: undefined };
    const state = parseState(text);
    if (state) return state;
    this.warnOnce();
    return { lastRead: undefined };
  }

  /** Remembers the last article read, unless the file holds something we do not understand. */
  async rememberLastRead(slug: string): Promise<void> {
    const text = readTextIfExists(this.path);
    const state = text === undefined ? undefined : parseState(text);
    if (text !== undefined && !state) {
      this.warnOnce();
      return;
    }
    if (state?.lastRead === slug) return; // unchanged: spare the disk a write and an fsync
    await writeTextAtomic(this.path, stableJson({ version: 1, lastRead: slug }));
  }

  private warnOnce(): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`news: ${this.path} is not a state file news understands, so it was left as it is; delete it to start afresh`);
  }
}

function parseState(text: string): ReaderState | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    if (data === null || typeof data !== 'object') return undefined;
    const { version, lastRead } = data as { version?: unknown; lastRead?: unknown };
    if (version !== 1) return undefined;
    if (lastRead !== undefined && typeof lastRead !== 'string') return undefined;
    return { lastRead };
  } catch {
    return undefined;
  }
}
