import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byteColumnOf, valuesOf } from '../../src/storage/byte-column.js';
import { ColumnFile, ColumnFileError, columnFileBytes, columnPart, indexesPart, numbersPart } from '../../src/storage/column-file.js';
import { tempDir } from '../helpers.js';

describe('a column file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  // Parts start anywhere: a first line of any length, parts of any length before them. Small
  // files are read whole, large ones (a megabyte and more) part by part.
  it('reads back its columns and numbers, wherever each part starts, read whole or in parts', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 9, unit: fc.constantFrom('a', 'b', '1') }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 20 }),
        fc.array(fc.double({ noNaN: true }), { maxLength: 20 }),
        fc.uint8Array({ maxLength: 7 }),
        fc.boolean(),
        (field, values, numbers, filler, large) => {
          const count = values.length;
          const rows = Array.from({ length: count }, (_, index) => index);
          const padding = large ? new Uint8Array(1 << 20) : filler;
          const parts = [padding, columnPart(byteColumnOf(values)), numbersPart(numbers), indexesPart(rows)];
          const path = join(dir.path, 'cache.bin');
          writeFileSync(path, columnFileBytes('test-columns', '1', [field || '-'], parts));
          const file = ColumnFile.open(path, 'test-columns', '1', parts.length);
          if (!file) throw new Error('the file just written opens');
          try {
            expect(valuesOf(file.column(1, count))).toEqual(values);
            expect([...file.numbers(2, numbers.length)]).toEqual(numbers);
            expect([...file.indexes(3, count, count)]).toEqual(rows);
            // Each read is a part of its own: reading one again gives the same.
            expect(valuesOf(file.column(1, count))).toEqual(values);
          } finally {
            file.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('throws ColumnFileError for a part that is not what its reader asks for', () => {
    for (const large of [false, true]) {
      const parts = [large ? new Uint8Array(1 << 20) : new Uint8Array(3), columnPart(byteColumnOf(['one', 'two'])), numbersPart([1, 2]), indexesPart([0, 5])];
      const path = join(dir.path, `cache-${large}.bin`);
      writeFileSync(path, columnFileBytes('test-columns', '1', [], parts));
      const file = ColumnFile.open(path, 'test-columns', '1', parts.length);
      if (!file) throw new Error('the file just written opens');
      try {
        expect(() => file.column(1, 3)).toThrow(ColumnFileError);
        expect(() => file.numbers(2, 3)).toThrow(ColumnFileError);
        expect(() => file.indexes(3, 2, 5)).toThrow(ColumnFileError);
        expect([...file.indexes(3, 2, 6)]).toEqual([0, 5]);
      } finally {
        file.close();
      }
    }
  });
});
