import type { Context } from '../context.js';

/**
 * The commands a reader runs most (read, sections, list, search, react, reactions) are declared as
 * data, their options once, and read by two parsers. commander (src/program.ts) builds the
 * whole command line from them, with help, suggestions and every usage error. parseQuickly
 * reads the plain forms people type (`news read witkoff --width 60`) without loading commander
 * at all: setting it up and parsing with it is about two milliseconds of a start that takes
 * thirty. Whatever parseQuickly does not recognise, or would have to refuse, goes to
 * commander, so that help, messages and exit codes are commander's in every case.
 */
export interface OptionSpec {
  /** As commander takes them: "-w, --width <cols>", "--json", "--no-pager". */
  flags: string;
  description: string;
  /** Checks and converts the value; throws InvalidValue, whose message says what to give. */
  parse?: (value: string) => unknown;
  /** The only values allowed. */
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  description: string;
  /** In order, as commander takes them: "[article]" (optional), "<words...>" (one or more, last). */
  arguments?: readonly { name: string; description: string }[];
  options: readonly OptionSpec[];
  /** Notes and examples after the options in --help. */
  help: string;
  /** The command's work: `args` are the positional arguments given, `options` as commander names them. */
  run(ctx: Context, args: string[], options: Record<string, unknown>): Promise<void>;
  /**
   * Runs, unseen, the code the command's common use needs and a first run may not have, just
   * before that run writes the code cache (src/launcher.ts): the cache holds only the functions
   * the run compiled, and it is written once.
   */
  warmUp?(): Promise<void>;
}

/** A value an option does not take; commander reports it as its own InvalidArgumentError. */
export class InvalidValue extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidValue';
  }
}

/** The program's own option, taken after any command: `--no-color`. */
export const NO_COLOR_FLAGS = '--no-color';

export interface ParsedFlags {
  short: string | undefined;
  long: string | undefined;
  /** The key in the options object: "width", "pager", "listSlugs". */
  key: string;
  takesValue: boolean;
  /** A `--no-…` option, which sets its key to false. */
  negated: boolean;
}

/**
 * "-w, --width <cols>" → -w, --width, "width", with a value: the forms the specs use, read
 * without RegExps, which V8 compiles on every start (a test checks these against commander's
 * own reading of every spec).
 */
export function parseFlags(flags: string): ParsedFlags {
  const parts = flags.split(' ').map((part) => (part.endsWith(',') ? part.slice(0, -1) : part));
  const short = parts.find((part) => part.length === 2 && part[0] === '-' && part[1] !== '-');
  const long = parts.find((part) => part.startsWith('--'));
  const name = long === undefined ? (short ?? '').slice(1) : long.slice(2);
  const negated = name.startsWith('no-');
  const words = (negated ? name.slice(3) : name).split('-');
  const key = words.map((word, index) => (index === 0 ? word : `${word.charAt(0).toUpperCase()}${word.slice(1)}`)).join('');
  return { short, long, key, takesValue: parts.some((part) => part.startsWith('<')), negated };
}

export interface QuickParse {
  spec: CommandSpec;
  args: string[];
  options: Record<string, unknown>;
}

/**
 * The command and what was given to it, as commander would give them, when `argv` is in the
 * plain forms: the command's name first, then words and options, each option as `--long`,
 * `--long value`, `--long=value` or `-s value`. Undefined for anything else (help, `--`, bundled
 * short flags, an unknown option, a value refused or one that starts with a dash, too few or too
 * many words): commander then parses it, and says what is wrong where something is.
 */
export function parseQuickly(specs: readonly CommandSpec[], argv: readonly string[]): QuickParse | undefined {
  const name = argv[0];
  const spec = specs.find((candidate) => candidate.name === name || candidate.aliases?.includes(name ?? ''));
  if (spec === undefined) return undefined;
  const flags = spec.options.map((option) => ({ option, ...parseFlags(option.flags) }));
  // commander gives a `--no-…` option alone a default of true; `--no-pager` beside `--pager` has none.
  const options: Record<string, unknown> = { color: true };
  for (const flag of flags) {
    if (flag.negated && !flags.some((other) => other.key === flag.key && !other.negated)) options[flag.key] = true;
  }
  const args: string[] = [];
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (!arg.startsWith('-')) {
      args.push(arg);
      continue;
    }
    if (arg === NO_COLOR_FLAGS) {
      options.color = false;
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const written = equals === -1 ? arg : arg.slice(0, equals);
    const flag = flags.find(({ short, long }) => written === long || (equals === -1 && written === short));
    if (flag === undefined) return undefined;
    if (!flag.takesValue) {
      if (equals !== -1) return undefined;
      options[flag.key] = !flag.negated;
      continue;
    }
    const value = equals === -1 ? argv[++index] : arg.slice(equals + 1);
    if (value === undefined || value.startsWith('-')) return undefined;
    if (flag.option.choices !== undefined && !flag.option.choices.includes(value)) return undefined;
    try {
      options[flag.key] = flag.option.parse ? flag.option.parse(value) : value;
    } catch {
      return undefined;
    }
  }
  const declared = spec.arguments ?? [];
  const variadic = declared.some(({ name: argument }) => argument.endsWith('...>') || argument.endsWith('...]'));
  const most = variadic ? Infinity : declared.length;
  const least = declared.filter(({ name: argument }) => argument.startsWith('<')).length;
  if (args.length < least || args.length > most) return undefined;
  return { spec, args, options };
}
