import { join } from 'node:path';
import { ArticleLibrary } from './articles/library.js';
import type { IO } from './io.js';
import { safeMessage } from './render/text.js';
import { cacheDirFor, dataDirFor } from './paths.js';
import { ReactionStore } from './reactions/store.js';
import { StateFile } from './state.js';
import { UnreadMarks } from './unread.js';
import { systemNetwork, type Network } from './network.js';

/** What every command receives: its I/O, the library, the stores, the network, the clock. Nothing global. */
export interface Context {
  io: IO;
  dataDir: string;
  cacheDir: string;
  library: ArticleLibrary;
  state: StateFile;
  reactions: ReactionStore;
  unread: UnreadMarks;
  net: Network;
  now: () => Date;
  /**
   * Sends the stores' warnings somewhere else than stderr until the returned function is
   * called: a full-screen reader shows them on its own status line.
   */
  redirectWarnings(to: (message: string) => void): () => void;
}

// Both src/context.ts and the bundle in dist/ sit one folder below the package root.
export const BUNDLED_ARTICLES_DIR = join(import.meta.dirname, '..', 'articles');

/**
 * The context's IO writes messages through safeMessage: they quote file names, slugs and
 * titles, which are untrusted, and no escape sequence in them may reach the terminal.
 */
function withSafeMessages(io: IO): IO {
  return Object.create(io, {
    err: { value: (text: string) => io.err(safeMessage(text)) },
    status: { value: (text: string) => io.status(safeMessage(text)) },
  }) as IO;
}


export function createContext(rawIO: IO, options: { bundledArticlesDir?: string; now?: () => Date; net?: Network } = {}): Context {
  const io = withSafeMessages(rawIO);
  const dataDir = dataDirFor(io.env);
  const cacheDir = cacheDirFor(io.env);
  let redirected: ((message: string) => void) | undefined;
  // One cause, one warning: with NEWS_HOME a file, a reading would warn about the reactions, the
  // article read last and the unread marks, each for the same reason.
  const causes = new Set<string>();
  const warn = (message: string, cause?: string): void => {
    if (cause !== undefined && causes.has(cause)) return;
    if (cause !== undefined) causes.add(cause);
    if (redirected) redirected(safeMessage(message));
    else io.err(`${message}\n`);
  };
  return {
    io,
    dataDir,
    cacheDir,
    library: new ArticleLibrary(options.bundledArticlesDir ?? BUNDLED_ARTICLES_DIR, join(dataDir, 'articles'), cacheDir, dataDir, warn),
    state: new StateFile(dataDir, warn),
    reactions: new ReactionStore(dataDir, warn),
    unread: new UnreadMarks(dataDir, warn, cacheDir),
    net: options.net ?? systemNetwork(io.env),
    now: options.now ?? (() => new Date()),
    redirectWarnings(to) {
      redirected = to;
      return () => {
        if (redirected === to) redirected = undefined;
      };
    },
  };
}
