import { Command, Option } from 'commander';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { quoteTyped } from '../render/text.js';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { LIST_SLUGS_OPTION, SHELLS, completionModel, isShell, type Shell } from '../completion/model.js';
import { zshScript } from '../completion/zsh.js';

interface CompletionOptions {
  listSlugs?: boolean;
}

export function completionCommand(ctx: Context): Command {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .usage('<shell>')
    // Optional to commander, so that the hidden option works alone; the action asks for it.
    .argument('[shell]', 'bash, zsh or fish')
    // What the scripts call at each Tab for article names: the library's listing only (no
    // article is read or parsed), one per line, and never a warning.
    .addOption(new Option(LIST_SLUGS_OPTION, 'print the article names, one per line, for the completion scripts').hideHelp())
    .addHelpText(
      'after',
      `
Article names are completed as they are when you press Tab, your own articles
included.

Install (then open a new shell):
  bash  $ mkdir -p ~/.local/share/bash-completion/completions
        $ news completion bash > ~/.local/share/bash-completion/completions/news
        or, in ~/.bashrc: source <(news completion bash)
  zsh   $ mkdir -p ~/.zfunc && news completion zsh > ~/.zfunc/_news
        and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)
        (any folder on $fpath will do, as long as the file is named _news)
  fish  $ news completion fish > ~/.config/fish/completions/news.fish

Examples:
  $ news completion bash > ~/.local/share/bash-completion/completions/news
  $ source <(news completion bash)
  $ news completion zsh > ~/.zfunc/_news
  $ news completion fish > ~/.config/fish/completions/news.fish`,
    )
    .action((shell: string | undefined, options: CompletionOptions, command: Command) => {
      if (options.listSlugs) {
        const { entries } = ctx.library.list();
        if (entries.length > 0) ctx.io.out(`${entries.map((entry) => entry.slug).join('\n')}\n`);
        return;
      }
      if (shell === undefined) throw usageError(`which shell? Name one of ${SHELLS.join(', ')}`, "Like 'news completion bash'; 'news completion --help' shows how to install it");
      if (!isShell(shell)) {
        const shown = quoteTyped(shell);
        throw usageError(`no completion for the shell ${shown}: news completes ${SHELLS.join(', ')}`, "Like 'news completion bash'");
      }
      ctx.io.out(completionScript(command.parent ?? command, shell));
    });
}

/** The script for a shell, made from the program as it is now. */
export function completionScript(program: Command, shell: Shell): string {
  const model = completionModel(program);
  const version = program.version() ?? '';
  switch (shell) {
    case 'bash':
      return bashScript(model, version);
    case 'zsh':
      return zshScript(model, version);
    case 'fish':
      return fishScript(model, version);
  }
}
