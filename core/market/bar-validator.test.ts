import { describe, expect, it } from 'vitest';
import type { Bar } from './bar.js';
import { StreamingBarValidator, validateBars, type BarIssueCode } from './bar-validator.js';
import { epochMs, price, quantity } from './units.js';

const DAY = 86_400_000;

/** A daily bar on day `day` (0 = 2000-01-01) with the given OHLCV. */
function bar(day: number, o: number, h: number, l: number, c: number, v = 1000): Bar {
  return {
    symbol: 'TEST',
    interval: '1d',
    time: epochMs(Date.UTC(2000, 0, 1) + day * DAY),
    open: price(o),
    high: price(h),
    low: price(l),
    close: price(c),
    volume: quantity(v),
  };
}

const flat = (day: number, p: number): Bar => bar(day, p, p, p, p);

function codesOf(bars: readonly Bar[]): BarIssueCode[][] {
  return validateBars(bars).rejected.map((r) => r.issues.map((i) => i.code));
}

describe('validateBars row rules', () => {
  it('accepts a clean series unchanged', () => {
    const bars = [bar(0, 10, 11, 9, 10.5), bar(1, 10.5, 11, 10, 10.8)];
    const result = validateBars(bars);
    expect(result.accepted).toEqual(bars);
    expect(result.rejected).toEqual([]);
  });

  it('accepts zero-volume and flat bars', () => {
    const result = validateBars([bar(0, 10, 10, 10, 10, 0), bar(1, 10, 10, 10, 10, 5)]);
    expect(result.accepted).toHaveLength(2);
  });

  it('rejects NaN and Infinity as non-finite', () => {
    expect(codesOf([bar(0, Number.NaN, 11, 9, 10)])).toEqual([['non-finite']]);
    expect(codesOf([bar(0, 10, Number.POSITIVE_INFINITY, 9, 10)])).toEqual([['non-finite']]);
    expect(codesOf([bar(0, 10, 11, 9, 10, Number.NaN)])).toEqual([['non-finite']]);
  });

  it('rejects a non-finite time', () => {
    const b = { ...bar(0, 10, 11, 9, 10), time: epochMs(Number.NaN) };
    const [rejection] = validateBars([b]).rejected;
    expect(rejection?.issues.map((i) => i.code)).toEqual(['non-finite']);
    expect(rejection?.issues[0]?.message).toContain('time NaN');
  });

  it('rejects negative prices and negative volume', () => {
    expect(codesOf([bar(0, 10, 11, -9, 10)])).toEqual([['negative-price']]);
    expect(codesOf([bar(0, 10, 11, 9, 10, -1)])).toEqual([['negative-volume']]);
  });

  it('rejects a price of zero and says it is a missing value', () => {
    const [rejection] = validateBars([bar(0, 0, 11, 0, 10)]).rejected;
    expect(rejection?.issues.map((i) => i.code)).toEqual(['zero-price']);
    expect(rejection?.issues[0]?.message).toMatch(/open, low.*missing value/);
  });

  it('rejects a bar whose high is below its close', () => {
    expect(codesOf([bar(0, 10, 10.5, 9, 11)])).toEqual([['high-below-open-close']]);
  });

  it('rejects a bar whose low is above its open', () => {
    expect(codesOf([bar(0, 9, 11, 9.5, 10)])).toEqual([['low-above-open-close']]);
  });

  it('reports every rule a row breaks, here high below open, close and low', () => {
    expect(codesOf([bar(0, 9.1313, 0.9217, 8.9937, 9.036)])).toEqual([['high-below-open-close', 'high-below-low']]);
  });

  it('rejects high below low even when open and close sit between', () => {
    // open/close NaN make the max/min rules silent, so high<low must stand on its own
    const b = bar(0, Number.NaN, 9, 10, Number.NaN);
    expect(codesOf([b])).toEqual([['non-finite', 'high-below-low']]);
  });

  it('uses the given line numbers in rejections, else index + 1', () => {
    const bars = [bar(0, 10, 11, 9, 10), bar(1, 10, 9, 11, 10)];
    expect(validateBars(bars, [7, 9]).rejected[0]?.line).toBe(9);
    expect(validateBars(bars).rejected[0]?.line).toBe(2);
    expect(validateBars(bars).rejected[0]?.index).toBe(1);
  });
});

describe('validateBars sequence rules', () => {
  it('rejects a duplicate timestamp and keeps the first bar', () => {
    const result = validateBars([flat(0, 10), flat(0, 11), flat(1, 10)]);
    expect(result.accepted.map((b) => b.close)).toEqual([10, 10]);
    expect(result.rejected.map((r) => r.issues.map((i) => i.code))).toEqual([['duplicate-time']]);
  });

  it('rejects an out-of-order timestamp against the last accepted bar', () => {
    const result = validateBars([flat(0, 10), flat(5, 10), flat(3, 10), flat(6, 10)]);
    expect(result.rejected.map((r) => [r.index, r.issues[0]?.code])).toEqual([[2, 'out-of-order-time']]);
    expect(result.accepted).toHaveLength(3);
  });

  it('compares with the last accepted bar, so a bad row does not condemn its neighbour', () => {
    // day 1 is out of order only relative to the bad day-9 row, which is itself rejected for its high
    const result = validateBars([flat(0, 10), bar(9, 10, 9, 9.5, 10), flat(1, 10)]);
    expect(result.accepted.map((b) => b.time)).toEqual([flat(0, 10).time, flat(1, 10).time]);
  });
});

describe('validateBars jump rule', () => {
  it('rejects a low shifted by one decimal place (DE 1994-01-25)', () => {
    const bars = [bar(0, 9.2, 9.25, 9.1, 9.1989), bar(1, 9.1989, 9.2144, 0.9112, 9.1483), bar(2, 9.1, 9.2, 9.0, 9.05)];
    const [rejection] = validateBars(bars).rejected;
    expect(rejection?.index).toBe(1);
    expect(rejection?.issues.map((i) => i.code)).toEqual(['price-jump']);
    expect(rejection?.issues[0]?.message).toContain('low 0.9112 (10.10x)');
  });

  it('accepts a level change that the next bar confirms (an unadjusted 1:10 reverse split)', () => {
    const result = validateBars([flat(0, 1), flat(1, 10), flat(2, 10.1)]);
    expect(result.rejected).toEqual([]);
  });

  it('judges the last bar on the previous close alone', () => {
    expect(codesOf([flat(0, 10), flat(1, 100)])).toEqual([['price-jump']]);
  });

  it('ignores a next bar whose close is unusable', () => {
    const result = validateBars([flat(0, 10), flat(1, 100), bar(2, 10, 10, 10, Number.NaN)]);
    expect(result.rejected.map((r) => r.issues.map((i) => i.code))).toEqual([['price-jump'], ['non-finite']]);
  });

  it('passes moves below the factor, such as a doubling', () => {
    expect(codesOf([flat(0, 10), flat(1, 20), flat(2, 10)])).toEqual([]);
  });

  it('honours a custom factor', () => {
    expect(validateBars([flat(0, 10), flat(1, 20), flat(2, 10)], undefined, { jumpFactor: 1.5 }).rejected).toHaveLength(1);
  });

  it('does not report a jump for a zero price, which has its own rule', () => {
    expect(codesOf([flat(0, 10), bar(1, 10, 10, 0, 10), flat(2, 10)])).toEqual([['zero-price']]);
  });
});

describe('StreamingBarValidator', () => {
  it('accepts good bars and remembers the last one', () => {
    const v = new StreamingBarValidator();
    expect(v.next(flat(0, 10)).ok).toBe(true);
    expect(v.next(flat(1, 11)).ok).toBe(true);
    expect(v.lastAccepted?.close).toBe(11);
  });

  it('refuses with the same rules as the batch validator', () => {
    const v = new StreamingBarValidator(flat(0, 10));
    const result = v.next(bar(0, 10, 9.8, 9.5, 10));
    expect(result.ok ? [] : result.error.map((i) => i.code)).toEqual(['high-below-open-close', 'duplicate-time']);
    expect(v.lastAccepted?.time).toBe(flat(0, 10).time);
  });

  it('refuses a decimal-shifted bar and accepts the next normal bar', () => {
    const v = new StreamingBarValidator(flat(0, 9.1));
    const shifted = v.next(flat(1, 0.91));
    expect(shifted.ok ? [] : shifted.error.map((i) => i.code)).toEqual(['price-jump']);
    expect(v.next(flat(2, 9.2)).ok).toBe(true);
  });

  it('takes a jump as a real level once the following bar agrees with it', () => {
    const v = new StreamingBarValidator(flat(0, 1));
    expect(v.next(flat(1, 10)).ok).toBe(false);
    expect(v.next(flat(2, 10.2)).ok).toBe(true);
    expect(v.next(flat(3, 10.1)).ok).toBe(true);
  });

  it('does not take a jump as a level when the candidate also broke another rule', () => {
    const v = new StreamingBarValidator(flat(0, 1));
    expect(v.next(bar(1, 10, 10, 10, 10, -1)).ok).toBe(false);
    expect(v.next(flat(2, 10)).ok).toBe(false);
  });
});
