import { describe, expect, it } from 'vitest';
import type { BarDto } from '../../core/contract/index.js';
import { LEVEL_PERIOD, levelsOf } from '../../renderer/src/chart/levels.js';

const bar = (i: number, low: number, high: number): BarDto => ({ symbol: 'ACME', interval: '1m', time: i * 60_000, open: low, high, low, close: high, volume: 1 });

describe('levelsOf', () => {
  it('draws nothing before a full lookback of bars exists', () => {
    expect(levelsOf(Array.from({ length: LEVEL_PERIOD - 1 }, (_, i) => bar(i, 10, 11)))).toBeUndefined();
  });

  it('takes the lowest low and highest high of only the last LEVEL_PERIOD bars', () => {
    const old = bar(0, 1, 100);
    const recent = Array.from({ length: LEVEL_PERIOD }, (_, i) => bar(i + 1, 10 + i, 20 + i));
    expect(levelsOf([old, ...recent])).toEqual({ support: 10, resistance: 20 + LEVEL_PERIOD - 1 });
  });
});
