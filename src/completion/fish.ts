import { LIST_SLUGS_OPTION, type CompletionModel, type OptionSpec, type Values } from './model.js';

/** Quoted for fish: inside single quotes only the quote and the backslash are special. */
const fishQuote = (text: string): string => `'${text.replace(/[\\']/g, '\\$&')}'`;

/** A `complete` line's condition: a call of one of the script's functions. */
const condition = (fn: string, ...args: string[]): string =>
  `-n ${fishQuote([fn, ...args.map((arg) => (/^[\w+-]+$/.test(arg) ? arg : fishQuote(arg)))].join(' '))}`;

function valueFlags(values: Values): string {
  switch (values.type) {
    case 'words':
      return `-a ${fishQuote(values.words.join(' '))}`;
    case 'articles':
      return `-a '(__news_slugs)'`;
    case 'files':
      return '-F';
    default:
      return '';
  }
}

function optionLine(name: string, command: string, option: OptionSpec): string {
  const parts = [`complete -c ${name}`, condition('__news_in', command)];
  if (option.short !== undefined) parts.push(option.short.length === 2 ? `-s ${fishQuote(option.short.slice(1))}` : `-o ${fishQuote(option.short.slice(1))}`);
  if (option.long !== undefined) parts.push(`-l ${fishQuote(option.long.slice(2))}`);
  if (option.value !== undefined) parts.push(option.value.type === 'files' ? '-r' : '-x', valueFlags(option.value));
  parts.push(`-d ${fishQuote(option.description)}`);
  return parts.filter(Boolean).join(' ');
}

/** The encoded kinds the parser needs: only whether an option takes a value. */
function optionArms(command: string, options: OptionSpec[]): string[] {
  return options
    .filter((option) => option.value !== undefined)
    .map((option) => {
      const patterns = [option.short, option.long].filter((flag): flag is string => flag !== undefined).map((flag) => fishQuote(`${command} ${flag}`));
      return `        case ${patterns.join(' ')}\n            echo value`;
    });
}

export function fishScript(model: CompletionModel, version: string): string {
  const name = model.name;
  const lines: string[] = [];
  for (const option of model.options) lines.push(optionLine(name, '', option));
  for (const command of model.commands) {
    command.names.forEach((alias, index) => {
      const description = index === 0 ? command.description : `${command.description} (same as ${command.names[0]})`;
      lines.push(`complete -c ${name} ${condition('__news_at_command')} -a ${fishQuote(alias)} -d ${fishQuote(description)}`);
    });
  }
  for (const command of model.commands) {
    const own = command.names[0];
    for (const option of command.options) lines.push(optionLine(name, own, option));
    command.args.forEach((values, index) => {
      const flags = valueFlags(values);
      if (flags === '') return;
      const position = command.variadic && index === command.args.length - 1 ? `${index}+` : String(index);
      lines.push(`complete -c ${name} ${condition('__news_argument', own, position)} ${flags}`);
    });
  }
  const resolve = model.commands.map((command) => `        case ${command.names.map(fishQuote).join(' ')}\n            echo ${fishQuote(command.names[0])}`);
  const valueOptions = [...optionArms('', model.options), ...model.commands.flatMap((command) => optionArms(command.names[0], command.options))];
  return `# fish completion for ${name}, made by \`${name} completion fish\` (${name} ${version}). Article
# names are asked of \`${name} completion ${LIST_SLUGS_OPTION}\` at each Tab, so they are always current.
# Install:  ${name} completion fish > ~/.config/fish/completions/${name}.fish

function __news_slugs --description 'The article names, as they are now'
    command ${name} completion ${LIST_SLUGS_OPTION} 2>/dev/null
end

function __news_command --argument-names word --description 'The command a word names, aliases resolved'
    switch $word
${resolve.join('\n')}
        case '*'
            echo '?'
    end
end

function __news_takes_value --argument-names command option --description 'Whether the option takes a value'
    switch "$command $option"
${valueOptions.join('\n')}
        case '*'
            return 1
    end
end

# Reads the words before the cursor into __news_cmd (the command, "" before one), __news_args
# (how many arguments it has) and __news_pending (1 when the last word is an option whose value
# comes next).
function __news_state
    set -l words (commandline -opc)
    set -e words[1]
    set -g __news_cmd ''
    set -g __news_args 0
    set -g __news_pending ''
    set -l dashdash ''
    for word in $words
        if test -n "$__news_pending"
            set __news_pending ''
        else if test -z "$dashdash"; and test "$word" = --
            set dashdash 1
        else if test -z "$dashdash"; and string match -qr -- '^-.' $word
            if not string match -q -- '*=*' $word; and __news_takes_value "$__news_cmd" $word
                set __news_pending 1
            end
        else if test -z "$__news_cmd"
            set __news_cmd (__news_command $word)
        else
            set __news_args (math $__news_args + 1)
        end
    end
end

function __news_at_command --description 'Whether the word at the cursor is the command'
    __news_state
    test -z "$__news_cmd"; and test -z "$__news_pending"
end

function __news_in --argument-names command --description 'Whether the cursor is after this command ("" before any)'
    __news_state
    test "$__news_cmd" = "$command"
end

function __news_argument --argument-names command position --description 'Whether the word at the cursor is this argument of the command (from 0; "n+" for n or later)'
    __news_state
    test "$__news_cmd" = "$command"; and test -z "$__news_pending"; or return 1
    if string match -q -- '*+' $position
        test $__news_args -ge (string trim -r -c + -- $position)
    else
        test $__news_args -eq $position
    end
end

complete -c ${name} -e
complete -c ${name} -f
${lines.join('\n')}
`;
}
