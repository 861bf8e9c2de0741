import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNonFiniteLiteral, parseNumber } from './parse-number.js';

const num = (cell: string): number => parseNumber(cell, 0, cell.length);

describe('parseNumber', () => {
  it('reads plain decimals bit-identically to Number()', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), (m, d, neg) => {
        const text = `${neg ? '-' : ''}${(m / 10 ** d).toFixed(d)}`;
        expect(Object.is(num(text), Number(text))).toBe(true);
      }),
    );
  });

  it('reads a cell inside a longer line without slicing it out', () => {
    const line = '2000-01-03,0.42388,17';
    expect(parseNumber(line, 11, 18)).toBe(0.42388);
    expect(parseNumber(line, 19, 21)).toBe(17);
  });

  it('takes exponents, a leading plus, surrounding spaces and long mantissas through the strict slow path', () => {
    expect(num('1.5e3')).toBe(1500);
    expect(num('+2.5')).toBe(2.5);
    expect(num(' 3.25 ')).toBe(3.25);
    expect(num('1234567890.1234567')).toBe(1234567890.1234567);
    expect(num('.5')).toBe(0.5);
  });

  it('returns NaN for junk that Number() would accept or misread', () => {
    for (const cell of ['', ' ', '0x1F', '1_000', 'abc', '1.2.3', '-', '.', '12a']) expect(num(cell)).toBeNaN();
  });

  it('returns NaN and infinities for their literals, which isNonFiniteLiteral recognises', () => {
    expect(num('NaN')).toBeNaN();
    expect(num('nan')).toBeNaN();
    expect(num('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(num('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(isNonFiniteLiteral(' NaN ')).toBe(true);
    expect(isNonFiniteLiteral('-Infinity')).toBe(true);
    expect(isNonFiniteLiteral('n/a')).toBe(false);
  });
});
