import { quickly } from './commands/quick.js';
import { createContext } from './context.js';
import { exitCodeOf } from './exit.js';
import { systemIO } from './io.js';

/**
 * The process boundary for the common commands in their plain forms: a bundle without
 * commander or the commands only it runs, so that `news read` starts by loading a third of the
 * program (src/launcher.ts). Returns false, having done nothing, for anything else.
 */
export async function run(): Promise<boolean> {
  const quick = quickly(process.argv.slice(2));
  if (quick === undefined) return false;
  const ctx = createContext(systemIO());
  process.exitCode = await exitCodeOf(ctx, () => quick.spec.run(ctx, quick.args, quick.options));
  return true;
}
