import type { IO } from './io.js';
import { VERSION } from './version.js';
import type { FetchRequest, FetchResult } from './web/fetch.js';

/**
 * The network, as commands see it: one call that fetches an address, with the environment's
 * proxies and news's User-Agent already applied. Only `add <address>`, `feed add` and `fetch`
 * call it; undici is loaded on that first call, never by a command that stays offline.
 */
export interface Network {
  fetch(request: Omit<FetchRequest, 'env' | 'userAgent'>): Promise<FetchResult>;
  readonly userAgent: string;
}

export function systemNetwork(env: IO['env']): Network {
  const userAgent = `news/${VERSION} (terminal news reader)`;
  return {
    userAgent,
    fetch: async (request) => (await import('./web/fetch.js')).fetchResource({ ...request, env, userAgent }),
  };
}
