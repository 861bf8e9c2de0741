import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { lowerBound, selectBars } from './select-bars.js';

const bars: Bar[] = [10, 20, 30, 40].map((t) => ({
  symbol: 'X',
  interval: '1m',
  time: epochMs(t),
  open: price(1),
  high: price(1),
  low: price(1),
  close: price(1),
  volume: quantity(1),
}));
const times = (xs: readonly Bar[]): number[] => xs.map((b) => b.time);

describe('selectBars', () => {
  it('applies inclusive bounds and keeps the most recent bars under a limit', () => {
    expect(times(selectBars(bars, { symbol: 'X', interval: '1m' }))).toEqual([10, 20, 30, 40]);
    expect(times(selectBars(bars, { symbol: 'X', interval: '1m', from: epochMs(20), to: epochMs(30) }))).toEqual([20, 30]);
    expect(times(selectBars(bars, { symbol: 'X', interval: '1m', from: epochMs(11), to: epochMs(39) }))).toEqual([20, 30]);
    expect(times(selectBars(bars, { symbol: 'X', interval: '1m', limit: 3 }))).toEqual([20, 30, 40]);
    expect(times(selectBars(bars, { symbol: 'X', interval: '1m', to: epochMs(30), limit: 1 }))).toEqual([30]);
    expect(times(selectBars(bars, { symbol: 'X', interval: '1m', limit: 0 }))).toEqual([]);
    expect(times(selectBars(bars, { symbol: 'X', interval: '1m', from: epochMs(50) }))).toEqual([]);
  });

  it('finds the first bar at or after a time', () => {
    expect(lowerBound(bars, 0)).toBe(0);
    expect(lowerBound(bars, 20)).toBe(1);
    expect(lowerBound(bars, 21)).toBe(2);
    expect(lowerBound(bars, 99)).toBe(4);
  });
});
