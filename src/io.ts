import { fstatSync, writeSync } from 'node:fs';

/**
 * Everything a command may know about the outside world, in one object, so that tests can drive
 * commands with buffers instead of touching `process`.
 */
export type ColorLevel = 0 | 1 | 2 | 3;

export interface IO {
  /** Standard output: text, or bytes of UTF-8 text (a long list is written from bytes). */
  out(text: string | Uint8Array): void;
  err(text: string): void;
  /** Whether stdout is a terminal (decides layout defaults, never colour on its own). */
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Whether stderr, where questions are asked, is a terminal someone can see. */
  readonly stderrIsTTY: boolean;
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
  /**
   * Standard input, read to its end; 'too-large' as soon as it passes limitBytes, without
   * reading the rest. Rejects with the system's error if it cannot be read.
   */
  readStdin(limitBytes: number): Promise<Buffer | 'too-large'>;
  /**
   * Asks the reader a question: the question goes to stderr, the answer is one line of
   * standard input (without its line end), or undefined at the end of input.
   */
  ask(question: string): Promise<string | undefined>;
  /**
   * A passing status line ("Fetching feeds: 3 of 10 done"), on stderr when it is a terminal:
   * each replaces the one before, and '' clears it. Nothing is written to a pipe.
   */
  status(text: string): void;
  /**
   * The terminal, taken for full-screen use (standard input and output, else /dev/tty);
   * undefined when there is none.
   */
  openTerminal(): TerminalSession | undefined;
}

/** A terminal in raw mode, for the full-screen reader. */
export interface TerminalSession {
  /** The size now, asked of the terminal each time (it changes on a resize). */
  size(): { columns: number; rows: number };
  write(text: string): void;
  /**
   * Raw mode on, and the handlers called: with what the terminal sends, on a resize, and on a
   * signal that ends the program. `restore` is written when the session stops, and also if the
   * process exits while it runs.
   */
  start(handlers: { input(text: string): void; resize(): void; signal(name: 'SIGTERM' | 'SIGHUP' | 'SIGINT'): void; error(error: unknown): void }, restore: string): void;
  /** The terminal as it was: `restore` written, raw mode off, the handlers gone. Idempotent. */
  stop(): void;
  /**
   * Ctrl-Z: the terminal as it was, the process stopped as the shell's job control expects;
   * resolves once it is continued (fg), in raw mode again, for the caller to redraw.
   */
  suspend(): Promise<void>;
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
  if (isDumbTerminal(env)) return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}

/**
 * TERM=dumb: a terminal that shows text and nothing else (an Emacs shell buffer, some IDE
 * consoles), where escape codes arrive as litter. An unset TERM is not taken as one: news has
 * always coloured there, and a terminal that sets no TERM at all is rarely a dumb one.
 */
export function isDumbTerminal(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.TERM === 'dumb';
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
    status(text) {
      // Carriage return, then erase the line: the next status or message starts clean. A dumb
      // terminal would show the escape code, and each status after the last.
      if (this.stderrIsTTY && !isDumbTerminal(env)) writeAll(2, `\r\u001B[2K${text}`);
    },
    stdoutIsTTY,
    get stdinIsTTY() {
      return isTerminal(0);
    },
    get stderrIsTTY() {
      return isTerminal(2);
    },
    columns: stdoutIsTTY ? process.stdout.columns : undefined,
    rows: stdoutIsTTY ? process.stdout.rows : undefined,
    colorLevel: colorLevelFor(env, stdoutIsTTY),
    env,
    cwd: process.cwd(),
    page: (text, command) => runPager(text, command, env),
    readStdin: (limitBytes) => readCapped(process.stdin, limitBytes),
    ask: (question) => {
      writeAll(2, question);
      return readLine();
    },
    openTerminal: () => openSystemTerminal(),
  };
}

/**
 * The terminal on standard input and output, or /dev/tty when either is redirected (as fzf
 * and less read keys from /dev/tty); undefined without one.
 */
function openSystemTerminal(): TerminalSession | undefined {
  const tty = process.getBuiltinModule('node:tty');
  const { openSync, closeSync } = process.getBuiltinModule('node:fs');
  let inputFd = 0;
  let outputFd = 1;
  let opened: number | undefined;
  if (!tty.isatty(0) || !tty.isatty(1)) {
    try {
      opened = openSync('/dev/tty', 'r+');
    } catch {
      return undefined;
    }
    if (!tty.isatty(0)) inputFd = opened;
    if (!tty.isatty(1)) outputFd = opened;
  }
  // A tty.WriteStream writes synchronously (Node makes terminals blocking), so each frame is on
  // the screen when write returns, and nothing is lost when the process exits right after.
  const output = outputFd === 1 ? process.stdout : new tty.WriteStream(outputFd);
  let input: import('node:tty').ReadStream | undefined;
  let running: { restore: string; cleanUp: () => void } | undefined;
  // The terminal went away (its window closed, the ssh connection dropped): nothing more can
  // be written to it, and reading has ended.
  let hungUp = false;
  const write = (text: string): void => {
    if (hungUp) return;
    try {
      output.write(text);
    } catch {
      hungUp = true;
    }
  };
  const stop = (): void => {
    if (!running) return;
    const { restore, cleanUp } = running;
    running = undefined;
    cleanUp();
    try {
      write(restore);
      if (!hungUp) input?.setRawMode(false);
    } catch {
      // A terminal that is gone has no modes left to restore.
    } finally {
      input?.destroy();
      input = undefined;
      if (opened !== undefined) closeSync(opened);
      opened = undefined;
    }
    // Node 20 aborts at exit when it cannot reset a terminal that has gone (nodejs/node#51519):
    // once everything is saved, the hangup ends the process as it would have without us.
    if (hungUp) process.kill(process.pid, 'SIGHUP');
  };
  return {
    size: () => {
      const [columns, rows] = (output as import('node:tty').WriteStream).getWindowSize();
      return { columns: columns || 80, rows: rows || 24 };
    },
    write,
    start(handlers, restore) {
      input = new tty.ReadStream(inputFd);
      input.setRawMode(true);
      input.setEncoding('utf8');
      const onGone = (): void => {
        if (hungUp) return;
        hungUp = true;
        handlers.signal('SIGHUP');
      };
      // Whatever ends the process, the terminal is given back as it was; an error no one
      // caught goes to the session, which ends and gives it to main to report, after.
      const onError = (error: unknown): void => handlers.error(error);
      // Each listener with what it listens to, so that stopping removes exactly what was added.
      type Listener = Parameters<NodeJS.EventEmitter['on']>[1];
      const fromProcess: [string, Listener][] = [
        ['SIGWINCH', () => handlers.resize()],
        ['SIGTERM', () => handlers.signal('SIGTERM')],
        ['SIGHUP', () => handlers.signal('SIGHUP')],
        ['SIGINT', () => handlers.signal('SIGINT')],
        ['exit', () => stop()],
        ['uncaughtException', onError],
        ['unhandledRejection', onError],
      ];
      const fromTerminal: [NodeJS.EventEmitter, string, Listener][] = [
        [input, 'data', handlers.input],
        [input, 'end', onGone],
        [input, 'error', onGone],
        [output, 'error', onGone],
      ];
      for (const [event, listener] of fromProcess) process.on(event, listener);
      for (const [emitter, event, listener] of fromTerminal) emitter.on(event, listener);
      running = {
        restore,
        cleanUp: () => {
          for (const [event, listener] of fromProcess) process.off(event, listener);
          for (const [emitter, event, listener] of fromTerminal) emitter.off(event, listener);
        },
      };
    },
    stop,
    suspend: () =>
      new Promise<void>((resolve) => {
        const { restore } = running ?? {};
        if (restore === undefined || !input || hungUp) {
          resolve();
          return;
        }
        write(restore);
        input.setRawMode(false);
        let resumed = false;
        const resume = (): void => {
          if (resumed) return;
          resumed = true;
          process.off('SIGCONT', resume);
          clearTimeout(notStopped);
          input?.setRawMode(true);
          resolve();
        };
        process.on('SIGCONT', resume);
        // With no job control (a terminal that runs news itself, with no shell) the system
        // discards the stop: then news simply carries on. A stopped process runs no timers.
        const notStopped = setTimeout(resume, 200);
        // With no handler of ours, SIGTSTP stops the process, as Ctrl-Z does outside raw mode.
        process.kill(process.pid, 'SIGTSTP');
      }),
  };
}

/**
 * Reads a stream until its end, or stops once it passes the limit: leaving the loop early
 * closes the stream, so the rest is never read.
 */
export async function readCapped(stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, limitBytes: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    chunks.push(buffer);
    total += buffer.length;
    if (total > limitBytes) return 'too-large';
  }
  return Buffer.concat(chunks, total);
}

/** One line of standard input, edited by the terminal itself (not raw mode: Ctrl-C stops news as usual). */
function readLine(): Promise<string | undefined> {
  // Built-ins used by few runs are fetched when needed: the bundle runs where import() has no
  // loader (scripts/build.mjs), and a static import would load them on every start.
  const { createInterface } = process.getBuiltinModule('node:readline');
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin, terminal: false });
    let answer: string | undefined;
    lines.once('line', (line) => {
      answer = line;
      lines.close();
    });
    lines.once('close', () => resolve(answer));
  });
}

function runPager(text: string, command: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { spawn } = process.getBuiltinModule('node:child_process');
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
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/** A reader who closes the pipe early (`news read … | head`) has not met an error. */
export class ClosedOutputError extends Error {}

function writeAll(fd: number, text: string | Uint8Array): void {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
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
  /** The questions asked, in order; they went to stderr too. */
  readonly questions: string[];
  /** The status lines shown, in order (only when stderr is a terminal, as for real). */
  readonly statuses: string[];
}

export interface BufferIOOptions extends Partial<Omit<IO, 'out' | 'err' | 'page'>> {
  /** What standard input holds (by default nothing, as from /dev/null); ignored if readStdin is given. */
  stdin?: string | Uint8Array;
  /** The lines typed in answer to ask(), in order; once they run out, ask() meets the end of input. Ignored if ask is given. */
  answers?: readonly (string | undefined)[];
}

/** An IO for tests: output is collected; the terminal facts, input and answers are whatever the test says. */
export function bufferIO(options: BufferIOOptions = {}): BufferIO {
  let stdout = '';
  let stderr = '';
  const pagers: string[] = [];
  const questions: string[] = [];
  const statuses: string[] = [];
  const answers = [...(options.answers ?? [])];
  const stdin = typeof options.stdin === 'string' ? Buffer.from(options.stdin, 'utf8') : Buffer.from(options.stdin ?? new Uint8Array(0));
  const env = options.env ?? {};
  const stdoutIsTTY = options.stdoutIsTTY ?? false;
  return {
    out: (text) => {
      stdout += typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
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
    questions,
    statuses,
    status(text) {
      if (this.stderrIsTTY) statuses.push(text);
    },
    openTerminal: options.openTerminal ?? (() => undefined),
    readStdin: options.readStdin ?? ((limitBytes) => Promise.resolve(stdin.length > limitBytes ? 'too-large' : Buffer.from(stdin))),
    ask:
      options.ask ??
      ((question) => {
        questions.push(question);
        stderr += question;
        return Promise.resolve(answers.shift());
      }),
    stdoutIsTTY,
    stdinIsTTY: options.stdinIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? stdoutIsTTY,
    columns: options.columns,
    rows: options.rows,
    colorLevel: options.colorLevel ?? colorLevelFor(env, stdoutIsTTY),
    env,
    cwd: options.cwd ?? '/',
  };
}
