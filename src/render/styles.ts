import type { ColorLevel } from '../io.js';

type Style = (text: string) => string;

/** The styling a renderer may apply, at the level the terminal and flags decided. */
export interface Styles {
  level: ColorLevel;
  bold: Style;
  dim: Style;
  italic: Style;
  underline: Style;
  strikethrough: Style;
  yellow: Style;
  cyan: Style;
  gray: Style;
  /** A search match: bold and inverse. */
  highlight: Style;
}

// As chalk returns text at level 0: itself, made a string.
const unchanged: Style = (text) => String(text);

const PLAIN: Styles = {
  level: 0,
  bold: unchanged,
  dim: unchanged,
  italic: unchanged,
  underline: unchanged,
  strikethrough: unchanged,
  yellow: unchanged,
  cyan: unchanged,
  gray: unchanged,
  highlight: unchanged,
};

/**
 * Plain output needs no chalk at all; chalk builds its style tables when it is loaded (~0.5 ms),
 * so only runs that show colour load it.
 */
export async function stylesFor(level: ColorLevel): Promise<Styles> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level });
  return {
    level,
    bold: chalk.bold,
    dim: chalk.dim,
    italic: chalk.italic,
    underline: chalk.underline,
    strikethrough: chalk.strikethrough,
    yellow: chalk.yellow,
    cyan: chalk.cyan,
    gray: chalk.gray,
    highlight: chalk.bold.inverse,
  };
}
