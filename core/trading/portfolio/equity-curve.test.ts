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

  it('gives the same points whatever order the bars, fills and cash come in (ties at a close keep their given order)', () => {
    const bars = [0, 1, 2, 3].flatMap((d) => ['A', 'B', 'C'].map((symbol, k) =>
      makeBar({ symbol, time: DAY0 + d * DAY, close: 50 + 10 * k + d * (k - 1), high: 200, low: 1, open: 50 + 10 * k })));
    const fills = [
      makeFill('A', 'buy', 10, 50, DAY0 + CLOSE), makeFill('C', 'sell', 5, 70, DAY0 + DAY + CLOSE),
      makeFill('B', 'buy', 3, 61, DAY0 + 2 * DAY + 5), makeFill('A', 'sell', 4, 52, DAY0 + 3 * DAY + CLOSE),
    ];
    const cash = [{ time: epochMs(0), amount: 5_000, note: 'start' }, { time: epochMs(DAY0 + DAY), amount: 250, note: 'deposit' }];
    const inOrder = equityCurve(fills, cash, bars);
    expect(inOrder).toHaveLength(4);
    // Reversed within each close (ties) and across closes: a stable sort by close restores the given order of ties,
    // so only cross-close order is undone; the marks of one close are all in before its point either way.
    expect(equityCurve([...fills].reverse(), [...cash].reverse(), [...bars].reverse())).toEqual(inOrder);
    const shuffled = [bars[7], bars[2], bars[11], bars[0], bars[5], bars[9], bars[1], bars[10], bars[3], bars[8], bars[4], bars[6]].map((b) => b as (typeof bars)[number]);
    expect(equityCurve([fills[2], fills[0], fills[3], fills[1]].map((f) => f as (typeof fills)[number]), cash, shuffled)).toEqual(inOrder);
  });

  it('skips holes in the bars, fills and cash as the sort it replaced did, instead of throwing on one', () => {
    const bars = [0, 1, 2].flatMap((d) => ['A', 'B'].map((symbol, k) =>
      makeBar({ symbol, time: DAY0 + d * DAY, close: 50 + 10 * k + d, high: 200, low: 1, open: 50 + 10 * k })));
    const fills = [makeFill('A', 'buy', 10, 50, DAY0 + CLOSE), makeFill('B', 'sell', 5, 61, DAY0 + DAY + CLOSE)];
    const cash = [{ time: epochMs(0), amount: 5_000, note: 'start' }, { time: epochMs(DAY0 + DAY), amount: 250, note: 'deposit' }];
    const dense = equityCurve(fills, cash, bars);
    expect(dense).toHaveLength(3);
    // Sparse arrays (a hole, not an undefined element): what a caller building a list by index can leave behind.
    const holey = <T>(list: readonly T[], at: number): T[] => {
      const out = new Array<T>(list.length + 1);
      list.forEach((x, i) => { out[i < at ? i : i + 1] = x; });
      return out;
    };
    expect(equityCurve(holey(fills, 1), holey(cash, 1), holey(bars, 3))).toEqual(dense);
  });

  it('measures the deepest fall from a peak', () => {
    const pts = [100, 120, 90, 130, 117].map((equity, i) => ({ time: epochMs(i), cash: 0, equity }));
    expect(maxDrawdown(pts)).toBeCloseTo(0.25, 12);
    expect(maxDrawdown([])).toBe(0);
    expect(price(1)).toBe(1);
  });
});
