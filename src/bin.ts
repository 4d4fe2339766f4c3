import { main } from './cli.js';
import { systemIO } from './io.js';

/** The process boundary: real I/O in, exit code out. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), systemIO());
}
