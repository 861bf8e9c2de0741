import { ATR } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { WilderAtr } from './wilder-atr.js';

describe('WilderAtr', () => {
  it('is NaN until the period-th true range, then the mean of the first period true ranges', () => {
    const atr = new WilderAtr(3);
    // TRs from bar 1: max(2, |12-10|, |10-10|) = 2; gap up: max(1, |15-11|, |14-11|) = 4; max(3, 1, 2) = 3.
    expect(atr.push(11, 9, 10)).toBeNaN();
    expect(atr.push(12, 10, 11)).toBeNaN();
    expect(atr.push(15, 14, 14.5)).toBeNaN();
    expect(atr.push(16, 13, 15)).toBeCloseTo((2 + 4 + 3) / 3, 12);
    expect(atr.value).toBeCloseTo(3, 12);
  });

  it('smooths Wilder-style after the seed', () => {
    const atr = new WilderAtr(2);
    atr.push(10, 10, 10);
    atr.push(11, 10, 10.5); // TR 1
    atr.push(12, 10, 11); // TR 2, seed (1 + 2) / 2 = 1.5
    expect(atr.push(15, 11, 12)).toBeCloseTo((1.5 * 1 + 4) / 2, 12);
  });

  it('agrees with technicalindicators on a random walk with gaps', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const high: number[] = [];
    const low: number[] = [];
    const close: number[] = [];
    let c = 100;
    for (let i = 0; i < 500; i++) {
      const open = c * (1 + (rnd() - 0.5) * 0.06);
      c = open * (1 + (rnd() - 0.5) * 0.04);
      high.push(Math.max(open, c) * (1 + rnd() * 0.02));
      low.push(Math.min(open, c) * (1 - rnd() * 0.02));
      close.push(c);
    }
    const theirs = ATR.calculate({ period: 14, high, low, close });
    const atr = new WilderAtr(14);
    const ours = close.map((x, i) => atr.push(high[i] as number, low[i] as number, x));
    expect(ours.slice(0, 14).every(Number.isNaN)).toBe(true);
    expect(theirs).toHaveLength(ours.length - 14);
    theirs.forEach((t, i) => expect(Math.abs((ours[i + 14] as number) - t)).toBeLessThanOrEqual(1e-10 * t));
  });

  it('refuses a period that is not a positive integer', () => {
    expect(() => new WilderAtr(0)).toThrow(/positive integer/);
    expect(() => new WilderAtr(2.5)).toThrow(/positive integer/);
  });
});
