import { quickly } from './commands/quick.js';
import { createContext, type Context } from './context.js';
import { exitCodeOf } from './exit.js';
import type { IO } from './io.js';

/**
 * Runs the command line and returns the exit code. The plain forms of the common commands run
 * as they are; anything else goes through commander, which loads only then.
 */
export async function main(argv: readonly string[], io: IO, ctx: Context = createContext(io)): Promise<number> {
  const quick = quickly(argv);
  return exitCodeOf(ctx, async () => {
    if (quick !== undefined) await quick.spec.run(ctx, quick.args, quick.options);
    else await (await import('./program.js')).runProgram(ctx, argv);
  });
}
