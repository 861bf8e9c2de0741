import { describe, expect, it } from 'vitest';
import { closeOffsetMs } from '../../market/interval.js';
import { epochMs, price } from '../../market/units.js';
import { DAY0, makeBar } from '../../storage/testing/bar-fixtures.js';
import { equityCurve, maxDrawdown } from './equity-curve.js';
import { makeFill } from './testing-fills.js';

const DAY = 86_400_000;
const CLOSE = closeOffsetMs('1d');

describe('equityCurve', () => {
  it('marks positions at each bar close, counting only fills and cash up to that close', () => {
    const bars = [
      makeBar({ symbol: 'A', time: DAY0, close: 100, high: 101, low: 99, open: 100 }),
      makeBar({ symbol: 'B', time: DAY0, close: 20, high: 21, low: 19, open: 20 }),
      makeBar({ symbol: 'A', time: DAY0 + DAY, close: 110, high: 111, low: 99, open: 100 }),
      makeBar({ symbol: 'B', time: DAY0 + DAY, close: 18, high: 21, low: 17, open: 20 }),
    ];
    const fills = [makeFill('A', 'buy', 10, 100, DAY0 + CLOSE), makeFill('B', 'sell', 50, 20, DAY0 + DAY + 1000)];
    const cash = [{ time: epochMs(0), amount: 5_000, note: 'start' }];
    expect(equityCurve(fills, cash, bars)).toEqual([
      { time: DAY0 + CLOSE, cash: 4_000, equity: 5_000 },
      { time: DAY0 + DAY + CLOSE, cash: 5_000, equity: 5_000 + 1_100 - 900 },
    ]);
  });

  it('measures the deepest fall from a peak', () => {
    const pts = [100, 120, 90, 130, 117].map((equity, i) => ({ time: epochMs(i), cash: 0, equity }));
    expect(maxDrawdown(pts)).toBeCloseTo(0.25, 12);
    expect(maxDrawdown([])).toBe(0);
    expect(price(1)).toBe(1);
  });
});
