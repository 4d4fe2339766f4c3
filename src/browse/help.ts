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

/** The keys of both screens, on lines that fit 80 columns (one line cut at 80 lost Ctrl-L). */
export const HELP_CLOSING = ['? shows this on either screen. Ctrl-L redraws.', 'Ctrl-C quits, Ctrl-Z suspends (fg returns).'];

/** Lines of the ? screen: a blank and a title per part, its keys, a blank and the closing lines. */
export const HELP_LINES = HELP.reduce((count, [, keys]) => count + 2 + keys.length, 1 + HELP_CLOSING.length);
