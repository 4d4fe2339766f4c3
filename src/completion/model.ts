import type { Argument, Command, Option } from 'commander';
import { PALETTE } from '../reactions/palette.js';

/**
 * What a completion script needs to know about the command line, read from the commander
 * program at run time, so that a new command, option or argument is completed without touching
 * this code. Only what the help shows is offered: hidden commands and options stay hidden.
 *
 * What an argument or option value completes to follows from its name in the program:
 * `<article>` → article names (asked of `news completion --list-slugs` each time, so always
 * current), `<reaction>` → the palette's names, `<shell>` → the shells, `<file>` → files,
 * `[command]` → the commands; choices given to commander (`.choices([...])`) are offered as
 * they are. Anything else (`<cols>`, `<words...>`) takes a value nothing can suggest.
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const isShell = (name: string): name is Shell => (SHELLS as readonly string[]).includes(name);

export type Values =
  /** A value nothing can suggest: a number, free words. */
  | { type: 'none' }
  | { type: 'words'; words: string[] }
  /** Article names, listed by the program when completing (`news completion --list-slugs`). */
  | { type: 'articles' }
  | { type: 'files' };

export interface OptionSpec {
  /** "-w", if the option has a short form. */
  short: string | undefined;
  /** "--width", if the option has a long form. */
  long: string | undefined;
  description: string;
  /** What the option's value completes to; undefined for a flag, which takes none. */
  value: Values | undefined;
}

export interface CommandSpec {
  /** The command's name, then its aliases. */
  names: [string, ...string[]];
  description: string;
  /** Its own options and the program's options that work after it. */
  options: OptionSpec[];
  /** What each positional argument completes to, in order. */
  args: Values[];
  /** Whether the last argument takes any number of words. */
  variadic: boolean;
}

export interface CompletionModel {
  name: string;
  /** The options that go before a command (`news --no-color`). */
  options: OptionSpec[];
  commands: CommandSpec[];
}

/** The hidden option the scripts call for article names: one per line, nothing on stderr. */
export const LIST_SLUGS_OPTION = '--list-slugs';

export function completionModel(program: Command): CompletionModel {
  const help = program.createHelp();
  const commands = help.visibleCommands(program);
  const commandNames = commands.flatMap((command) => [command.name(), ...command.aliases()]);
  // The program's options work after a command too (`news read x --no-color`); its version
  // option is no use there (and its help option is not among them: each command has its own).
  const globals = program.options.filter((option) => !option.hidden && option.attributeName() !== 'version');
  return {
    name: program.name(),
    options: help.visibleOptions(program).map((option) => optionSpec(option, commandNames)),
    commands: commands.map((command) => {
      const args = command.registeredArguments;
      // A command with commands of its own (`news feed add`) completes their names first.
      const own = help.visibleCommands(command).flatMap((sub) => [sub.name(), ...sub.aliases()]);
      return {
        names: [command.name(), ...command.aliases()],
        description: oneLine(command.description()),
        options: [...help.visibleOptions(command), ...globals.filter((global) => !clashes(command, global))].map((option) => optionSpec(option, commandNames)),
        args: own.length > 0 ? [{ type: 'words', words: own.filter((name) => name !== 'help') }] : args.map((argument) => argumentValues(argument, commandNames)),
        variadic: own.length > 0 ? false : (args.at(-1)?.variadic ?? false),
      };
    }),
  };
}

/** A program option the command redefines is the command's. */
function clashes(command: Command, option: Option): boolean {
  return command.options.some((own) => (own.long !== undefined && own.long === option.long) || (own.short !== undefined && own.short === option.short));
}

function optionSpec(option: Option, commandNames: string[]): OptionSpec {
  const takesValue = option.required || option.optional;
  const name = /[<[]([^>\]]*)[>\]]/.exec(option.flags)?.[1] ?? '';
  return {
    short: option.short,
    long: option.long,
    description: oneLine(option.description),
    value: takesValue ? valuesNamed(name, option.argChoices, commandNames) : undefined,
  };
}

function argumentValues(argument: Argument, commandNames: string[]): Values {
  return valuesNamed(argument.name(), argument.argChoices, commandNames);
}

function valuesNamed(name: string, choices: readonly string[] | undefined, commandNames: string[]): Values {
  if (choices !== undefined && choices.length > 0) return { type: 'words', words: [...choices] };
  switch (name.replace(/\.\.\.$/, '')) {
    case 'article':
      return { type: 'articles' };
    case 'reaction':
      return { type: 'words', words: PALETTE.map((entry) => entry.name) };
    case 'shell':
      return { type: 'words', words: [...SHELLS] };
    case 'file':
      return { type: 'files' };
    case 'command':
      return { type: 'words', words: commandNames };
    default:
      return { type: 'none' };
  }
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F-\u009F]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The option's forms, short first: ["-w", "--width"]. */
export function optionNames(option: OptionSpec): string[] {
  return [option.short, option.long].filter((name): name is string => name !== undefined);
}
