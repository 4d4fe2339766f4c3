import { shellQuote } from '../shell.js';
import { caseFunctions, wordWalk } from './bash.js';
import { LIST_SLUGS_OPTION, optionNames, type CompletionModel, type OptionSpec } from './model.js';

/** "name:description" for _describe, whose names may not hold an unescaped colon. */
const described = (name: string, description: string): string => shellQuote(`${name.replace(/[\\:]/g, '\\$&')}:${description}`);

function describedOptions(options: OptionSpec[]): string {
  return options.flatMap((option) => optionNames(option).map((name) => described(name, option.description))).join(' ');
}

export function zshScript(model: CompletionModel, version: string): string {
  const name = model.name;
  const commands = model.commands.flatMap((command) =>
    command.names.map((alias, index) => described(alias, index === 0 ? command.description : `${command.description} (same as ${command.names[0]})`)),
  );
  const optionArms = [
    `    '') reply=(${describedOptions(model.options)}) ;;`,
    ...model.commands.map((command) => `    ${shellQuote(command.names[0])}) reply=(${describedOptions(command.options)}) ;;`),
  ];
  return `#compdef ${name}
# zsh completion for ${name}, made by \`${name} completion zsh\` (${name} ${version}). Article
# names are asked of \`${name} completion ${LIST_SLUGS_OPTION}\` at each Tab, so they are always current.
# Install: save it as _${name} in a folder on $fpath, before compinit runs in ~/.zshrc:
#   mkdir -p ~/.zfunc && ${name} completion zsh > ~/.zfunc/_${name}
#   # in ~/.zshrc:  fpath=(~/.zfunc $fpath); autoload -Uz compinit && compinit
# or load it from ~/.zshrc, after compinit:  source <(${name} completion zsh)

${caseFunctions(model)}

_news_command_descriptions=(${commands.join(' ')})

# "name:description" of the options of command $1 ("" before any command), in reply.
_news_option_descriptions() {
  case $1 in
${optionArms.join('\n')}
    *) reply=() ;;
  esac
}

# Values of the encoded kind $1 (see _news_option_values) into _news_kind and reply.
_news_set() {
  reply=()
  case $1 in
    words:*) _news_kind=words; reply=(\${=\${1#words:}}) ;;
    articles) _news_kind=words; reply=(\${(f)"$(command ${name} completion ${LIST_SLUGS_OPTION} 2>/dev/null)"}) ;;
    files) _news_kind=files ;;
    *) _news_kind=none ;;
  esac
}

# What the word at $CURRENT of $words can be: sets _news_kind (commands, options, words, files
# or none), reply (the candidates; "name:description" for commands and options) and
# _news_prefix (the "--option=" before a value typed in the same word).
_news_candidates() {
  emulate -L zsh
  local cur=\${words[CURRENT]} word command= pending= dashdash= _news_values
  local -i i args=0
  _news_kind=none _news_prefix= reply=()
${wordWalk({ first: '2', words: 'words', cursor: 'CURRENT' }, ['pending='])}
  if [[ -n $pending ]]; then
    _news_set "$pending"
  elif [[ -z $dashdash && $cur == --?*=* ]]; then
    _news_option_values "$command" "\${cur%%=*}"
    _news_prefix="\${cur%%=*}="
    _news_set "$_news_values"
  elif [[ -z $dashdash && $cur == -* ]]; then
    _news_kind=options
    _news_option_descriptions "$command"
  elif [[ -z $command ]]; then
    _news_kind=commands
    reply=("\${_news_command_descriptions[@]}")
  else
    _news_argument_values "$command" "$args"
    _news_set "$_news_values"
  fi
}

_news() {
  local _news_kind _news_prefix
  local -a reply
  _news_candidates
  [[ -n $_news_prefix ]] && compset -P '*='
  case $_news_kind in
    commands) _describe -t commands '${name} command' reply ;;
    options) _describe -t options 'option' reply ;;
    words) compadd -a reply ;;
    files) _files ;;
    *) return 1 ;;
  esac
}

if [[ $funcstack[1] == _news ]]; then
  # Autoloaded from $fpath by compinit: this file is the body of _news, run at the first Tab.
  _news "$@"
elif (( $+functions[compdef] )); then
  compdef _news ${name}
else
  print -u2 "${name}: zsh's completion system is not loaded: add 'autoload -Uz compinit && compinit' to ~/.zshrc before loading the completion for ${name}"
fi
`;
}
