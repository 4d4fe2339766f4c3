/**
 * A column of text values kept as UTF-8 bytes with where each starts: value `i` is
 * bytes[start[i] .. start[i + 1]). A long list is written from such columns byte for byte
 * (render/list-bytes.ts), without a string made for each of fifty thousand values.
 */
export interface ByteColumn {
  bytes: Buffer;
  start: Uint32Array;
}

/** Text values as a ByteColumn. */
export function byteColumnOf(values: readonly string[]): ByteColumn {
  const start = new Uint32Array(values.length + 1);
  let length = 0;
  for (const value of values) length += Buffer.byteLength(value);
  // Each value written on its own: joined first, a value ending in half a surrogate pair and the
  // next starting with the other half would become one character, and the offsets would slip.
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (let index = 0; index < values.length; index++) {
    start[index] = at;
    at += bytes.write(values[index] as string, at, 'utf8');
  }
  start[values.length] = at;
  return { bytes: bytes.subarray(0, at), start };
}

/** The text values of a ByteColumn. */
export function valuesOf({ bytes, start }: ByteColumn): string[] {
  const count = start.length - 1;
  const text = bytes.toString('utf8');
  // Text of ASCII only (slugs, most titles and notes) is cut where the bytes are.
  if (text.length === bytes.length) return Array.from({ length: count }, (_, index) => text.slice(start[index], start[index + 1]));
  return Array.from({ length: count }, (_, index) => bytes.toString('utf8', start[index], start[index + 1]));
}

/** Value `index` as text. */
export function valueAt({ bytes, start }: ByteColumn, index: number): string {
  return bytes.toString('utf8', start[index], start[index + 1]);
}

/** Where `value` is in a column sorted by its bytes (as slugs are sorted), by halving; -1 when it is not there. */
export function positionInSorted({ bytes, start }: ByteColumn, value: string): number {
  const wanted = Buffer.from(value, 'utf8');
  let low = 0;
  let high = start.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareBytes(bytes, start[middle] as number, start[middle + 1] as number, wanted, 0, wanted.length);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return -1;
}

/**
 * Compares two ranges of bytes: negative, zero or positive as the first sorts before, with or
 * after the second. For ASCII (slugs) that is how strings of code units sort.
 */
export function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart);
  for (let index = 0; index < length; index++) {
    const difference = (a[aStart + index] as number) - (b[bStart + index] as number);
    if (difference !== 0) return difference;
  }
  return aEnd - aStart - (bEnd - bStart);
}

/**
 * Where each of `values` is in a column sorted by its bytes, or -1: one walk down the column
 * beside them, each found by galloping on from the one before, comparing bytes with the
 * string's character codes (a thousand lookups by halving, a buffer made for each, cost more).
 * Meant for slugs: values sorted as strings and ASCII; any other value is looked up by halving.
 */
export function positionsInSorted(column: ByteColumn, values: readonly string[]): Int32Array {
  const found = new Int32Array(values.length).fill(-1);
  const count = column.start.length - 1;
  let from = 0;
  let previous = '';
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as string;
    if (!/^[\x20-\x7e]*$/.test(value)) {
      found[index] = positionInSorted(column, value);
      continue;
    }
    if (value < previous) from = 0;
    previous = value;
    // The first place not before the value: gallop on from the last, then halve.
    let low = from;
    let high = from;
    for (let step = 1; high < count && compareToAscii(column, high, value) < 0; step *= 2) {
      low = high + 1;
      high = Math.min(count, from + step);
    }
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareToAscii(column, middle, value) < 0) low = middle + 1;
      else high = middle;
    }
    if (low < count && compareToAscii(column, low, value) === 0) found[index] = low;
    from = low;
  }
  return found;
}

/** Value `index` of a column against an ASCII string: negative, zero or positive as it sorts before, with or after. */
function compareToAscii({ bytes, start }: ByteColumn, index: number, value: string): number {
  const at = start[index] as number;
  const length = (start[index + 1] as number) - at;
  const shorter = Math.min(length, value.length);
  for (let n = 0; n < shorter; n++) {
    const difference = (bytes[at + n] as number) - value.charCodeAt(n);
    if (difference !== 0) return difference;
  }
  return length - value.length;
}
