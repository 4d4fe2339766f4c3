// `news completion`: the scripts are made from the commander program as it is at run time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/program.js';
import { completionScript } from '../../src/commands/completion.js';
import { LIST_SLUGS_OPTION, SHELLS, completionModel } from '../../src/completion/model.js';
import { tempDir, testContext, runCommand } from '../helpers.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.cleanup());

const news = (...args: string[]): ReturnType<typeof runCommand> => runCommand(home.path, args);

function program(): Command {
  return createProgram(testContext({ home: home.path }).ctx);
}

/** Every command name and alias the help shows, each with the flags the help shows for it. */
function visibleCommandsAndOptions(root: Command): { names: string[]; flags: string[] }[] {
  const help = root.createHelp();
  return help.visibleCommands(root).map((command) => ({
    names: [command.name(), ...command.aliases()],
    flags: help.visibleOptions(command).flatMap((option) => [option.short, option.long].filter((flag): flag is string => flag !== undefined)),
  }));
}

describe('news completion <shell>', () => {
  it.each(SHELLS)('%s: prints a script naming every command and each of its options', async (shell) => {
    const { code, stdout, stderr } = await news('completion', shell);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const commands = visibleCommandsAndOptions(program());
    // The commands the brief lists are all there (so the check below is not vacuous).
    expect(commands.flatMap((command) => command.names)).toEqual(
      expect.arrayContaining(['read', 'sections', 'list', 'ls', 'search', 'react', 'reactions', 'add', 'remove', 'completion', 'help']),
    );
    for (const { names, flags } of commands) {
      for (const name of names) expect(stdout, `${shell}: command ${name}`).toMatch(new RegExp(`['\\s]${name}['\\s:]`));
      for (const flag of flags) expect(stdout, `${shell}: ${names[0]} ${flag}`).toContain(shell === 'fish' ? flag.replace(/^--?/, '') : flag);
    }
    // The program's own options, offered before a command.
    for (const flag of ['--version', '--no-color']) expect(stdout).toContain(shell === 'fish' ? flag.slice(2) : flag);
    // Article names come from the program at each Tab, through the hidden option.
    expect(stdout).toContain(`news completion ${LIST_SLUGS_OPTION}`);
  });

  it.each(SHELLS)('%s: the options are read from the program, so a new one is completed too', (shell) => {
    const root = program();
    const read = root.commands.find((command) => command.name() === 'read');
    read?.option('--brand-new-flag', 'an option added after the completion code was written');
    const script = completionScript(root, shell);
    expect(script).toContain(shell === 'fish' ? "-l 'brand-new-flag'" : '--brand-new-flag');
    // …and only for the command that has it.
    const model = completionModel(root);
    expect(model.commands.find((command) => command.names[0] === 'read')?.options.map((option) => option.long)).toContain('--brand-new-flag');
    expect(model.commands.find((command) => command.names[0] === 'list')?.options.map((option) => option.long)).not.toContain('--brand-new-flag');
  });

  it('knows what each argument and option value completes to', () => {
    const model = completionModel(program());
    const command = (name: string) => model.commands.find((spec) => spec.names.includes(name));
    expect(command('ls')?.names).toEqual(['list', 'ls']);
    for (const name of ['read', 'sections', 'remove', 'reactions']) expect(command(name)?.args[0], name).toEqual({ type: 'articles' });
    expect(command('react')?.args).toEqual([{ type: 'words', words: ['like', 'dislike', 'love', 'funny', 'wow', 'sad', 'angry'] }, { type: 'articles' }]);
    expect(command('react')?.options.find((option) => option.long === '--article')?.value).toEqual({ type: 'articles' });
    expect(command('react')?.options.find((option) => option.long === '--remove')?.value).toBeUndefined();
    expect(command('completion')?.args).toEqual([{ type: 'words', words: ['bash', 'zsh', 'fish'] }]);
    expect(command('add')?.args).toEqual([{ type: 'files' }]);
    expect(command('help')?.args[0]).toEqual({ type: 'words', words: expect.arrayContaining(['read', 'react', 'ls', 'completion']) as unknown });
    // The program's --no-color works after a command; its --version is not offered there.
    expect(command('read')?.options.map((option) => option.long)).toContain('--no-color');
    expect(command('read')?.options.map((option) => option.long)).not.toContain('--version');
  });

  it('does not offer hidden options', () => {
    const completion = completionModel(program()).commands.find((spec) => spec.names[0] === 'completion');
    expect(completion?.options.map((option) => option.long)).not.toContain(LIST_SLUGS_OPTION);
  });

  it('an unknown shell is a usage error naming the three shells', async () => {
    const { code, stdout, stderr } = await news('completion', 'tcsh');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^news: [^\n]*"tcsh"[^\n]*\n$/);
    for (const shell of SHELLS) expect(stderr).toContain(shell);
  });

  it('no shell at all is a usage error naming the three shells', async () => {
    const { code, stderr } = await news('completion');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^news: [^\n]*bash, zsh, fish[^\n]*\n$/);
  });

  it('--help says how to install each', async () => {
    const { code, stdout } = await news('completion', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('news completion bash > ~/.local/share/bash-completion/completions/news');
    expect(stdout).toContain('source <(news completion bash)');
    expect(stdout).toContain('news completion zsh > ~/.zfunc/_news');
    expect(stdout).toContain('news completion fish > ~/.config/fish/completions/news.fish');
    expect(stdout).not.toContain(LIST_SLUGS_OPTION);
  });
});

describe(`news completion ${LIST_SLUGS_OPTION}`, () => {
  it('prints every article name, yours included, one a line, and no warnings', async () => {
    const dir = join(home.path, 'articles');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a-story-of-mine.md'), '---\ntitle: Mine\n---\n\nText.\n');
    writeFileSync(join(dir, 'Not_A_Slug.md'), 'a file `news list` warns about');
    writeFileSync(join(dir, 'broken.md'), 'no front matter: not an article, but its name is a slug');
    const { code, stdout, stderr } = await news('completion', LIST_SLUGS_OPTION);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe('a-story-of-mine\nbroken\nwitkoff-leak\n');
  });
});
