import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the reader keeps its data: $NEWS_HOME when set, else the platform's convention
 * (XDG on Linux and other Unixes, Application Support on macOS, LOCALAPPDATA on Windows).
 */
export function dataDirFor(env: Env, platform: NodeJS.Platform = process.platform, home: string = homeOf(env)): string {
  if (env.NEWS_HOME) return env.NEWS_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'news');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'news', 'Data');
  return join(absoluteOr(env.XDG_DATA_HOME, join(home, '.local', 'share')), 'news');
}

/** Disposable data (indexes, code cache): beside the data under NEWS_HOME, else the platform's cache folder. */
export function cacheDirFor(env: Env, platform: NodeJS.Platform = process.platform, home: string = homeOf(env)): string {
  if (env.NEWS_HOME) return join(env.NEWS_HOME, 'cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'news');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'news', 'Cache');
  return join(absoluteOr(env.XDG_CACHE_HOME, join(home, '.cache')), 'news');
}

/**
 * $HOME, which is what os.homedir() answers first on Unix; node:os is loaded only without it
 * (Windows, a bare environment), as it costs ~0.4 ms at every start.
 */
function homeOf(env: Env): string {
  return env.HOME || process.getBuiltinModule('node:os').homedir();
}

// The XDG spec says relative paths in these variables are invalid and must be ignored.
function absoluteOr(value: string | undefined, fallback: string): string {
  return value && value.startsWith('/') ? value : fallback;
}
