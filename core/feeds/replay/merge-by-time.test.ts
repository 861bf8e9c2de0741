import fc from 'fast-check';
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

/** The merge as one stable sort by (time, series, index): what mergeByTime must equal, bar for bar. */
function reference(series: readonly (readonly Bar[])[]): Bar[] {
  const tagged = series.flatMap((bars, source) => bars.map((b, index) => ({ b, source, index })));
  tagged.sort((x, y) => x.b.time - y.b.time || x.source - y.source || x.index - y.index);
  return tagged.map((t) => t.b);
}

describe('mergeByTime against one stable sort', () => {
  it('gives the same bars in the same order for ordered series with ties, empty series and one series out of order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }), { maxLength: 12 }),
        fc.boolean(),
        (times, keepUnsorted) => {
          const series = times.map((ts, s) => (keepUnsorted && s === 0 ? ts : [...ts].sort((a, b) => a - b)).map((t) => bar(`S${s}`, t)));
          const merged = mergeByTime(series);
          const expected = reference(series);
          expect(merged.length).toBe(expected.length);
          merged.forEach((b, i) => expect(b).toBe(expected[i]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts a NaN time where the sort puts it rather than trusting the series to be in order', () => {
    const series = [[bar('A', 1), bar('A', Number.NaN), bar('A', 0)], [bar('B', 2)]];
    expect(mergeByTime(series)).toEqual(reference(series));
  });
});

describe('mergeByTime with holes', () => {
  it('skips a hole in a series as the sort does', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holey = [bar('A', 1), , bar('A', 3)] as Bar[];
    const series = [holey, [bar('B', 2)]];
    expect(mergeByTime(series).map((b) => `${b.symbol}${b.time}`)).toEqual(['A1', 'B2', 'A3']);
  });
});

describe('mergeByTime time by time, then by heap', () => {
  it('merges series that begin and end at different times (the scan throughout) in (time, series) order', () => {
    // Daily-like: every begun series has a bar at each time, series list and delist years apart, some bars doubled.
    const series = [0, 40, 5, 90, 5].map((begin, s) => {
      const times = Array.from({ length: 60 + 10 * s }, (_, i) => begin + i);
      return [...times, ...(s === 2 ? [begin + 59] : [])].sort((a, b) => a - b).map((t) => bar(`S${s}`, t));
    });
    const merged = mergeByTime(series);
    const expected = reference(series);
    expect(merged).toHaveLength(expected.length);
    merged.forEach((b, i) => expect(b).toBe(expected[i]));
  });

  it('hands over to the heap midway when times turn sparse across series, with the same order', () => {
    // Dense at first (the scan), then every series on its own times (each look finds one bar): the heap takes the rest.
    const series = Array.from({ length: 10 }, (_, s) => [
      ...Array.from({ length: 20 }, (_, i) => i),
      ...Array.from({ length: 30 }, (_, i) => 100 + i * 10 + s),
    ].map((t) => bar(`S${s}`, t)));
    const merged = mergeByTime(series);
    const expected = reference(series);
    expect(merged).toHaveLength(expected.length);
    merged.forEach((b, i) => expect(b).toBe(expected[i]));
  });

  it('copies each bar when asked: equal fields in the same order, a new object, the same merged order', () => {
    const series = [[bar('A', 1), bar('A', 3)], [bar('B', 1), bar('B', 2)]];
    const copies = mergeByTime(series, { copy: true });
    const merged = mergeByTime(series);
    expect(copies).toEqual(merged);
    copies.forEach((b, i) => {
      expect(b).not.toBe(merged[i]);
      expect(Object.keys(b)).toEqual(Object.keys(merged[i] ?? {}));
    });
    const unsorted = [[bar('A', 3), bar('A', 1)]];
    expect(mergeByTime(unsorted, { copy: true })).toEqual(mergeByTime(unsorted));
    expect(mergeByTime(unsorted, { copy: true })[0]).not.toBe(unsorted[0]?.[1]);
  });
});
