import { Command, InvalidArgumentError, Option } from 'commander';
import type { Context } from '../context.js';
import { InvalidValue, type CommandSpec, type OptionSpec } from './spec.js';

/** A command declared as data (src/commands/spec.ts), as commander's Command. */
export function commandFromSpec(spec: CommandSpec, ctx: Context): Command {
  const command = new Command(spec.name).description(spec.description);
  for (const { name, description } of spec.arguments ?? []) command.argument(name, description);
  for (const option of spec.options) command.addOption(optionFromSpec(option));
  return command.addHelpText('after', spec.help).action(async (...received: unknown[]) => {
    // commander passes each declared argument (a word, undefined, or a list of words), then the
    // command's options, then the command.
    const self = received.at(-1) as Command;
    const args = received.slice(0, -2).flatMap((given) => (given === undefined ? [] : Array.isArray(given) ? (given as string[]) : [given as string]));
    await spec.run(ctx, args, { ...self.optsWithGlobals(), ...(received.at(-2) as Record<string, unknown>) });
  });
}

/** An option declared as data, as commander's Option: a refused value is commander's usage error. */
export function optionFromSpec(spec: OptionSpec): Option {
  // commander's argParser replaces its check of choices: an option has one or the other.
  if (spec.choices !== undefined && spec.parse !== undefined) throw new Error(`${spec.flags}: both choices and parse`);
  const option = new Option(spec.flags, spec.description);
  if (spec.choices !== undefined) option.choices(spec.choices);
  const parse = spec.parse;
  if (parse !== undefined) {
    option.argParser((value: string) => {
      try {
        return parse(value);
      } catch (error) {
        throw error instanceof InvalidValue ? new InvalidArgumentError(error.message) : error;
      }
    });
  }
  return option;
}
