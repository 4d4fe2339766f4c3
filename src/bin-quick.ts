import { parseQuickly, type CommandSpec } from './commands/spec.js';
import { createContext } from './context.js';
import { exitCodeOf } from './exit.js';
import { systemIO } from './io.js';

/**
 * The process boundary for one of the common commands in its plain forms. Each has a bundle of
 * its own (dist/quick-<name>.cjs, scripts/build.mjs), without commander or the other commands,
 * so that `news read` starts by loading only what reading needs (src/launcher.ts). Returns
 * false, having done nothing, when the command line is not one the spec's plain forms take.
 */
export async function runQuick(spec: CommandSpec): Promise<boolean> {
  const quick = parseQuickly([spec], process.argv.slice(2));
  if (quick === undefined) return false;
  const ctx = createContext(systemIO());
  process.exitCode = await exitCodeOf(ctx, () => quick.spec.run(ctx, quick.args, quick.options));
  return true;
}

/** Runs the spec's warm-up (CommandSpec.warmUp); false if it has none. */
export async function warmUpQuick(spec: CommandSpec): Promise<boolean> {
  if (spec.warmUp === undefined) return false;
  await spec.warmUp();
  return true;
}
