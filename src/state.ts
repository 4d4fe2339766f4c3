import { join } from 'node:path';
import { NewsError } from './errors.js';
import { readTextIfExists, stableJson, writeTextAtomic } from './storage/json-file.js';

/**
 * Small facts the reader remembers between runs: for now, the article last read, which
 * `news sections` and `news react` use when no article is named.
 */
export interface ReaderState {
  lastRead: string | undefined;
}

interface StateDocument {
  state: ReaderState;
  /** The whole document, so that a rewrite keeps what else it holds. */
  raw: Record<string, unknown>;
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
    return this.readFile()?.state ?? { lastRead: undefined };
  }

  /**
   * Remembers the last article read. It is a convenience: when it cannot be written (or the
   * file holds something news does not understand, which is then left as it is), the reader
   * is told once, and the command that read the article still succeeds.
   */
  async rememberLastRead(slug: string): Promise<void> {
    try {
      const text = readTextIfExists(this.path);
      const file = text === undefined ? { state: { lastRead: undefined }, raw: {} } : parseState(text);
      if (!file) {
        this.notUnderstood();
        return;
      }
      if (file.state.lastRead === slug) return; // unchanged: spare the disk a write and an fsync
      writeTextAtomic(this.path, stableJson({ ...file.raw, version: 1, lastRead: slug }));
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`could not remember the article you read: ${error.message}`);
    }
  }

  private readFile(): StateDocument | undefined {
    let text: string | undefined;
    try {
      text = readTextIfExists(this.path);
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`could not read the article you read last: ${error.message}`);
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

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`news: warning: ${message}`);
  }
}

function parseState(text: string): StateDocument | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
    const { version, lastRead } = data as { version?: unknown; lastRead?: unknown };
    if (version !== 1) return undefined;
    if (lastRead !== undefined && typeof lastRead !== 'string') return undefined;
    return { state: { lastRead }, raw: data as Record<string, unknown> };
  } catch {
    return undefined;
  }
}
