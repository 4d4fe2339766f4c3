import { describe, expect, it } from 'vitest';
import { cacheDirFor, dataDirFor } from '../../src/paths.js';

describe('where the reader keeps data and caches', () => {
  it('is under NEWS_HOME when set, whatever the platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(dataDirFor({ NEWS_HOME: '/n' }, platform, '/home/x')).toBe('/n');
      expect(cacheDirFor({ NEWS_HOME: '/n' }, platform, '/home/x')).toBe('/n/cache');
    }
  });

  it('follows XDG on Linux, ignoring relative values as the spec asks', () => {
    expect(dataDirFor({}, 'linux', '/home/x')).toBe('/home/x/.local/share/news');
    expect(cacheDirFor({}, 'linux', '/home/x')).toBe('/home/x/.cache/news');
    expect(dataDirFor({ XDG_DATA_HOME: '/d' }, 'linux', '/home/x')).toBe('/d/news');
    expect(cacheDirFor({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/x')).toBe('/home/x/.cache/news');
  });

  it('uses $HOME on Unix without being told the home folder', () => {
    expect(cacheDirFor({ HOME: '/home/h' }, 'linux')).toBe('/home/h/.cache/news');
    expect(dataDirFor({ HOME: '/Users/h' }, 'darwin')).toBe('/Users/h/Library/Application Support/news');
  });

  it('follows the platforms elsewhere', () => {
    expect(cacheDirFor({}, 'darwin', '/Users/x')).toBe('/Users/x/Library/Caches/news');
    expect(dataDirFor({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U')).toMatch(/^C:\\L.news.Data$/);
    // Set but empty is not set: never a relative folder.
    expect(cacheDirFor({ LOCALAPPDATA: '' }, 'win32', 'C:\\U')).toMatch(/^C:\\U.AppData.Local.news.Cache$/);
  });
});
