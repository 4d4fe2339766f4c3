import { shellQuote } from '../shell.js';
import { LIST_SLUGS_OPTION, optionNames, type CompletionModel, type Values } from './model.js';

/**
 * What a value completes to, as the bash and zsh scripts encode it: "none", "articles",
 * "files" or "words:<words separated by spaces>". "" means a flag, which takes no value.
 */
export function encodeValues(values: Values | undefined): string {
  if (values === undefined) return '';
  return values.type === 'words' ? `words:${values.words.join(' ')}` : values.type;
}

/**
 * The `case` arms shared by the bash and zsh scripts: each sets `_news_values` from the
 * command line so far. Both shells read the same `case` syntax.
 */
export function caseFunctions(model: CompletionModel, indent = '  '): string {
  const i1 = indent;
  const i2 = indent.repeat(2);
  const arm = (patterns: string[], value: string): string => `${i2}${patterns.map(shellQuote).join('|')}) _news_values=${shellQuote(value)} ;;`;
  const commandNames = model.commands.flatMap((command) => command.names);

  const resolve = model.commands.map((command) => arm(command.names, command.names[0]));
  const optionValues = [
    ...model.options.flatMap((option) => (option.value ? [arm(optionNames(option).map((name) => ` ${name}`), encodeValues(option.value))] : [])),
    ...model.commands.flatMap((command) =>
      command.options.flatMap((option) => (option.value ? [arm(optionNames(option).map((name) => `${command.names[0]} ${name}`), encodeValues(option.value))] : [])),
    ),
  ];
  const options = [
    arm([''], `words:${model.options.flatMap(optionNames).join(' ')}`),
    ...model.commands.map((command) => arm([command.names[0]], `words:${command.options.flatMap(optionNames).join(' ')}`)),
  ];
  const args = model.commands.flatMap((command) => {
    // The last argument of a variadic command repeats: its value is the default arm's.
    const last = command.args.length - 1;
    const arms = command.args.map((values, index) => (command.variadic && index === last ? `*` : String(index)) + `) _news_values=${shellQuote(encodeValues(values))} ;;`);
    if (arms.length === 0) return [];
    return [`${i2}${shellQuote(command.names[0])}) case $2 in ${arms.join(' ')} esac ;;`];
  });
  return `# The command a word names, aliases resolved ("?" when it names none).
_news_command() {
${i1}case $1 in
${resolve.join('\n')}
${i2}*) _news_values='?' ;;
${i1}esac
}

# What the value of option $2 of command $1 ("" before any command) completes to; "" for a flag.
_news_option_values() {
${i1}_news_values=
${i1}case "$1 $2" in
${optionValues.join('\n')}
${i1}esac
}

# The options of command $1 ("" before any command).
_news_options() {
${i1}_news_values=
${i1}case $1 in
${options.join('\n')}
${i1}esac
}

# What argument $2 (from 0) of command $1 completes to.
_news_argument_values() {
${i1}_news_values=
${i1}case $1 in
${args.join('\n')}
${i1}esac
}

_news_commands=${shellQuote(`words:${commandNames.join(' ')}`)}`;
}

/**
 * The walk over the words before the cursor, shared by the bash and zsh scripts: it finds the
 * command (aliases resolved), counts its arguments, notes a \`--\`, and sets \`pending\` to the
 * values of an option whose value comes next. \`afterOption\` is what each shell does with that
 * value's word.
 */
export function wordWalk(shell: { first: string; words: string; cursor: string }, afterOption: string[]): string {
  return `  for ((i = ${shell.first}; i < ${shell.cursor}; i++)); do
    word=\${${shell.words}[i]}
    if [[ -n $pending ]]; then
${afterOption.map((line) => `      ${line}`).join('\n')}
    elif [[ -z $dashdash && $word == -- ]]; then
      dashdash=1
    elif [[ -z $dashdash && $word == -?* ]]; then
      if [[ $word != *=* ]]; then
        _news_option_values "$command" "$word"
        pending=$_news_values
      fi
    elif [[ -z $command ]]; then
      _news_command "$word"
      command=$_news_values
    else
      args+=1
    fi
  done`;
}

export function bashScript(model: CompletionModel, version: string): string {
  const name = model.name;
  return `# bash completion for ${name}                                    -*- shell-script -*-
# Made by \`${name} completion bash\` (${name} ${version}). Article names are asked of
# \`${name} completion ${LIST_SLUGS_OPTION}\` at each Tab, so they are always current.
# Install for your user:
#   ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
# or load it from ~/.bashrc:
#   source <(${name} completion bash)

${caseFunctions(model)}

# Adds the candidates of kind $1 that start with $2 to COMPREPLY, each after prefix $3.
_news_add() {
  local line
  case $1 in
    words:*) while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -P "$3" -W "\${1#words:}" -- "$2") ;;
    articles) while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -P "$3" -W "$(command ${name} completion ${LIST_SLUGS_OPTION} 2>/dev/null)" -- "$2") ;;
    files)
      compopt -o filenames 2>/dev/null
      while IFS= read -r line; do COMPREPLY+=("$3$line"); done < <(compgen -f -- "$2")
      ;;
  esac
}

_news() {
  local cur=\${COMP_WORDS[COMP_CWORD]} word command= pending= dashdash= i
  local _news_values
  local -i args=0
  COMPREPLY=()
${wordWalk({ first: '1', words: 'COMP_WORDS', cursor: 'COMP_CWORD' }, ['# bash makes "=" a word of its own: "--article = witkoff-leak".', '[[ $word == = ]] || pending='])}
  if [[ -n $pending ]]; then
    [[ $cur == = ]] && cur=
    _news_add "$pending" "$cur" ""
  elif [[ -z $dashdash && $cur == --?*=* ]]; then
    _news_option_values "$command" "\${cur%%=*}"
    _news_add "$_news_values" "\${cur#*=}" "\${cur%%=*}="
  elif [[ -z $dashdash && $cur == -* ]]; then
    _news_options "$command"
    _news_add "$_news_values" "$cur" ""
  elif [[ -z $command ]]; then
    _news_add "$_news_commands" "$cur" ""
  else
    _news_argument_values "$command" "$args"
    _news_add "$_news_values" "$cur" ""
  fi
  return 0
}

complete -F _news ${name}
`;
}
