import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarCsvReader, type BarCsvReaderTuning } from './bar-csv.js';
import { readPlainRow } from './plain-row.js';

/** Everything a reader hands out for `pieces`: bars as [line, t, o, h, l, c, v], then the summary or problem. */
function readAll(header: string, pieces: readonly string[], tuning: BarCsvReaderTuning): unknown[] {
  const bars: number[][] = [];
  const reader = new BarCsvReader({ file: 'ABC.csv' }, (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      bars.push([chunk.line[i], chunk.time[i], chunk.open[i], chunk.high[i], chunk.low[i], chunk.close[i], chunk.volume[i]].map(Number));
    }
  }, tuning);
  reader.feedUnquoted(header);
  for (const piece of pieces) reader.feedUnquoted(piece);
  return [bars, reader.finish()];
}

/** A plain number cell, or one of the shapes the one-pass path must leave to the general path. */
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x.toFixed(4)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 9_999_999 }).map(String) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('', ' 12.5', '12.5 ', '1e3', '+7', '-3.25', '.5', '5.', '1..2', '0x1F', 'NaN', 'inf', '-Infinity', '1234567890123456', '123456789012345', '12,5', '9\r9'),
  },
);
const date = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2001-02-29', '2000-13-01', '2000-1-01', ' 2000-01-03', '2000-01-03 ', '', 'x') },
);
const ending = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\r\n', '\n\n');

function lines(width: number): fc.Arbitrary<string[]> {
  return fc.array(
    fc.tuple(date, fc.array(cell, { minLength: width - 2, maxLength: width }), ending).map(([d, cells, eol]) => `${[d, ...cells].join(',')}${eol}`),
    { maxLength: 40 },
  );
}

describe('readPlainRow', () => {
  it('reads a plain row exactly and returns the position after its line end', () => {
    const out = new Float64Array(8);
    const text = '2000-01-03,1.5,-2,+0.25,3.,100\r\nnext';
    expect(readPlainRow(text, 0, 5, out)).toBe(text.indexOf('next'));
    expect(Array.from(out.subarray(0, 6))).toEqual([Date.UTC(2000, 0, 3), 1.5, -2, 0.25, 3, 100]);
    expect(readPlainRow('2000-01-03,1,2,3,4,5', 0, 5, out)).toBe(20);
    expect(readPlainRow('2000-01-03,1,2,3,4,5\r', 0, 5, out)).toBe(21);
  });

  it.each([
    ['a space', '2000-01-03,1, 2,3,4,5\n'],
    ['a missing cell', '2000-01-03,1,2,3,4\n'],
    ['an extra cell', '2000-01-03,1,2,3,4,5,6\n'],
    ['an exponent', '2000-01-03,1e2,2,3,4,5\n'],
    ['a bad date', '2000-02-30,1,2,3,4,5\n'],
    ['16 digits', '2000-01-03,1234567890123456,2,3,4,5\n'],
    ['a lone CR inside the line', '2000-01-03,1,2,3,4,5\r6\n'],
    ['a blank line', '\n'],
  ])('leaves a line with %s to the general path', (_label, text) => {
    expect(readPlainRow(text, 0, 5, new Float64Array(8))).toBe(-1);
  });
});

describe('the one-pass row path', () => {
  it.each([
    ['daily', 'date,open,high,low,close,volume\n', 6],
    ['Yahoo', 'Date,Open,High,Low,Close,Adj Close,Volume\n', 7],
  ])('gives exactly the general path’s bars, lines, rejections and row count (%s)', (_name, header, width) => {
    fc.assert(
      fc.property(lines(width), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }), (rows, capacity, cuts) => {
        // The same rows fed as a few pieces, each of whole lines, as the importer feeds 1 MB pieces.
        const size = Math.max(1, Math.ceil(rows.length / cuts));
        const pieces = Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size).join(''));
        const general = readAll(header, pieces, { capacity, plainRows: false });
        expect(readAll(header, pieces, { capacity, plainRows: true })).toEqual(general);
        expect(readAll(header, [rows.join('')], { capacity: 4096 })).toEqual(general);
      }),
      { numRuns: 300 },
    );
  });
});
