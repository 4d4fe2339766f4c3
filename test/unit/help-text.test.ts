import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/program.js';
import { columns } from '../../src/render/text.js';
import { tempDir, testContext, runCommand } from '../helpers.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.cleanup());

const news = (...args: string[]): ReturnType<typeof runCommand> => runCommand(home.path, args);

/** The example lines of a help text: `  $ news …`. */
const examples = (help: string): string[] => help.split('\n').filter((line) => line.startsWith('  $ news'));

describe('news --help', () => {
  it('lines up the # comments of its examples, counting 😮 as two columns', async () => {
    const commented = examples((await news('--help')).stdout).filter((line) => line.includes(' # '));
    expect(commented.length).toBeGreaterThanOrEqual(5);
    const at = commented.map((line) => columns(line.slice(0, line.indexOf(' # '))));
    expect(new Set(at).size, commented.join('\n')).toBe(1);
  });
});

describe.each([['read'], ['sections'], ['list'], ['search'], ['react'], ['reactions'], ['add'], ['remove'], ['feed'], ['fetch'], ['completion']])('news %s --help', (command) => {
  it('has notes and examples no wider than 80 columns', async () => {
    const { code, stdout } = await news(command, '--help');
    expect(code).toBe(0);
    // What the command adds after commander's own Usage and Options (which commander wraps).
    const after = stdout.slice(stdout.indexOf('\n\n', stdout.indexOf('Options:')));
    expect(after).toContain('Examples:');
    for (const line of after.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(80);
  });

  it('is the same whether the program was built with every command or this one alone', async () => {
    const { ctx } = testContext({ home: home.path });
    const whole = createProgram(ctx).commands.find((sub) => sub.name() === command);
    const alone = createProgram(ctx, command).commands;
    expect(alone.map((sub) => sub.name())).toEqual(command === 'completion' ? expect.arrayContaining(['read', 'completion']) : [command]);
    expect(alone.find((sub) => sub.name() === command)?.helpInformation()).toBe(whole?.helpInformation());
  });

  it('wraps its arguments and options to a narrow terminal', async () => {
    const t = testContext({ home: home.path, io: { stdoutIsTTY: true, columns: 50 } });
    expect(await t.run(command, '--help')).toBe(0);
    // The blocks commander lays out: from "Arguments:" or "Options:" to the next blank line.
    const blocks = t.io.stdout.split('\n\n').filter((block) => /^(Arguments|Options):/.test(block));
    expect(blocks.length).toBeGreaterThan(0);
    for (const line of blocks.join('\n').split('\n')) expect(columns(line), line).toBeLessThanOrEqual(50);
  });

  it('lines up the # comments of its examples, counting 😮 as two columns', async () => {
    const commented = examples((await news(command, '--help')).stdout).filter((line) => line.includes(' # '));
    const at = commented.map((line) => columns(line.slice(0, line.indexOf(' # '))));
    expect(new Set(at).size, commented.join('\n')).toBeLessThanOrEqual(1);
  });
});

describe('news react --help', () => {
  it('shows its examples with their comments aligned', async () => {
    expect(examples((await news('react', '--help')).stdout)).toEqual([
      '  $ news react 😮                            # the article you read last',
      '  $ news react love witkoff-leak             # a name from the palette',
      '  $ news react :tada: --article witkoff-leak # a :shortcode:',
      '  $ news react --remove witkoff-leak         # take it back',
    ]);
  });
});

describe('news search --help', () => {
  it('gives examples that find the bundled article', async () => {
    const searches = examples((await news('search', '--help')).stdout)
      .filter((line) => line.startsWith('  $ news search '))
      .map((line) => line.slice('  $ news '.length).replace(/\s*(\||#).*$/, ''));
    expect(searches.length).toBeGreaterThanOrEqual(3);
    for (const search of searches) {
      const args = [...search.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
      const { code, stdout } = await news(...args);
      expect(code, search).toBe(0);
      expect(stdout, search).toContain('witkoff-leak');
    }
  });
});
