import type { ArticleEntry } from '../articles/library.js';
import type { Context } from '../context.js';
import { NewsError, usageError } from '../errors.js';
import type { ColorLevel } from '../io.js';
import { stylesFor, type Styles } from '../render/styles.js';
import { sanitizeLine, wrapKeepingWhole } from '../render/text.js';
import { InvalidValue, type OptionSpec } from './spec.js';

/** The reading measure: wide enough for a paragraph, narrow enough to read comfortably. */
export const READING_MEASURE = 80;
const MIN_WIDTH = 20;
const MAX_WIDTH = 1000;

/**
 * How a command's output is set: prose to the reading measure, and lists (tables of slugs,
 * titles and notes) to the whole width of the screen, where long titles have room.
 */
export type Measure = 'prose' | 'list';

export function widthOption(measure: Measure = 'prose'): OptionSpec {
  const fallback = measure === 'prose' ? `the terminal's, at most ${READING_MEASURE}` : `the terminal's; ${READING_MEASURE} in a pipe`;
  return { flags: '-w, --width <cols>', description: `${measure === 'prose' ? 'wrap text to' : 'fit the list in'} this many columns (default: ${fallback})`, parse: parseWidth };
}

export function parseWidth(value: string): number {
  const width = Number(value);
  if (!/^\d+$/.test(value) || width < MIN_WIDTH || width > MAX_WIDTH) {
    throw new InvalidValue(`Give a whole number of columns from ${MIN_WIDTH} to ${MAX_WIDTH}`);
  }
  return width;
}

/** The width asked for, else the terminal's (prose: at most the reading measure), else the measure. */
export function resolveWidth(ctx: Context, asked: number | undefined, measure: Measure = 'prose'): number {
  if (asked !== undefined) return asked;
  const columns = ctx.io.columns;
  if (ctx.io.stdoutIsTTY && columns !== undefined && columns > 0) return Math.max(MIN_WIDTH, Math.min(columns, measure === 'prose' ? READING_MEASURE : MAX_WIDTH));
  return READING_MEASURE;
}

/**
 * A message that reports what a command did, as one line. On a terminal it is wrapped to the
 * screen (at most the reading measure), never inside the commands in `whole` where they fit,
 * rather than left for the terminal to cut mid-word; piped, it stays one line for scripts.
 */
export function say(ctx: Context, message: string, whole: readonly string[] = []): void {
  const lines = ctx.io.stdoutIsTTY ? wrapKeepingWhole(message, whole, resolveWidth(ctx, undefined)) : [message];
  ctx.io.out(`${lines.join('\n')}\n`);
}

/** Colour as the terminal, NO_COLOR / FORCE_COLOR and `--no-color` together decide. */
export function resolveStyles(ctx: Context, color: boolean | undefined): Promise<Styles> {
  const level: ColorLevel = color === false ? 0 : ctx.io.colorLevel;
  return stylesFor(level);
}

/**
 * The article a command is about: the one named, else the one last read, else the only one in
 * the library. Otherwise the reader has to say which. A command that writes to the data folder
 * (`writes`) stops where a file is in the folder's way, rather than warn and then fail the same way.
 */
export function pickArticle(ctx: Context, named: string | undefined, command: string, { writes = false }: { writes?: boolean } = {}): ArticleEntry {
  if (named !== undefined) return ctx.library.find(named);
  const lastRead = ctx.state.lastRead({ required: writes });
  if (lastRead !== undefined) {
    // Exactly that article: never another one whose name starts the same, or the only one left.
    const entry = ctx.library.findExact(lastRead);
    if (entry) return entry;
    throw new NewsError(
      'not-found',
      `the article you read last, ${JSON.stringify(sanitizeLine(lastRead).slice(0, 60))}, is no longer in the library`,
      `Name one, like 'news ${command} witkoff-leak'; 'news list' shows them all`,
    );
  }
  const { entries } = ctx.library.list();
  if (entries.length === 1 && entries[0]) return entries[0];
  throw usageError(`which article? None has been read yet`, `Name one, like 'news ${command} witkoff-leak'; 'news list' shows them all`);
}
