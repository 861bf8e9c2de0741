import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, scanWithCsvParse } from './csv-parse-scanner.js';
import { cellText, isBlank, MAX_FIELDS, type CsvRecord } from './csv-record.js';
import { scanUnquoted } from './fast-csv-scanner.js';

type Scanner = (text: string, sink: (r: CsvRecord) => void, progress?: (n: number) => void) => void;

function records(scan: Scanner, text: string): [number, string[]][] {
  const out: [number, string[]][] = [];
  scan(text, (r) => {
    if (!isBlank(r)) out.push([r.line, Array.from({ length: Math.min(r.fields, MAX_FIELDS) }, (_, i) => cellText(r, i))]);
  });
  return out;
}

describe.each([
  ['hand-written scanner', scanUnquoted as Scanner],
  ['csv-parse', scanWithCsvParse as Scanner],
])('%s', (_name, scan) => {
  it('splits LF and CRLF lines, strips a BOM and skips blank lines', () => {
    const expected = [
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [4, ['3', '']],
    ];
    expect(records(scan, '\uFEFFa,b\n1,2\n\n3,\n\n')).toEqual(expected);
    expect(records(scan, 'a,b\r\n1,2\r\n\r\n3,\r\n')).toEqual(expected);
  });

  it('counts every cell of a long row', () => {
    let fields = 0;
    scan(`${'x,'.repeat(20)}x`, (r) => (fields = r.fields));
    expect(fields).toBe(21);
  });

  it('reports progress up to the full length', () => {
    const seen: number[] = [];
    scan('a\nb\n', () => undefined, (n) => seen.push(n));
    expect(seen.at(-1)).toBe(4);
  });
});

describe('scanUnquoted', () => {
  it('reads a file without commas as one cell per line', () => {
    expect(records(scanUnquoted, 'a\nb\nc')).toEqual([
      [1, ['a']],
      [2, ['b']],
      [3, ['c']],
    ]);
  });

  it('reports progress every 65,536 lines', () => {
    const seen: number[] = [];
    scanUnquoted('x\n'.repeat(70_000), () => undefined, (n) => seen.push(n));
    expect(seen).toEqual([131_072, 140_000]);
  });
});

describe('scanWithCsvParse', () => {
  it('reads quoted cells with commas', () => {
    expect(records(scanWithCsvParse, '"a,b",c\n')).toEqual([[1, ['a,b', 'c']]]);
  });

  it('throws CsvSyntaxError with the line of an unclosed quote', () => {
    expect(() => scanWithCsvParse('a,b\n1,2\n"x,1\n', () => undefined)).toThrow(CsvSyntaxError);
    try {
      scanWithCsvParse('a,b\n1,2\n"x,1\n', () => undefined);
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBeGreaterThanOrEqual(3);
    }
  });

  it('lets errors that are not CSV syntax through', () => {
    expect(() =>
      scanWithCsvParse('a\n', () => {
        throw new RangeError('sink failed');
      }),
    ).toThrow(RangeError);
  });
});
