import type { Context } from './context.js';
import { AlreadyReported, Interrupted, NewsError, formatError } from './errors.js';
import { ClosedOutputError } from './io.js';

/** Does a command's work and returns the exit code: the one place errors become messages. */
export async function exitCodeOf(ctx: Context, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (error instanceof AlreadyReported || error instanceof Interrupted) return error.exitCode;
    if (error instanceof ClosedOutputError) return 0;
    if (error instanceof NewsError) {
      ctx.io.err(`${formatError(error)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.io.err(`news: unexpected error: ${message}\n`);
    if (ctx.io.env.NEWS_DEBUG && error instanceof Error && error.stack) ctx.io.err(`${error.stack}\n`);
    else ctx.io.err('news: set NEWS_DEBUG=1 to see where it happened, and please report it\n');
    return 1;
  }
}
