// The pager, seen as a person sees it: news runs in a real terminal (tmux), and the test reads
// the screen and types keys. tmux is installed by .ci/run.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!hasTmux)('news read pages a long article in a terminal', () => {
  let home: ReturnType<typeof tempDir>;
  let session: string;
  let socket: string;

  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  const screen = (): string => tmux('capture-pane', '-p', '-t', session);
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  /** Waits (bounded) until the screen shows what the test expects; returns the screen either way. */
  const waitFor = async (check: (text: string) => boolean): Promise<string> => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const text = screen();
      if (check(text)) return text;
      await sleep(100);
    }
    return screen();
  };
  const start = (rows: number, command: string, env: Record<string, string> = {}): void => {
    const vars = Object.entries({ PATH: process.env.PATH ?? '', HOME: home.path, LANG: 'C.UTF-8', TERM: 'xterm-256color', NEWS_HOME: home.path, PS1: '$ ', HISTFILE: '/dev/null', ...env })
      .map(([key, value]) => `${key}='${value}'`)
      .join(' ');
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', String(rows), `env -i ${vars} bash --norc --noprofile`);
    // Written so that the typed line itself never shows "EXIT=": only the output does.
    tmux('send-keys', '-t', session, `${command}; echo "EX""IT=$?"`, 'Enter');
  };

  beforeEach(() => {
    home = tempDir();
    session = `news-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    socket = join(home.path, 'tmux.sock');
  });
  afterEach(() => {
    spawnSync('tmux', ['-S', socket, 'kill-server']);
    rmSync(home.path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('pages when the article is taller than the screen, and q quits with exit 0', async () => {
    start(20, `${BIN} read witkoff-leak`);
    const paged = await waitFor((text) => text.includes('Trump defends Witkoff') && /^:\s*$/m.test(text));
    expect(paged).toContain('Trump defends Witkoff');
    expect(paged).not.toContain('EXIT=');
    expect(paged).not.toContain('What\'s Your Reaction?'); // the end is further down
    tmux('send-keys', '-t', session, 'q');
    const after = await waitFor((text) => text.includes('EXIT='));
    expect(after).toContain('EXIT=0');
  });

  it('does not page when the article fits on the screen', async () => {
    start(200, `${BIN} read witkoff-leak`);
    const shown = await waitFor((text) => text.includes('EXIT='));
    expect(shown).toContain('EXIT=0');
    expect(shown).toContain('What\'s Your Reaction?');
  });

  it('--no-pager prints straight to the terminal', async () => {
    start(20, `${BIN} read witkoff-leak --no-pager`);
    const shown = await waitFor((text) => text.includes('EXIT='));
    expect(shown).toContain('EXIT=0');
    expect(shown).toContain('news react');
  });

  it('runs $PAGER through the shell, with its arguments', async () => {
    const log = join(home.path, 'pager.log');
    writeFileSync(join(home.path, 'pager.sh'), `#!/bin/sh\necho "args: $*" > '${log}'\ncat > /dev/null\necho PAGER-RAN\n`, { mode: 0o755 });
    start(20, `${BIN} read witkoff-leak`, { PAGER: `${join(home.path, 'pager.sh')} -S --extra` });
    const shown = await waitFor((text) => text.includes('EXIT='));
    expect(shown).toContain('PAGER-RAN');
    expect(shown).toContain('EXIT=0');
    expect(execFileSync('cat', [log], { encoding: 'utf8' })).toBe('args: -S --extra\n');
  });

  it('never pages when piped, even with --pager', async () => {
    start(20, `${BIN} read witkoff-leak --pager | head -3`);
    const shown = await waitFor((text) => text.includes('EXIT='));
    expect(shown).toContain('Trump defends Witkoff');
    expect(shown).toContain('EXIT=0');
    expect(shown).not.toMatch(/^:\s*$/m);
  });
});
