import type { Command } from 'commander';
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

/** Every command and subcommand, as the reader types it: ['read'], ['feed', 'add'] … */
function commandPaths(): string[][] {
  const { ctx } = testContext({ home: home.path });
  const walk = (command: Command, path: string[]): string[][] => command.commands.flatMap((sub) => [[...path, sub.name()], ...walk(sub, [...path, sub.name()])]);
  return walk(createProgram(ctx), []);
}

describe('every command\'s help', () => {
  it('finds the nested commands, so that the walk below covers them', () => {
    const paths = commandPaths().map((path) => path.join(' '));
    expect(paths).toEqual(expect.arrayContaining(['read', 'browse', 'completion', 'feed', 'feed add', 'feed list', 'feed remove', 'feed import', 'feed export', 'fetch']));
  });

  it('words the help option and the help command alike, as "show help"', async () => {
    for (const path of [[], ...commandPaths()]) {
      const { code, stdout } = await news(...path, '--help');
      const shown = `news ${path.join(' ')} --help`;
      expect(code, shown).toBe(0);
      expect(stdout, shown).toMatch(/^ {2}-h, --help +show help$/m);
      expect(stdout, shown).not.toMatch(/display help/i);
      // A command with commands of its own lists `help [command]`, worded as the program's.
      if (/^Commands:$/m.test(stdout)) expect(stdout, shown).toMatch(/^ {2}help \[command\] +show help for a command$/m);
    }
  });

  it('is the same from `news help <command> <subcommand>` as from --help', async () => {
    for (const path of commandPaths()) {
      const asked = await news('help', ...path);
      const flag = await news(...path, '--help');
      expect(asked.code, path.join(' ')).toBe(0);
      expect(asked.stdout, path.join(' ')).toBe(flag.stdout);
      expect(asked.stdout).toMatch(new RegExp(`^Usage: news ${path.join(' ')}[| ]`));
    }
    // Aliases too, and commander's own `news feed help add`.
    expect((await news('help', 'feed', 'rm')).stdout).toBe((await news('feed', 'remove', '--help')).stdout);
    expect((await news('feed', 'help', 'add')).stdout).toBe((await news('feed', 'add', '--help')).stdout);
  });

  it('refuses a subcommand that is not there, with the nearest one', async () => {
    expect(await news('help', 'feed', 'ad')).toEqual({ code: 2, stdout: '', stderr: "news: unknown command 'feed ad'. Did you mean 'news help feed add'? See 'news feed --help'\n", pagers: [] });
    expect(await news('help', 'read', 'witkoff-leak')).toEqual({ code: 2, stdout: '', stderr: "news: unknown command 'read witkoff-leak'. See 'news read --help'\n", pagers: [] });
  });

  it('lists each command as its own Usage line shows it', async () => {
    for (const path of [[], ...commandPaths()]) {
      const { stdout } = await news(...path, '--help');
      const listed = stdout.slice(stdout.indexOf('\nCommands:\n'));
      if (!stdout.includes('\nCommands:\n')) continue;
      for (const line of listed.split('\n').slice(2)) {
        const term = /^ {2}(\S+(?: [<[]\S+)*)(?: {2,}|$)/.exec(line)?.[1];
        if (term === undefined || term.startsWith('help ')) continue;
        const name = term.split(/[| ]/)[0] as string;
        const own = (await news(...path, name, '--help')).stdout.split('\n')[0];
        expect(own, `${path.join(' ')} ${name}`).toBe(`Usage: ${['news', ...path].join(' ')} ${term}`);
      }
    }
    // What `news completion` really needs: a shell (its --list-slugs is for the scripts alone).
    expect((await news('--help')).stdout).toMatch(/^ {2}completion <shell> /m);
  });

  it('names every value an option takes in its description', async () => {
    const { ctx } = testContext({ home: home.path });
    const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
    const withChoices = all(createProgram(ctx)).flatMap((command) => command.options.filter((option) => option.argChoices !== undefined));
    expect(withChoices.map((option) => option.long)).toContain('--format');
    for (const option of withChoices) {
      for (const choice of option.argChoices ?? []) expect(option.description, option.flags).toMatch(new RegExp(`\\b${choice}\\b`));
    }
  });
});
