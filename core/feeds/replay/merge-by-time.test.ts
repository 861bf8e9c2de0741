import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { mergeByTime } from './merge-by-time.js';

const bar = (symbol: string, time: number): Bar => ({
  symbol,
  interval: '1m',
  time: epochMs(time),
  open: price(1),
  high: price(1),
  low: price(1),
  close: price(1),
  volume: quantity(0),
});

describe('mergeByTime', () => {
  it('orders by time and keeps series order for equal times', () => {
    const merged = mergeByTime([
      [bar('B', 1), bar('B', 3)],
      [bar('A', 1), bar('A', 2)],
      [],
    ]);
    expect(merged.map((b) => `${b.symbol}${b.time}`)).toEqual(['B1', 'A1', 'A2', 'B3']);
  });
});
