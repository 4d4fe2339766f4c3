import { closeSync, fstatSync } from 'node:fs';
import type { ByteColumn } from './byte-column.js';
import { writeCacheAtomic } from './json-file.js';
import { openCacheFile, readAt, readInto } from './lines.js';

/**
 * The cache files read in parts (the fetched articles' list, the index of the reader's own
 * articles): a first line of text, then parts of bytes, each read only when first asked for,
 * so that `news list --limit 20` reads a few kilobytes of a file of twenty megabytes.
 *
 *   <magic> <version><byte order> <fields…> <byte length of each part…>\n
 *
 * A part is text (lines), a column of text values (where each value starts, 32-bit numbers,
 * then the values' UTF-8 bytes one after the other: read as a ByteColumn without a string made
 * per value), or numbers (64-bit floats, 32-bit row numbers), in the machine's byte order,
 * which the first line names. Like every cache, a file that is missing, of another version or
 * damaged reads as none; damage found only as a part is read throws ColumnFileError.
 */
const BYTE_ORDER = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'le' : 'be';

/** A part that is not what the first line says: the caller reads what the cache was made from. */
export class ColumnFileError extends Error {
  constructor() {
    super('a cache file is damaged');
  }
}

/** The file's bytes: the first line, then the parts. `fields` must hold no space or line break. */
export function columnFileBytes(magic: string, version: string, fields: readonly (string | number)[], parts: readonly Uint8Array[]): Buffer {
  const first = `${magic} ${version}${BYTE_ORDER} ${fields.join(' ')}${fields.length > 0 ? ' ' : ''}${parts.map((part) => part.length).join(' ')}\n`;
  return Buffer.concat([Buffer.from(first), ...parts]);
}

/** Writes a column file whole; best effort, as for any cache. */
export function writeColumnFile(path: string, magic: string, version: string, fields: readonly (string | number)[], parts: readonly Uint8Array[]): void {
  try {
    writeCacheAtomic(path, columnFileBytes(magic, version, fields, parts));
  } catch {
    // A cache that cannot be saved is made again next time.
  }
}

/** A column as a part: where each value starts, then the values. */
export function columnPart({ bytes, start }: ByteColumn): Buffer {
  return Buffer.concat([bytesOf(start), bytes]);
}

/** Numbers as a part of 64-bit floats. */
export function numbersPart(values: ArrayLike<number>): Buffer {
  return bytesOf(Float64Array.from(values));
}

/** Row numbers (or any whole numbers below 2^32) as a part. */
export function indexesPart(values: ArrayLike<number>): Buffer {
  return bytesOf(Uint32Array.from(values));
}

/** A typed array's bytes, without copying them. */
export function bytesOf(array: Float64Array | Uint32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** A file this small is read whole at once: one read costs less than one for each of its parts. */
const READ_WHOLE_BELOW = 1 << 20;

/**
 * A column file opened for reading. The numbers it gives (a column's starts, numbers, row
 * numbers) may be views of the file's bytes as read, not copies: they are read, never changed.
 */
export class ColumnFile {
  private constructor(
    private readonly fd: number,
    /** The first line's fields, between the version and the parts' lengths. */
    readonly fields: readonly string[],
    /** Byte offset and length of each part. */
    private readonly parts: readonly [number, number][],
    /** The whole file, when it is small. */
    private readonly whole: Buffer | undefined,
  ) {}

  /** The file at `path`, if its first line is of this magic and version and it has `partCount` parts, all there. */
  static open(path: string, magic: string, version: string, partCount: number): ColumnFile | undefined {
    const fd = openCacheFile(path);
    if (fd === undefined) return undefined;
    try {
      const size = fstatSync(fd).size;
      const whole = size < READ_WHOLE_BELOW ? readAt(fd, 0, size) : undefined;
      const start = whole ?? readAt(fd, 0, 1024);
      const newline = start.indexOf(0x0a);
      const words = (newline < 0 ? '' : start.subarray(0, newline).toString('latin1')).split(' ');
      if (words.length < 2 + partCount || words[0] !== magic || words[1] !== `${version}${BYTE_ORDER}`) throw new Error('stale');
      const lengths = words.slice(words.length - partCount).map(Number);
      if (!lengths.every((length) => Number.isSafeInteger(length) && length >= 0)) throw new Error('damaged');
      const parts: [number, number][] = [];
      let offset = newline + 1;
      for (const length of lengths) {
        parts.push([offset, length]);
        offset += length;
      }
      if (size !== offset || (whole !== undefined && whole.length !== size)) throw new Error('damaged');
      return new ColumnFile(fd, words.slice(2, words.length - partCount), parts, whole);
    } catch {
      closeSync(fd);
      return undefined;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** A part's length in bytes. */
  length(part: number): number {
    return this.parts[part]?.[1] ?? 0;
  }

  /** A part's bytes. */
  bytes(part: number): Buffer {
    const [offset, length] = this.parts[part] as [number, number];
    if (this.whole !== undefined) return this.whole.subarray(offset, offset + length);
    const bytes = readAt(this.fd, offset, length);
    if (bytes.length !== length) throw new ColumnFileError();
    return bytes;
  }

  /** A part of `count` lines of text. */
  lines(part: number, count: number): string[] {
    const lines = this.bytes(part).toString('utf8').split('\n');
    if (lines.pop() !== '' || lines.length !== count) throw new ColumnFileError();
    return lines;
  }

  /** A part that is a column of `count` values. */
  column(part: number, count: number): ByteColumn {
    // Checked before anything of that size is made: a count from a damaged first line may be huge.
    if (this.length(part) < 4 * (count + 1)) throw new ColumnFileError();
    const bytes = this.numbersPart(part);
    const start = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, count + 1) : new Uint32Array(count + 1);
    if (start.buffer !== bytes.buffer) new Uint8Array(start.buffer).set(bytes.subarray(0, start.byteLength));
    const values = Buffer.from(bytes.buffer, bytes.byteOffset + start.byteLength, bytes.length - start.byteLength);
    if (start[0] !== 0 || start[count] !== values.length || !increasing(start)) throw new ColumnFileError();
    return { bytes: values, start };
  }

  /** A part of `count` 64-bit floats. */
  numbers(part: number, count: number): Float64Array {
    if (this.length(part) !== 8 * count) throw new ColumnFileError();
    const bytes = this.numbersPart(part);
    if (bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, count);
    const values = new Float64Array(count);
    new Uint8Array(values.buffer).set(bytes);
    return values;
  }

  /** A part of `count` row numbers, each below `below`. */
  indexes(part: number, count: number, below: number): Uint32Array {
    if (this.length(part) !== 4 * count) throw new ColumnFileError();
    const bytes = this.numbersPart(part);
    const values = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, count) : new Uint32Array(count);
    if (values.buffer !== bytes.buffer) new Uint8Array(values.buffer).set(bytes);
    for (let index = 0; index < count; index++) if ((values[index] as number) >= below) throw new ColumnFileError();
    return values;
  }

  /**
   * A part that starts with numbers: in the file read whole, or else read from the file into
   * memory of its own, where they are read in place rather than copied. A copy of a column of
   * fifty thousand is fresh memory that the system maps page by page (about half a millisecond
   * a megabyte here).
   */
  private numbersPart(part: number): Uint8Array {
    if (this.whole !== undefined) return this.bytes(part);
    const [offset, length] = this.parts[part] as [number, number];
    const bytes = new Uint8Array(new ArrayBuffer(length));
    if (readInto(this.fd, offset, bytes) !== length) throw new ColumnFileError();
    return bytes;
  }
}

/** Whether each value starts where the one before did or later: a column's starts, as written. */
function increasing(start: Uint32Array): boolean {
  for (let index = 1; index < start.length; index++) if ((start[index] as number) < (start[index - 1] as number)) return false;
  return true;
}
