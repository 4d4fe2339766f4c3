import { Chalk, type ChalkInstance } from 'chalk';
import type { ColorLevel } from '../io.js';

/** The styling for one run: a chalk instance at the level the terminal and flags decided. */
export interface Styles {
  chalk: ChalkInstance;
  level: ColorLevel;
}

export function stylesFor(level: ColorLevel): Styles {
  return { chalk: new Chalk({ level }), level };
}
