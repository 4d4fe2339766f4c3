/** A key as the browser understands it, decoded from what the terminal sends. */
export type Key =
  | { name: 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'escape' | 'backspace' | 'delete' | 'tab' }
  | { name: 'interrupt' | 'suspend' | 'redraw' | 'wheelup' | 'wheeldown' }
  | { name: 'char'; char: string };

type Named = Exclude<Key, { name: 'char' }>['name'];

// CSI and SS3 final bytes, and the "<n>~" forms, that name keys. xterm, VTE, tmux, the Linux
// console and rxvt differ in which they send for Home and End, so every form is taken.
const FINAL: Record<string, Named> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
const TILDE: Record<string, Named> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '5': 'pageup', '6': 'pagedown' };
const CONTROL: Record<number, Named> = { 0x03: 'interrupt', 0x1a: 'suspend', 0x0c: 'redraw', 0x0d: 'enter', 0x0a: 'enter', 0x7f: 'backspace', 0x08: 'backspace', 0x09: 'tab' };

/**
 * The keys in what the terminal sent. Anything unknown (function keys, mouse clicks) is
 * dropped whole, never taken for the letters it contains. An escape sequence cut short is
 * dropped too: callers hold back an incompleteTail() until the rest arrives.
 */
export function decodeKeys(input: string): Key[] {
  const keys: Key[] = [];
  let index = 0;
  while (index < input.length) {
    const code = input.charCodeAt(index);
    if (code === 0x1b) {
      const next = input[index + 1];
      if (next === undefined || next === '\u001B') {
        keys.push({ name: 'escape' });
        index++;
        continue;
      }
      if (next === '[') {
        // eslint-disable-next-line no-control-regex -- an escape sequence is what is decoded here
        const match = /^\u001B\[([0-?]*)([ -/]*)([@-~])/.exec(input.slice(index, index + 32));
        if (!match) {
          index = input.length; // a sequence cut short: nothing in it is a key
          continue;
        }
        const key = csiKey(match[1] ?? '', match[3] ?? '');
        if (key) keys.push(key);
        index += match[0].length;
        continue;
      }
      if (next === 'O') {
        const name = FINAL[input[index + 2] ?? ''];
        if (name) keys.push({ name } as Key);
        index += 3;
        continue;
      }
      // Escape and then a key, typed quickly (or Alt with the key, which a reader takes alike).
      keys.push({ name: 'escape' });
      index++;
      continue;
    }
    const control = CONTROL[code];
    if (control) {
      // A terminal in raw mode may send Enter as CR LF: one key.
      keys.push({ name: control } as Key);
      index += code === 0x0d && input.charCodeAt(index + 1) === 0x0a ? 2 : 1;
      continue;
    }
    const character = String.fromCodePoint(input.codePointAt(index) ?? 0);
    index += character.length;
    if (code < 0x20 || (code >= 0x80 && code < 0xa0)) continue;
    keys.push({ name: 'char', char: character });
  }
  return keys;
}

function csiKey(parameters: string, final: string): Key | undefined {
  // SGR mouse reports: "<button;column;row" and M (press) or m (release). The wheel is 64 and
  // 65, with 4, 8 and 16 added for Shift, Meta and Control.
  if (parameters.startsWith('<')) {
    if (final !== 'M') return undefined;
    const button = Number(parameters.slice(1).split(';')[0]) & ~(4 | 8 | 16);
    return button === 64 ? { name: 'wheelup' } : button === 65 ? { name: 'wheeldown' } : undefined;
  }
  if (final === '~') {
    const name = TILDE[parameters.split(';')[0] ?? ''];
    return name ? ({ name } as Key) : undefined;
  }
  const name = FINAL[final];
  // "1;5A" is Ctrl-Up and the like: the same key for a reader.
  return name && /^(?:1(?:;\d+)?)?$/.test(parameters) ? ({ name } as Key) : undefined;
}

/**
 * How many characters at the end of `input` may be the start of a key whose rest has not
 * arrived (over ssh a sequence can be split between reads): a lone escape, or an escape
 * sequence without its final byte. Held back for a moment, they are the key they start, or,
 * when nothing follows, the Escape key itself.
 */
export function incompleteTail(input: string): number {
  const at = input.lastIndexOf('\u001B');
  if (at === -1 || input.length - at > 16) return 0;
  const tail = input.slice(at);
  return /^\u001B(?:\[[0-?]*[ -/]*|O)?$/.test(tail) ? tail.length : 0; // eslint-disable-line no-control-regex
}
