/** Every key of the full-screen reader, as the ? screen shows them. */
export const HELP: [string, [string, string][]][] = [
  [
    'The list',
    [
      ['\u2191 \u2193  j k', 'move'],
      ['PgUp PgDn', 'a page up, down'],
      ['g G  Home End', 'the first, the last'],
      ['/', 'filter by title, dek, source (Esc clears)'],
      ['Enter', 'read the article'],
      ['q', 'quit'],
    ],
  ],
  [
    'The article',
    [
      ['\u2193 \u2191  j k', 'a line down, up'],
      ['Space f PgDn', 'a page down'],
      ['b PgUp', 'a page up'],
      ['g G  Home End', 'the top, the end'],
      ['] [', 'the next, the previous section'],
      ['t', 'the outline: Enter jumps to a section'],
      ['/  n N', 'search, the next and previous match'],
      ['r', 'react: 1\u20137, or \u2190 \u2192 and Enter; x removes yours'],
      ['q Esc', 'back to the list'],
    ],
  ],
];

export const HELP_CLOSING = '? shows this on either screen. Ctrl-C quits, Ctrl-Z suspends (fg returns), Ctrl-L redraws.';

/** Lines of the ? screen: a blank and a title per part, its keys, and the closing line. */
export const HELP_LINES = HELP.reduce((count, [, keys]) => count + 2 + keys.length, 2);
