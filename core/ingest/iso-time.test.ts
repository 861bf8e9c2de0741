import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate, parseIsoDateTime } from './iso-time.js';

const date = (cell: string): number => parseIsoDate(cell, 0, cell.length);

describe('parseIsoDate', () => {
  it('gives 00:00 UTC of the date, as Date.UTC does, over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1800, 0, 1) / 86_400_000, max: Date.UTC(2200, 0, 1) / 86_400_000 }), (day) => {
        const ms = day * 86_400_000;
        expect(date(new Date(ms).toISOString().slice(0, 10))).toBe(ms);
      }),
    );
  });

  it('reads a date inside a longer line', () => {
    expect(parseIsoDate('x,2000-02-29,1', 2, 12)).toBe(Date.UTC(2000, 1, 29));
  });

  it('refuses dates that are not on the calendar or not in YYYY-MM-DD form', () => {
    for (const cell of ['1900-02-29', '2001-02-29', '2000-13-01', '2000-00-10', '2000-04-31', '2000-01-00', '2000/01/01', '2000-1-01', '20000101', '2000-01-0a', '']) {
      expect(date(cell)).toBeNaN();
    }
  });
});

describe('parseIsoDateTime', () => {
  it('takes a time without a zone as UTC', () => {
    expect(parseIsoDateTime('2006-01-02T09:01:00')).toBe(Date.UTC(2006, 0, 2, 9, 1));
    expect(parseIsoDateTime('2006-01-02 09:01')).toBe(Date.UTC(2006, 0, 2, 9, 1));
  });

  it('honours Z and numeric offsets', () => {
    expect(parseIsoDateTime('2023-07-10T10:10:00Z')).toBe(Date.UTC(2023, 6, 10, 10, 10));
    expect(parseIsoDateTime('2023-07-10T10:10:00-04:00')).toBe(Date.UTC(2023, 6, 10, 14, 10));
    expect(parseIsoDateTime('2023-07-10T10:10:00+0530')).toBe(Date.UTC(2023, 6, 10, 4, 40));
    expect(parseIsoDateTime('2023-07-10T10:10:00+02')).toBe(Date.UTC(2023, 6, 10, 8, 10));
  });

  it('keeps milliseconds and truncates finer digits', () => {
    expect(parseIsoDateTime('2023-07-10T10:10:00.5Z')).toBe(Date.UTC(2023, 6, 10, 10, 10, 0, 500));
    expect(parseIsoDateTime('2023-07-10T10:10:00.123456Z')).toBe(Date.UTC(2023, 6, 10, 10, 10, 0, 123));
  });

  it('refuses malformed or out-of-range times', () => {
    for (const cell of ['2023-07-10', '2023-07-10T24:00', '2023-07-10T10:60', '2023-07-10T10:10:61', '2023-02-30T10:00', 'yesterday']) {
      expect(parseIsoDateTime(cell)).toBeNaN();
    }
  });
});
