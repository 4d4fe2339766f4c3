import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Every failure the reader expects is a NewsError of a known kind. The kind decides the exit
 * code, and `main` turns it into one `news: …` line: commands never print errors themselves.
 */
export type ErrorKind =
  | 'usage' // the command line was wrong: exit 2
  | 'not-found' // no such article
  | 'broken-article' // an article file that cannot be read as an article
  | 'corrupt-store' // a data file we refuse to overwrite
  | 'io' // the file system said no (permissions, disk full, lock held)
  | 'network' // an address could not be fetched: refused, timed out, HTTP error, too large
  | 'bad-input'; // a page or feed that cannot be read as one (not HTML, unparsable, hostile)

export class NewsError extends Error {
  readonly kind: ErrorKind;
  /** What the user can do about it, printed after the message. */
  readonly hint: string | undefined;

  constructor(kind: ErrorKind, message: string, hint?: string) {
    super(message);
    this.name = 'NewsError';
    this.kind = kind;
    this.hint = hint;
  }

  get exitCode(): number {
    return this.kind === 'usage' ? 2 : 1;
  }
}

/** Ends the program with a code and no message: the reader stopped it (Ctrl-C, a signal). */
export class Interrupted extends Error {
  constructor(readonly exitCode: number) {
    super(`stopped (exit ${exitCode})`);
    this.name = 'Interrupted';
  }
}

/** Ends the program with a code after its message was written: commander's help, version and usage errors. */
export class AlreadyReported extends Error {
  constructor(readonly exitCode: number) {
    super(`already reported (exit ${exitCode})`);
    this.name = 'AlreadyReported';
  }
}

export const usageError = (message: string, hint?: string): NewsError =>
  new NewsError('usage', message, hint);

/**
 * The one place that turns an error into the line the user sees: what went wrong, then what to
 * do. A full stop parts the two, unless the message already ends a sentence ("which
 * reaction?"); hints are written without a final full stop, as the line's last words.
 */
export function formatError(error: NewsError): string {
  if (!error.hint) return `news: ${error.message}`;
  return /[.?!\u2026]$/.test(error.message) ? `news: ${error.message} ${error.hint}` : `news: ${error.message}. ${error.hint}`;
}

/** Node file-system errors in words a reader understands. */
export function describeFsError(error: unknown, path: string): NewsError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new NewsError('io', `permission denied: ${path}`, 'Check the permissions of that path, or set NEWS_HOME to a folder you can write');
    case 'ENOSPC':
      return new NewsError('io', `no space left on the device holding ${path}`, 'Free some disk space and try again; nothing was changed');
    case 'EROFS':
      return new NewsError('io', `read-only file system: ${path}`, 'Set NEWS_HOME to a writable folder');
    case 'EEXIST':
    case 'ENOTDIR':
      return new NewsError('io', `a file is in the way where news needs a folder: ${fileInTheWay(path)}`, 'Move that file, or set NEWS_HOME to another folder');
    default:
      return new NewsError('io', `cannot access ${path}: ${(error as Error | undefined)?.message ?? String(error)}`);
  }
}

/**
 * The system names the path it was asked for, which may lie below the file that is in the way
 * (NEWS_HOME set to a file: …/reactions.json). The culprit is the nearest that is not a folder.
 */
function fileInTheWay(path: string): string {
  for (let at = path; ; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // Missing, or below the file: look higher.
    }
    if (dirname(at) === at) return path;
  }
}

/**
 * describeFsError for the system's errors (those with an errno code); any other error, such as
 * a NewsError or a check that refused, goes on as it is.
 */
export function describeIfFsError(error: unknown, path: string): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === undefined ? error : describeFsError(error, path);
}
