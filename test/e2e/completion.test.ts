// End-to-end tests of `news completion`: each installed shell loads the script and, asked to
// complete a command line, offers what it should. Article names come from the real binary,
// found on PATH as `news` (a link to bin/news.cjs). Build first: `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNews, tempDir } from '../helpers.js';

const installed = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' }).status === 0;
const HAS_ZSH = installed('zsh');
const HAS_FISH = installed('fish');

let root: ReturnType<typeof tempDir>;
let home: string;
let env: NodeJS.ProcessEnv;
const scripts: Record<string, string> = {};

beforeAll(() => {
  root = tempDir('news-completion-');
  // `news` on PATH is the real binary; the scripts call it for article names.
  const bin = join(root.path, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'news'));
  home = join(root.path, 'news-home');
  mkdirSync(join(home, 'articles'), { recursive: true });
  // An article of the reader's own: completion offers what is in the library now.
  writeFileSync(join(home, 'articles', 'witness-notes.md'), '---\ntitle: Notes\n---\n\nText.\n');
  const userHome = join(root.path, 'user');
  mkdirSync(userHome);
  env = {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: userHome,
    XDG_CONFIG_HOME: join(userHome, '.config'),
    XDG_DATA_HOME: join(userHome, '.local', 'share'),
    LANG: 'C.UTF-8',
    NEWS_HOME: home,
    TERM: 'dumb',
  };
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = runNews(['completion', shell], { home });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    scripts[shell] = join(root.path, `news.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
});
afterAll(() => root.cleanup());

function shell(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { env, cwd: root.path, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the hidden article-name listing the scripts call', () => {
  it('lists bundled and own articles, one a line, and nothing on stderr', () => {
    const result = shell('news', ['completion', '--list-slugs']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('witkoff-leak\nwitness-notes\n');
  });
});

describe('bash', () => {
  /** What the completion function offers for these words, the last being the one at the cursor. */
  function complete(...words: string[]): string[] {
    const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _news; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = shell('bash', ['--norc', '--noprofile', '-c', program, 'bash', scripts.bash ?? '', ...words]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout.split('\n').filter(Boolean).sort();
  }

  it('the script parses and loads without errors, and registers the completion', () => {
    expect(shell('bash', ['-n', scripts.bash ?? ''])).toMatchObject({ status: 0, stderr: '' });
    const result = shell('bash', ['--norc', '--noprofile', '-c', 'source "$1" && complete -p news', 'bash', scripts.bash ?? '']);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain('complete -F _news news');
  });

  it('completes article names, commands, reactions, shells and options', () => {
    expect(complete('news', 'read', 'wit')).toEqual(['witkoff-leak', 'witness-notes']);
    expect(complete('news', 'read', 'witk')).toEqual(['witkoff-leak']);
    expect(complete('news', 're')).toEqual(['react', 'reactions', 'read', 'remove']);
    expect(complete('news', 'react', 'lo')).toEqual(['love']);
    expect(complete('news', 'react', 'love', 'witk')).toEqual(['witkoff-leak']);
    expect(complete('news', 'react', '--article', 'witk')).toEqual(['witkoff-leak']);
    expect(complete('news', 'react', '--article', '=', 'witk')).toEqual(['witkoff-leak']);
    expect(complete('news', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('news', 'ls', '--')).toEqual(['--feed', '--help', '--json', '--limit', '--no-color', '--unread', '--width']);
    expect(complete('news', 'read', 'witkoff-leak', '')).toEqual([]);
  });

  it('completes files for add', () => {
    expect(complete('news', 'add', join(root.path, 'news.b'))).toEqual([scripts.bash]);
  });
});

describe.skipIf(!HAS_ZSH)(`zsh${HAS_ZSH ? '' : ' (skipped: zsh is not installed; apt-get install zsh)'}`, () => {
  const setup = 'autoload -Uz compinit && compinit -D && source "$1" && shift';

  /** What the script's candidate function offers for these words, filtered as zsh would. */
  function candidates(...words: string[]): { kind: string; values: string[] } {
    const program = `${setup}; words=("$@"); CURRENT=$#words; _news_candidates; print -r -- "$_news_kind"; print -rl -- "\${(@M)reply:#\${words[CURRENT]}*}"`;
    const result = shell('zsh', ['-f', '-c', program, 'zsh', scripts.zsh ?? '', ...words]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [kind = '', ...values] = result.stdout.split('\n').filter(Boolean);
    return { kind, values: values.sort() };
  }

  it('the script parses and loads without errors, and registers the completion', () => {
    expect(shell('zsh', ['-n', scripts.zsh ?? ''])).toMatchObject({ status: 0, stderr: '' });
    const result = shell('zsh', ['-f', '-c', `${setup}; print -r -- $_comps[news]`, 'zsh', scripts.zsh ?? '']);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout.trim()).toBe('_news');
  });

  it('works out the candidates for a command line', () => {
    expect(candidates('news', 'read', 'wit')).toEqual({ kind: 'words', values: ['witkoff-leak', 'witness-notes'] });
    expect(candidates('news', 'react', 'lo')).toEqual({ kind: 'words', values: ['love'] });
    expect(candidates('news', 'react', '--article', 'witk')).toEqual({ kind: 'words', values: ['witkoff-leak'] });
    expect(candidates('news', 'completion', '')).toEqual({ kind: 'words', values: ['bash', 'fish', 'zsh'] });
    expect(candidates('news', 'add', 'x')).toEqual({ kind: 'files', values: [] });
    const commands = candidates('news', 're');
    expect(commands.kind).toBe('commands');
    expect(commands.values.map((value) => value.split(':')[0])).toEqual(['react', 'reactions', 'read', 'remove']);
  });

  it('completes in an interactive zsh (zpty): Tab fills in the article and the reaction, and lists the commands', () => {
    // Types each line and a Tab into an interactive zsh, then ^X, bound to a widget that shows
    // the edited line between << >>; zle handles the keys in order, so ^X runs after the Tab.
    const harness = `
zmodload zsh/zpty || exit 3
zpty z env TERM=dumb zsh -f -i
script=$1
shift
zpty -w z 'autoload -Uz compinit && compinit -D'
zpty -w z "source \${(q)script}"
zpty -w z 'show() { zle -M "<<$BUFFER>>" }; zle -N show; bindkey "^X" show; print READY-$((6 * 7))'
zpty -r z out '*READY-42*' || exit 4
for line in "$@"; do
  zpty -w -n z "$line"$'\\t\\C-x'
  out=
  for i in {1..200}; do
    zpty -r -t z chunk && out+=$chunk
    [[ $out == *"<<$line"*'>>'* ]] && break
    sleep 0.1
  done
  print -r -- "=== $line"
  print -r -- "\${out//$'\\r'/}"
  zpty -w -n z $'\\C-u'
done
zpty -d z
`;
    const result = shell('zsh', ['-f', '-c', harness, 'zsh', scripts.zsh ?? '', 'news read witk', 'news react lo', 'news re']);
    expect(result.status, result.stderr).toBe(0);
    const parts = Object.fromEntries(
      result.stdout
        .split('=== ')
        .slice(1)
        .map((part) => [part.slice(0, part.indexOf('\n')), part]),
    );
    expect(parts['news read witk']).toContain('<<news read witkoff-leak >>');
    expect(parts['news react lo']).toContain('<<news react love >>');
    // Several candidates: the line stays, and the list shows each command with its description.
    expect(parts['news re']).toContain('<<news re>>');
    for (const command of ['read', 'react', 'reactions', 'remove']) expect(parts['news re']).toMatch(new RegExp(`\\n${command} +-- `));
  });
});

describe.skipIf(!HAS_FISH)(`fish${HAS_FISH ? '' : ' (skipped: fish is not installed; apt-get install fish)'}`, () => {
  /** The candidates `complete -C` gives for a command line, without their descriptions. */
  function complete(line: string): string[] {
    const result = shell('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scripts.fish ?? '', line]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout
      .split('\n')
      .filter(Boolean)
      .map((candidate) => candidate.split('\t')[0] ?? '')
      .sort();
  }

  it('the script parses and loads without errors', () => {
    expect(shell('fish', ['--no-config', '-n', scripts.fish ?? ''])).toMatchObject({ status: 0, stderr: '' });
    expect(shell('fish', ['--no-config', '-c', 'source $argv[1]', scripts.fish ?? ''])).toMatchObject({ status: 0, stderr: '' });
  });

  it('completes article names, commands, reactions, shells and options', () => {
    expect(complete('news read wit')).toEqual(['witkoff-leak', 'witness-notes']);
    expect(complete('news re')).toEqual(['react', 'reactions', 'read', 'remove']);
    expect(complete('news react lo')).toEqual(['love']);
    expect(complete('news react love witk')).toEqual(['witkoff-leak']);
    expect(complete('news react --article witk')).toEqual(['witkoff-leak']);
    expect(complete('news completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('news ls --')).toEqual(['--feed', '--help', '--json', '--limit', '--no-color', '--unread', '--width']);
    expect(complete('news read witkoff-leak ')).toEqual([]);
  });

  it('completes files for add', () => {
    expect(complete(`news add ${join(root.path, 'news.b')}`)).toEqual([scripts.bash]);
  });
});
