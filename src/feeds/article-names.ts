import { readdirSync, statSync } from 'node:fs';
import type { ArticleLibrary } from '../articles/library.js';

const EXTENSION = '.md';

/**
 * The names the library's articles have, for naming a fetch's new ones. The folders are read
 * once a fetch (the reader's again when it changed); asking the library about each name
 * lstat-ed three folders per item, a tenth of a fetch of 49,000 items. A name not here is
 * free; one here is asked about as before. The fetched folder changes only under the fetch
 * lock, where FetchedStore.store checks each new name again.
 */
export class ArticleNames {
  private readonly bundled: Set<string> | undefined;
  private readonly fetched: Set<string> | undefined;
  private user: Set<string> | undefined;
  private userChanged: number | undefined;

  constructor(private readonly library: ArticleLibrary) {
    this.bundled = namesIn(library.bundledDir);
    this.fetched = library.fetched === undefined ? new Set() : namesIn(library.fetched.dir);
    this.userChanged = changedAt(library.userDir);
    this.user = namesIn(library.userDir);
  }

  /** Reads the reader's folder again if it changed: once a feed, before its items are named. */
  refresh(): void {
    const changed = changedAt(this.library.userDir);
    if (changed === this.userChanged) return;
    this.userChanged = changed;
    this.user = namesIn(this.library.userDir);
  }

  /** Whether an article may have this name (false: none had it when the folders were last read). A folder that could not be read may have any. */
  mayBeTaken(slug: string): boolean {
    return [this.user, this.fetched, this.bundled].some((names) => names === undefined || names.has(slug));
  }

  /** Names this fetch has given. */
  add(slugs: Iterable<string>): void {
    for (const slug of slugs) this.fetched?.add(slug);
  }
}

/** The names of the articles in a folder: none when there is no folder, undefined when it cannot be read. */
function namesIn(dir: string): Set<string> | undefined {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? new Set() : undefined;
  }
  // Lower-cased, as a file system that ignores case would find them.
  return new Set(files.filter((name) => name.toLowerCase().endsWith(EXTENSION)).map((name) => name.slice(0, -EXTENSION.length).toLowerCase()));
}

function changedAt(dir: string): number | undefined {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return undefined;
  }
}
