import { LIST } from './list.js';
import { REACT } from './react.js';
import { READ } from './read.js';
import { REACTIONS } from './reactions.js';
import { SEARCH } from './search.js';
import { SECTIONS } from './sections.js';
import { parseQuickly, type QuickParse } from './spec.js';

/** The commands read without commander when typed in their plain forms (see spec.ts). */
export const QUICK_COMMANDS = [READ, SECTIONS, LIST, SEARCH, REACT, REACTIONS];

/** The command and what was given to it, when commander is not needed to tell. */
export const quickly = (argv: readonly string[]): QuickParse | undefined => parseQuickly(QUICK_COMMANDS, argv);
