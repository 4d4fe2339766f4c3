// Found in review: prototype keys, unknown fields, a removed last-read article, hostile names
// in messages, FIFOs, entities in HTML, and the markers the renderer uses internally.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStore, serializeStore } from '../../src/reactions/store.js';
import { StateFile } from '../../src/state.js';
import { ANY_ESCAPE, tempDir, testContext, runCommand } from '../helpers.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.cleanup());

const news = (args: string[]): ReturnType<typeof runCommand> => runCommand(home.path, args);
function userArticle(slug: string, text: string): void {
  mkdirSync(join(home.path, 'articles'), { recursive: true });
  writeFileSync(join(home.path, 'articles', `${slug}.md`), text);
}
const reactionsPath = (): string => join(home.path, 'reactions.json');

describe('reactions.json', () => {
  it('an article named like an Object property has no reaction until given one', async () => {
    userArticle('constructor', '---\ntitle: Named constructor\n---\n\nBody.\n');
    expect((await news(['list'])).stdout).not.toContain('undefined');
    const first = await news(['react', 'love', 'constructor']);
    expect(first.stdout).toMatch(/^Reacted ❤️ love to “Named constructor”/);
    expect(JSON.parse(readFileSync(reactionsPath(), 'utf8')).reactions.constructor.emoji).toBe('❤️');
  });

  it('keys that are not article names (like __proto__) are not news\'s: kept as they are, never shown', async () => {
    const text = '{"version": 1, "reactions": {"__proto__": {"emoji": "😮", "at": "2025-01-01T00:00:00Z"}, "Bad Key": {"x": 1}}}';
    writeFileSync(reactionsPath(), text);
    expect(Object.keys(parseStore(text, 'x'))).toEqual([]);
    const result = await news(['react', 'wow', 'witkoff-leak']);
    expect(result.code).toBe(0);
    const written = JSON.parse(readFileSync(reactionsPath(), 'utf8')) as { reactions: Record<string, unknown> };
    expect(Object.keys(written.reactions)).toEqual(['Bad Key', '__proto__', 'witkoff-leak']);
    expect(Object.getOwnPropertyDescriptor(written.reactions, '__proto__')?.value).toEqual({ emoji: '😮', at: '2025-01-01T00:00:00Z' });
    expect((await news(['reactions', '--json'])).stdout).not.toContain('Bad Key');
  });

  it('keeps fields it does not know, at the top and in each reaction, when it rewrites the file', async () => {
    writeFileSync(
      reactionsPath(),
      JSON.stringify({ version: 1, device: 'laptop', reactions: { 'witkoff-leak': { emoji: '😮', at: '2025-01-01T00:00:00.000Z', note: 'mine' } } }),
    );
    expect((await news(['react', 'love', 'witkoff-leak'])).code).toBe(0);
    const written = JSON.parse(readFileSync(reactionsPath(), 'utf8'));
    expect(written.device).toBe('laptop');
    expect(written.reactions['witkoff-leak']).toMatchObject({ emoji: '❤️', note: 'mine' });
    expect(Object.keys(written)).toEqual(['version', 'reactions', 'device']);
    expect(Object.keys(written.reactions['witkoff-leak'])).toEqual(['emoji', 'at', 'note']);
  });

  it('serializes the same content to the same bytes, extras after what news writes', () => {
    const reactions = parseStore('{"version":1,"reactions":{"b":{"emoji":"😮","at":"2025-01-01T00:00:00Z"},"a":{"emoji":"👍","at":"2025-01-02T00:00:00Z"}}}', 'x');
    const once = serializeStore(reactions, { version: 1, zeta: 1, alpha: 2 });
    expect(once).toBe(serializeStore(reactions, { alpha: 2, version: 1, zeta: 1 }));
    expect(Object.keys(JSON.parse(once))).toEqual(['version', 'reactions', 'alpha', 'zeta']);
    expect(once.endsWith('}\n')).toBe(true);
  });
});

describe('state.json', () => {
  it('keeps fields it does not know', async () => {
    writeFileSync(join(home.path, 'state.json'), '{"version": 1, "lastRead": "x", "theme": "dark"}\n');
    const state = new StateFile(home.path, () => undefined);
    await state.rememberPosition('witkoff-leak', 3, new Date('2026-12-07T12:00:00Z'));
    expect(JSON.parse(readFileSync(join(home.path, 'state.json'), 'utf8'))).toEqual({
      version: 1,
      lastRead: 'x',
      theme: 'dark',
      positions: { 'witkoff-leak': { block: 3, at: '2026-12-07T12:00:00.000Z' } },
    });
  });

  it('a read still succeeds when the last read cannot be remembered, with one warning', async () => {
    mkdirSync(join(home.path, 'last-read.txt'));
    const result = await news(['read', 'witkoff-leak']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Trump defends Witkoff');
    expect(result.stderr).toMatch(/^news: warning: could not remember the article you read/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the article last read', () => {
  it('once removed, is never replaced by another one (no reaction is written)', async () => {
    userArticle('my-story', '---\ntitle: Mine\n---\n\nBody.\n');
    userArticle('my-story-2', '---\ntitle: Other\n---\n\nBody.\n');
    await news(['read', 'my-story']);
    execFileSync('rm', [join(home.path, 'articles', 'my-story.md')]);
    const react = await news(['react', 'love']);
    expect(react.code).toBe(1);
    expect(react.stderr).toMatch(/^news: the article you read last, "my-story", is no longer in the library/);
    expect(() => readFileSync(reactionsPath())).toThrow();
    expect((await news(['sections'])).code).toBe(1);
  });

  it('a reaction to an article since removed can still be taken back, by its name', async () => {
    userArticle('gone', '---\ntitle: Gone\n---\n\nBody.\n');
    await news(['react', 'wow', 'gone']);
    execFileSync('rm', [join(home.path, 'articles', 'gone.md')]);
    const removed = await news(['react', '--remove', 'gone']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe('Removed your 😮 wow from “gone”.\n');
    expect(JSON.parse(readFileSync(reactionsPath(), 'utf8')).reactions).toEqual({});
    expect((await news(['react', '--remove', 'never-was'])).code).toBe(1);
  });
});

describe('untrusted names in messages', () => {
  it('escape sequences typed on the command line are not echoed back, colour codes included', async () => {
    for (const args of [['read', 'witkoff-leak', '--width', '\u001b[31mX'], ['help', '\u001b[8mhidden'], ['add', '/nonexistent/\u001b[31mred.txt']]) {
      const result = await news(args);
      expect(result.code).not.toBe(0);
      expect(result.stderr, args.join(' ')).not.toMatch(ANY_ESCAPE);
    }
  });

  it('a file name with escape sequences is warned about without them', async () => {
    userArticle('ok', '---\ntitle: Fine\n---\n\nBody.\n');
    writeFileSync(join(home.path, 'articles', 'evil\u001b]0;OWNED\u0007name.md'), 'x');
    const result = await news(['list']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('news: warning:');
    expect(result.stderr).not.toMatch(ANY_ESCAPE);
    expect(result.stderr).not.toContain(']0;');
  });

  it('a FIFO named like an article is refused, not waited on', async () => {
    userArticle('ok', '---\ntitle: Fine\n---\n\nBody.\n');
    execFileSync('mkfifo', [join(home.path, 'articles', 'pipe.md')]);
    const list = await news(['list']);
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/pipe\.md: is not a regular file/);
    const read = await news(['read', 'pipe']);
    expect(read.code).toBe(1);
  });
});

describe('commands typed wrong', () => {
  it('a swapped pair of letters still finds the command', async () => {
    const result = await news(['raed', 'witkoff-leak']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Did you mean 'news read'?");
  });

  it('help for help is help', async () => {
    const result = await news(['help', 'help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: news [options] [command]');
  });

  it('help for an unknown command says so, in one line', async () => {
    const result = await news(['help', 'raed']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(["news: unknown command 'raed'. Did you mean 'news read'? See 'news --help'"]);
  });
});

describe('rendering details', () => {
  it('html output carries no control characters, even from numeric entities', async () => {
    userArticle('ent', '---\ntitle: Entities\n---\n\nEscape &#27;[31mRED and &#155;2J and &#8238;bidi, [rel](//evil.example/x) [ok](./page.html)\n');
    const { stdout } = await news(['read', 'ent', '--format', 'html']);
    expect(stdout).not.toMatch(ANY_ESCAPE);
    expect(stdout).not.toMatch(/\u202E/);
    expect(stdout).not.toContain('href="//evil.example');
    expect(stdout).toContain('<a href="./page.html">ok</a>');
  });

  it('private-use characters in an article are text; the renderer\'s own markers are not', async () => {
    userArticle('pua', '---\ntitle: Icons\n---\n\nIcon \uE000 here and \uE001 there, marker \uFDD0\uFDD1 gone.\n');
    const { stdout } = await news(['read', 'pua']);
    expect(stdout).toContain('Icon \uE000 here and \uE001 there, marker gone.');
  });

  it('code spans are shown as written, entities included', async () => {
    userArticle('code', '---\ntitle: Code\n---\n\nRun `a &amp;& b` now.\n');
    expect((await news(['read', 'code'])).stdout).toContain('Run a &amp;& b now.');
  });
});

describe('news list with one long note', () => {
  it('keeps every title in a pipe, giving the long-noted row its own room', async () => {
    userArticle('the-harbour-council-votes', '---\ntitle: The harbour council votes to close the lighthouse\n---\n\nBody.\n');
    userArticle('witkoff-leak', '---\ntitle: My own Witkoff\n---\n\nBody.\n');
    await news(['react', 'wow', 'witkoff-leak']);
    const lines = (await news(['list'])).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^the-harbour-council-votes {2}The harbour council votes to close th… {2}1 min · yours$/);
    expect(lines[1]).toMatch(/^witkoff-leak +My own Witk… {2}1 min · yours, over the bundled one {2}😮$/);
  });
});

describe('news remove, reviewed', () => {
  it('never suggests a bundled article it cannot remove', async () => {
    const result = await news(['remove', 'witkoff', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^news: no article of yours is named "witkoff"/);
    expect(result.stderr).not.toContain("'news remove witkoff-leak'");
  });
});

describe('news remove asks only where the question can be seen', () => {
  it('with stderr redirected, it wants --yes instead of asking', async () => {
    mkdirSync(join(home.path, 'articles'), { recursive: true });
    writeFileSync(join(home.path, 'articles', 'mine.md'), '---\ntitle: Mine\n---\n\nBody.\n');
    const t = testContext({ home: home.path, io: { stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY: false } });
    const code = await t.run('remove', 'mine');
    expect(code).toBe(2);
    expect(t.io.questions).toEqual([]);
    expect(t.io.stderr).toMatch(/--yes/);
  });
});
