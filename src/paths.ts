import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the reader keeps its data: $NEWS_HOME when set, else the platform's convention
 * (XDG on Linux and other Unixes, Application Support on macOS, LOCALAPPDATA on Windows).
 */
export function dataDirFor(env: Env, platform: NodeJS.Platform = process.platform, home?: string): string {
  if (env.NEWS_HOME) return env.NEWS_HOME;
  const homeDir = (): string => home ?? homeOf(env, platform);
  if (platform === 'darwin') return join(homeDir(), 'Library', 'Application Support', 'news');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homeDir(), 'AppData', 'Local'), 'news', 'Data');
  return join(absoluteOr(env.XDG_DATA_HOME, () => join(homeDir(), '.local', 'share')), 'news');
}

/** Disposable data (indexes, code cache): beside the data under NEWS_HOME, else the platform's cache folder. */
export function cacheDirFor(env: Env, platform: NodeJS.Platform = process.platform, home?: string): string {
  if (env.NEWS_HOME) return join(env.NEWS_HOME, 'cache');
  const homeDir = (): string => home ?? homeOf(env, platform);
  if (platform === 'darwin') return join(homeDir(), 'Library', 'Caches', 'news');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homeDir(), 'AppData', 'Local'), 'news', 'Cache');
  return join(absoluteOr(env.XDG_CACHE_HOME, () => join(homeDir(), '.cache')), 'news');
}

/**
 * The home folder, looked up only when a path needs it. On Unix os.homedir() answers $HOME
 * first, so $HOME is used as it is: loading node:os costs ~0.4 ms at every start. On Windows,
 * where $HOME may be a Git Bash or MSYS one, os.homedir() decides, as it does for Node.
 */
function homeOf(env: Env, platform: NodeJS.Platform): string {
  if (platform !== 'win32' && env.HOME) return env.HOME;
  return process.getBuiltinModule('node:os').homedir();
}

// The XDG spec says relative paths in these variables are invalid and must be ignored.
function absoluteOr(value: string | undefined, fallback: () => string): string {
  return value && value.startsWith('/') ? value : fallback();
}
