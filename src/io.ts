import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Everything a command may know about the outside world, in one object, so that tests can drive
 * commands with buffers instead of touching `process`.
 */
export type ColorLevel = 0 | 1 | 2 | 3;

export interface IO {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (decides layout defaults, never colour on its own). */
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** The terminal's size, when stdout is one. */
  readonly columns: number | undefined;
  readonly rows: number | undefined;
  /** Colour support of stdout after NO_COLOR / FORCE_COLOR; `--no-color` lowers it to 0 later. */
  readonly colorLevel: ColorLevel;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /**
   * Shows text through a pager command, run by the shell as git runs its pager, and resolves
   * with the pager's exit status once the reader has quit it.
   */
  page(text: string, command: string): Promise<number>;
}

/**
 * Decides colour the way the NO_COLOR and FORCE_COLOR conventions ask: FORCE_COLOR wins when
 * set (0/false turns colour off), then NO_COLOR (any non-empty value), then the terminal itself.
 */
export function colorLevelFor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): ColorLevel {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '' || force === 'true' || force === '1') return 1;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY) return 0;
  if (env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}

/**
 * The real process. Output goes straight to file descriptors 1 and 2: creating
 * process.stdout for a pipe costs several milliseconds of start-up, more than rendering an
 * article. Only on a terminal is the tty module asked for the size.
 */
export function systemIO(): IO {
  const stdoutIsTTY = isTerminal(1);
  const env = process.env;
  return {
    out: (text) => writeAll(1, text),
    err: (text) => writeAll(2, text),
    stdoutIsTTY,
    get stdinIsTTY() {
      return isTerminal(0);
    },
    columns: stdoutIsTTY ? process.stdout.columns : undefined,
    rows: stdoutIsTTY ? process.stdout.rows : undefined,
    colorLevel: colorLevelFor(env, stdoutIsTTY),
    env,
    cwd: process.cwd(),
    page: (text, command) => runPager(text, command, env),
  };
}

function runPager(text: string, command: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  // Ctrl-C belongs to the pager (less uses it to stop a search), as it does under git.
  const ignoreInterrupt = (): void => undefined;
  process.on('SIGINT', ignoreInterrupt);
  return new Promise<number>((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', 'inherit', 'inherit'],
      // less: quit if one screen, keep colour, leave the text on screen (git's defaults).
      // The text is UTF-8 whatever the locale says, so less is told so.
      env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c', LESSCHARSET: env.LESSCHARSET ?? 'utf-8' },
    });
    const done = (status: number): void => {
      process.off('SIGINT', ignoreInterrupt);
      resolve(status);
    };
    child.stdin.on('error', () => undefined); // the reader quit before reaching the end
    child.on('error', () => done(127));
    child.on('close', (code) => done(code ?? 0));
    child.stdin.end(text);
  });
}

function isTerminal(fd: number): boolean {
  let rdev: number;
  try {
    const stat = fstatSync(fd);
    // Pipes and files are not terminals; only a character device is worth asking tty about.
    if (!stat.isCharacterDevice()) return false;
    rdev = stat.rdev;
  } catch {
    return false;
  }
  // On Linux the device number tells: terminals are majors 4, 5 and 136–143. Anything else
  // (/dev/null above all) is not, and loading the tty module to ask costs ~4 ms.
  const major = Math.floor(rdev / 256) % 4096;
  if (process.platform === 'linux' && !(major === 4 || major === 5 || (major >= 136 && major <= 143))) return false;
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** A reader who closes the pipe early (`news read … | head`) has not met an error. */
export class ClosedOutputError extends Error {}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe that is full: wait a moment for the reader to drain it.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EPIPE') throw new ClosedOutputError('output closed');
      throw error;
    }
  }
}

export interface BufferIO extends IO {
  readonly stdout: string;
  readonly stderr: string;
  /** The pager commands that were run, in order; their text went to stdout. */
  readonly pagers: string[];
}

/** An IO for tests: output is collected; the terminal facts are whatever the test says. */
export function bufferIO(options: Partial<Omit<IO, 'out' | 'err' | 'page'>> = {}): BufferIO {
  let stdout = '';
  let stderr = '';
  const pagers: string[] = [];
  const env = options.env ?? {};
  const stdoutIsTTY = options.stdoutIsTTY ?? false;
  return {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    pagers,
    page: (text, command) => {
      pagers.push(command);
      stdout += text;
      return Promise.resolve(0);
    },
    stdoutIsTTY,
    stdinIsTTY: options.stdinIsTTY ?? false,
    columns: options.columns,
    rows: options.rows,
    colorLevel: options.colorLevel ?? colorLevelFor(env, stdoutIsTTY),
    env,
    cwd: options.cwd ?? '/',
  };
}
