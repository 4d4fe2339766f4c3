import { join } from 'node:path';
import { isSlug } from './articles/slug.js';
import { NewsError } from './errors.js';
import { withDataFileLock } from './storage/data-lock.js';
import { readTextIfExists, writeTextAtomic } from './storage/json-file.js';

/**
 * Which articles are unread: those `news fetch` brought in that the reader has not opened yet.
 * Articles the reader added are never unread. The file is `{"version": 1, "unread": [slugs]}`,
 * changed under a lock (fetch adds while read removes), written whole; one that cannot be
 * understood is left as it is, and reading goes on without marks.
 */
const FILE_NAME = 'unread.json';
const VERSION = 1;

export class UnreadMarks {
  readonly path: string;
  private warned = false;

  constructor(
    private readonly dataDir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.path = join(dataDir, FILE_NAME);
  }

  /** The unread slugs, for lists; a file news cannot read is reported once and reads as none. */
  readForDisplay(): Set<string> {
    try {
      return this.read();
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`${error.message}; unread marks are not shown. ${error.hint ?? ''}`.trimEnd());
      return new Set();
    }
  }

  read(): Set<string> {
    const text = readTextIfExists(this.path);
    return text === undefined ? new Set() : parseUnread(text, this.path);
  }

  async add(slugs: Iterable<string>): Promise<void> {
    await this.change((unread) => {
      let changed = false;
      for (const slug of slugs) {
        if (unread.has(slug)) continue;
        unread.add(slug);
        changed = true;
      }
      return changed;
    });
  }

  /**
   * Marks an article read. Reading must not fail because of the marks: a problem is reported
   * once and the article is shown all the same. The file is not even locked when the article
   * was not unread, the common case.
   */
  async markRead(slug: string): Promise<void> {
    try {
      // A library of feeds has tens of thousands of unread marks: a slug that is not even in the
      // file's text is not unread, and the file is not parsed for it (a damaged one is reported
      // by the commands that show marks). Slugs need no escaping in JSON.
      const text = readTextIfExists(this.path);
      if (text === undefined || !text.includes(`"${slug}"`)) return;
      if (!parseUnread(text, this.path).has(slug)) return;
      await this.forget([slug]);
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.warnOnce(`could not mark the article read: ${error.message}`);
    }
  }

  async forget(slugs: Iterable<string>): Promise<void> {
    await this.change((unread) => {
      let changed = false;
      for (const slug of slugs) changed = unread.delete(slug) || changed;
      return changed;
    });
  }

  private async change(apply: (unread: Set<string>) => boolean): Promise<void> {
    await withDataFileLock(this.dataDir, this.path, "Run 'news list --unread' to see what is marked", async (assertHeld) => {
      const unread = this.read();
      if (apply(unread)) writeTextAtomic(this.path, serializeUnread(unread), { beforeRename: assertHeld });
    });
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`news: warning: ${message}`);
  }
}

export function serializeUnread(unread: Set<string>): string {
  return `${JSON.stringify({ version: VERSION, unread: [...unread].sort() }, null, 2)}\n`;
}

export function parseUnread(text: string, path: string): Set<string> {
  const corrupt = (problem: string): NewsError =>
    new NewsError('corrupt-store', `${path} ${problem}, so news left it untouched`, 'Delete it to start afresh: every article then reads as read');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt('is not valid JSON');
  }
  const { version, unread } = (data ?? {}) as { version?: unknown; unread?: unknown };
  if (typeof version === 'number' && version > VERSION) {
    throw new NewsError('corrupt-store', `${path} was written by a newer news (file version ${version}), so news left it untouched`, 'Update news to read it');
  }
  if (version !== VERSION || !Array.isArray(unread) || !unread.every((slug) => typeof slug === 'string' && isSlug(slug))) {
    throw corrupt('is not an unread list news understands');
  }
  return new Set(unread as string[]);
}
