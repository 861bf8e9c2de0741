import { describe, expect, it } from 'vitest';
import { inferInterval } from './infer-interval.js';
import { symbolFromFileName } from './symbol-from-file.js';

describe('symbolFromFileName', () => {
  it.each([
    ['daily/AAPL.csv', 'AAPL'],
    ['daily/original/NVDA-nvda-1999-2014.txt', 'NVDA'],
    ['intraday/EURUSD_1h_2017-04-19_2018-02-07.csv', 'EURUSD'],
    ['FESX-like_1min_2006-01-02_2006-02-27.csv', 'FESX'],
    ['brk.b.csv', 'BRK.B'],
  ])('takes %s as %s', (file, symbol) => {
    expect(symbolFromFileName(file)).toBe(symbol);
  });

  it('gives nothing for a name without a usable symbol', () => {
    expect(symbolFromFileName('-prices.csv')).toBeUndefined();
    expect(symbolFromFileName('my prices.csv')).toBeUndefined();
  });
});

describe('inferInterval', () => {
  const min = 60_000;
  it('takes the most common spacing, not the smallest', () => {
    expect(inferInterval([0, min, 2 * min, 4 * min, 5 * min, 5 * min + 1000, 6 * min])).toEqual({ interval: '1m' });
  });

  it('recognises hourly and daily spacing', () => {
    expect(inferInterval([0, 3_600_000, 7_200_000])).toEqual({ interval: '1h' });
    expect(inferInterval([0, 86_400_000, 172_800_000, 3 * 86_400_000 + 86_400_000 * 2])).toEqual({ interval: '1d' });
  });

  it('gives the spacing when it is no supported interval, and nothing for one bar', () => {
    expect(inferInterval([0, 120_000, 240_000])).toEqual({ gapMs: 120_000 });
    expect(inferInterval([0])).toEqual({ gapMs: undefined });
  });
});
