import { describe, expect, it } from 'vitest';
import type { Bar } from '../market/bar.js';
import { closeOffsetMs, type Interval } from '../market/interval.js';
import { epochMs, price, quantity } from '../market/units.js';
import type { Fill } from '../trading/order.js';
import { seededUniform } from '../util/seeded-random.js';
import { curvesBySymbol, symbolCurves } from './symbol-curves.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const DAY = 86_400_000;

/** Bars of a few symbols merged in time order, some days missing a symbol and some symbols twice on a day. */
function mergedBars(random: () => number, days: number, interval: Interval): Bar[] {
  const bars: Bar[] = [];
  for (let d = 0; d < days; d++) {
    for (const symbol of SYMBOLS) {
      const copies = random() < 0.1 ? 0 : random() < 0.05 ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        const close = price(50 + 50 * random());
        bars.push({ symbol, interval, time: epochMs(d * DAY), open: close, high: close, low: close, close, volume: quantity(100) });
      }
    }
  }
  return bars;
}

/** Fills in time order, half of them at a bar's close (as a run fills) and half between closes, flipping and closing positions. */
function orderedFills(random: () => number, days: number, interval: Interval): Fill[] {
  const fills: Fill[] = [];
  for (let d = 0; d < days; d++) {
    if (random() < 0.4) continue;
    const symbol = SYMBOLS[Math.floor(random() * SYMBOLS.length)] ?? 'AAA';
    const time = d * DAY + (random() < 0.5 ? closeOffsetMs(interval) : Math.floor(random() * 2 * DAY));
    fills.push({
      id: `f${fills.length}`, clientOrderId: `o${fills.length}`, symbol, side: random() < 0.5 ? 'buy' : 'sell',
      quantity: quantity(1 + Math.floor(random() * 20)), price: price(50 + 50 * random()), commission: random(), time: epochMs(time),
    });
  }
  return fills.sort((a, b) => a.time - b.time);
}

describe('symbolCurves: one pass over the merged bars', () => {
  it('gives every symbol the points of its own equityCurve replay, to the bit, on 200 seeded runs', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededUniform(seed);
      const interval: Interval = seed % 2 === 0 ? '1d' : '1h';
      const bars = mergedBars(random, 5 + Math.floor(random() * 60), interval);
      const fills = orderedFills(random, 70, interval);
      const start = (bars[0]?.time ?? 0) + 1;
      const curves = symbolCurves(bars, fills, 10_000, start);
      expect(curves).toEqual(curvesBySymbol(bars, fills, 10_000, start));
      // The equity figures compared by their bits as well (Object.is tells -0 from 0).
      const reference = curvesBySymbol(bars, fills, 10_000, start);
      for (const [symbol, points] of curves) {
        const expected = reference.get(symbol) ?? [];
        expect(points.every((p, i) => Object.is(p.equity, expected[i]?.equity) && Object.is(p.cash, expected[i]?.cash))).toBe(true);
      }
    }
  });

  it('replays each symbol (sorting) when the bars are out of close order or the fills out of time order', () => {
    const random = seededUniform(7);
    const bars = mergedBars(random, 30, '1d');
    const fills = orderedFills(random, 30, '1d');
    const shuffledBars = [...bars.slice(10), ...bars.slice(0, 10)];
    const shuffledFills = [...fills.slice(3), ...fills.slice(0, 3)];
    expect(symbolCurves(shuffledBars, fills, 500, 0)).toEqual(curvesBySymbol(shuffledBars, fills, 500, 0));
    expect(symbolCurves(bars, shuffledFills, 500, 0)).toEqual(curvesBySymbol(bars, shuffledFills, 500, 0));
    // The sorted replay of shuffled input is the curve of the ordered input.
    expect(symbolCurves(shuffledBars, shuffledFills, 500, 0)).toEqual(symbolCurves(bars, fills, 500, 0));
  });

  it('starts every curve at the starting cash, and a symbol with fills but no bars gets no curve', () => {
    const bar: Bar = { symbol: 'AAA', interval: '1d', time: epochMs(0), open: price(10), high: price(10), low: price(10), close: price(10), volume: quantity(1) };
    const fill: Fill = { id: 'f', clientOrderId: 'o', symbol: 'ZZZ', side: 'buy', quantity: quantity(1), price: price(5), commission: 0, time: epochMs(0) };
    const curves = symbolCurves([bar], [fill], 1000, 5);
    expect([...curves.keys()]).toEqual(['AAA']);
    expect(curves.get('AAA')?.[0]).toEqual({ time: 4, cash: 1000, equity: 1000 });
    expect(curves.get('AAA')).toHaveLength(2);
  });
});
