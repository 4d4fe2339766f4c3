import { main } from './cli.js';
import { systemIO } from './io.js';

/** The process boundary: real I/O in, exit code out. */
export async function run(): Promise<void> {
  // A reader who pipes into `head` and closes the pipe early has not met an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2), systemIO());
}
