import { Command, CommanderError } from 'commander';
import { addCommand } from './commands/add.js';
import { browseCommand, runBrowse } from './commands/browse.js';
import { completionCommand } from './commands/completion.js';
import { feedCommand, fetchCommand } from './commands/feed.js';
import { commandFromSpec } from './commands/from-spec.js';
import { LIST, runList } from './commands/list.js';
import { READ } from './commands/read.js';
import { REACT } from './commands/react.js';
import { REACTIONS } from './commands/reactions.js';
import { removeCommand } from './commands/remove.js';
import { SEARCH } from './commands/search.js';
import { SECTIONS } from './commands/sections.js';
import type { CommandSpec } from './commands/spec.js';
import type { ArticleLibrary } from './articles/library.js';
import { nearestSlugs } from './articles/slug.js';
import type { Context } from './context.js';
import { AlreadyReported, NewsError, usageError } from './errors.js';
import { isDumbTerminal, type IO } from './io.js';
import { VERSION } from './version.js';

interface Subcommand {
  names: readonly string[];
  make: (ctx: Context) => Command;
  describesTheOthers?: true;
}

/** Every subcommand, with the names it answers to. */
const SUBCOMMANDS: Subcommand[] = [
  fromSpec(READ),
  fromSpec(SECTIONS),
  fromSpec(LIST),
  { names: ['browse'], make: browseCommand },
  fromSpec(SEARCH),
  fromSpec(REACT),
  fromSpec(REACTIONS),
  { names: ['add'], make: addCommand },
  { names: ['remove'], make: removeCommand },
  { names: ['feed'], make: feedCommand },
  { names: ['fetch'], make: fetchCommand },
  // Its scripts complete every command, so it needs them all.
  { names: ['completion'], make: completionCommand, describesTheOthers: true },
];

function fromSpec(spec: CommandSpec): Subcommand {
  return { names: [spec.name, ...(spec.aliases ?? [])], make: (ctx) => commandFromSpec(spec, ctx) };
}

/**
 * A fresh program per run, as commander's maintainers advise, so no state leaks between runs.
 * Given `only` (the command the reader typed), the program holds just that subcommand: setting
 * up all twelve costs ~0.6 ms a run, and a run of `news read` parses and helps with `read` alone.
 */
export function createProgram(ctx: Context, only?: string): Command {
  const program = new Command('news')
    .description('Read news articles, beautifully set in your terminal.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--no-color', 'no colour or emphasis, even on a colour terminal')
    .showSuggestionAfterError(true)
    .allowExcessArguments(true)
    // Commander leaves out `news help [command]` when the program has an action of its own.
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText(
      'after',
      `
Examples:
  $ news                          # browse full-screen (list when piped)
  $ news read witkoff-leak        # read one
  $ news sections                 # the sections of the one you read last
  $ news read witkoff --section 2 # jump to a section
  $ news react 😮                 # answer "What's your reaction?"
  $ news add https://x.org/story  # an article from the web
  $ news feed add https://x.org   # follow a site's feed
  $ news fetch                    # fetch the feeds you follow

Your data (last read, reactions, your own articles in articles/) lives in
${ctx.dataDir} (set NEWS_HOME to move it).`,
    )
    .action(async (options: { color?: boolean }, command: Command) => {
      const unknown = command.args[0];
      if (unknown !== undefined) throw unknownCommand(program, unknown, ctx.library);
      // On a terminal a person browses; in a pipe a script gets the list, as before, and so
      // does a dumb terminal (TERM=dumb), which cannot show a full screen.
      if (ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY && !isDumbTerminal(ctx.io.env)) await runBrowse(ctx, options);
      else await runList(ctx, options);
    });
  const wanted = SUBCOMMANDS.filter(({ names }) => only === undefined || names.includes(only));
  const whole = wanted.length === 0 || wanted.some(({ describesTheOthers }) => describesTheOthers);
  for (const { names, make } of whole ? SUBCOMMANDS : wanted) {
    program.addCommand(make(ctx).aliases(names.slice(1)));
  }
  // `news feed` has commands of its own, each configured like the rest.
  const configureAll = (command: Command): void => {
    configure(command, ctx.io);
    command.commands.forEach(configureAll);
  };
  program.commands.forEach(configureAll);
  configure(program, ctx.io);
  return program;
}

/**
 * 'news raed' or 'news help raed': say so, with the nearest command, or, when an article has
 * that name (or starts with it), how to read it.
 */
function unknownCommand(program: Command, name: string, library: ArticleLibrary): NewsError {
  const names = program.commands.flatMap((sub) => [sub.name(), ...sub.aliases()]);
  const near = nearestSlugs(name, names, 1)[0];
  const hint = near
    ? `Did you mean 'news ${near}'? See 'news --help'`
    : isAnArticle(library, name)
      ? `To read it: news read ${name}. See 'news --help'`
      : "See 'news --help'";
  return usageError(`unknown command '${name}'`, hint);
}

function isAnArticle(library: ArticleLibrary, name: string): boolean {
  try {
    library.find(name);
    return true;
  } catch (error) {
    if (error instanceof NewsError) return false;
    throw error;
  }
}

function configure(command: Command, io: IO): void {
  command.exitOverride();
  command.helpOption('-h, --help', 'show help');
  // commander words the help command of a command with commands (`news feed help`) its own way.
  if (command.commands.length > 0) command.helpCommand('help [command]', 'show help for a command');
  command.configureOutput({
    writeOut: (text) => io.out(text),
    writeErr: (text) => io.err(text),
    // Commander's own usage errors, in the same one-line form as ours: the "(see … --help)" hint
    // that showHelpAfterError writes next ends the same line, so a full stop ending commander's
    // message ("Allowed choices are …, json.") is dropped.
    outputError: (text, write) => write(`${text.replace(/^error: /, 'news: ').trim().replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')} `),
    // The terminal's width comes from the context, as for everything news writes.
    getOutHelpWidth: () => io.columns ?? 80,
    getErrHelpWidth: () => (io.stderrIsTTY && io.columns !== undefined ? io.columns : 80),
  });
  // Commander stops wrapping descriptions narrower than 40 columns; on a narrow terminal a
  // narrow column reads better than lines that run off the edge.
  // A command's line in its parent's list is its own Usage line: commander's shorter form left
  // out what `news completion --help` says it needs, and counted a hidden option as [options].
  command.configureHelp({ minWidthToWrap: 20, subcommandTerm: (sub) => [sub.name(), ...sub.aliases()].join('|') + ` ${sub.usage()}` });
  command.showHelpAfterError(`(see '${commandPath(command)} --help')`);
}

/** "news", "news read", "news feed add": how the reader types the command. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/**
 * `news help feed add` as `news feed add --help`: commander's help command looks at its first
 * word only, and would show the help of `feed`. Each word must name a command of the one
 * before it.
 */
function helpArgs(program: Command, words: readonly string[], library: ArticleLibrary): string[] {
  // Options typed after the names (`news help list --json`) are the command's, and go with them.
  const names = words.filter((word) => !word.startsWith('-'));
  let command = program;
  for (const [index, name] of names.entries()) {
    const sub = command.commands.find((candidate) => candidate.name() === name || candidate.aliases().includes(name));
    if (sub !== undefined) {
      command = sub;
      continue;
    }
    if (command === program) throw unknownCommand(program, name, library);
    const typed = `${commandPath(command)} ${name}`.replace(/^news /, '');
    const near = nearestSlugs(name, command.commands.flatMap((candidate) => [candidate.name(), ...candidate.aliases()]), 1)[0];
    throw usageError(`unknown command '${typed}'`, near ? `Did you mean 'news help ${[...names.slice(0, index), near].join(' ')}'? See '${commandPath(command)} --help'` : `See '${commandPath(command)} --help'`);
  }
  return [...words, '--help'];
}

/**
 * Parses the command line with commander and runs what it names. commander writes its own
 * messages (help, version, usage errors); what it ends with is an AlreadyReported of the code.
 */
export async function runProgram(ctx: Context, argv: readonly string[]): Promise<void> {
  try {
    const program = createProgram(ctx, argv[0]);
    // "news help help" is the help itself, as git has it.
    const args = argv[0] === 'help' && argv[1] !== undefined && argv[1] !== 'help' ? helpArgs(program, argv.slice(1), ctx.library) : argv[0] === 'help' ? ['help'] : [...argv];
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    // Help and version "fail" with exit code 0; every other commander error is a usage error.
    if (error instanceof CommanderError) throw new AlreadyReported(error.exitCode === 0 ? 0 : 2);
    throw error;
  }
}
