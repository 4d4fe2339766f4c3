import { main } from './cli.js';
import { loadedFeatures } from './features.js';
import { systemIO } from './io.js';

/** The process boundary: real I/O in, exit code out; tells the launcher what was loaded. */
export async function run(): Promise<{ features: string[] }> {
  process.exitCode = await main(process.argv.slice(2), systemIO());
  return { features: loadedFeatures() };
}
