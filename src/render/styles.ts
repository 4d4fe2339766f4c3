import type { ChalkInstance } from 'chalk';
import type { ColorLevel } from '../io.js';

/** The styling for one run: a chalk instance at the level the terminal and flags decided. */
export interface Styles {
  chalk: ChalkInstance;
  level: ColorLevel;
}

/** chalk builds its style tables when loaded (~0.5 ms), so it is loaded by the first run that styles. */
export async function stylesFor(level: ColorLevel): Promise<Styles> {
  const { Chalk } = await import('chalk');
  return { chalk: new Chalk({ level }), level };
}
