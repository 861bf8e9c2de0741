import { describe, expect, it } from 'vitest';
import { applyShock, invalidShock, shockLabel, type BarShock } from '../../core/backtest/stress/bar-shocks.js';
import { shockedBarSource } from '../../core/backtest/stress/shocked-bar-source.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';

const DAY = 86_400_000;
const t = (i: number) => epochMs(i * DAY);
const bar = (i: number, o: number, h: number, l: number, c: number, v = 1000): Bar => ({
  symbol: 'X', interval: '1d', time: t(i), open: price(o), high: price(h), low: price(l), close: price(c), volume: quantity(v),
});
// Closes 100, 110, 99, 99, 108.9 (returns +10%, −10%, 0, +10%).
const bars = [bar(0, 100, 101, 99, 100), bar(1, 100, 112, 100, 110), bar(2, 110, 110, 98, 99), bar(3, 99, 100, 98, 99), bar(4, 99, 110, 99, 108.9)];
const ohlc = (b: Bar) => [b.open, b.high, b.low, b.close];

describe('synthetic shocks on stored bars', () => {
  it('a −10% gap scales every price from its day on and leaves volume and earlier bars alone', () => {
    const out = applyShock(bars, { kind: 'gap', at: t(2), fraction: -0.1 });
    expect(out[1]).toBe(bars[1]);
    expect(ohlc(out[2] as Bar).map((x) => +x.toFixed(6))).toEqual([99, 99, 88.2, 89.1]);
    expect(ohlc(out[4] as Bar).map((x) => +x.toFixed(6))).toEqual([89.1, 99, 89.1, 98.01]);
    expect(out[2]?.volume).toBe(1000);
    expect(bars[2]?.close).toBe(99);
  });

  it('volatility x3 triples each log return in the window, then carries the new level forward', () => {
    const out = applyShock(bars, { kind: 'volatility', from: t(1), to: t(2), factor: 3 });
    const c1 = 100 * 1.1 ** 3; // 133.1
    const c2 = c1 * (99 / 110) ** 3; // 133.1 × 0.729 = 97.0299
    expect(out[0]).toBe(bars[0]);
    expect(out[1]?.close).toBeCloseTo(133.1, 9);
    expect(out[2]?.close).toBeCloseTo(97.0299, 9);
    // Bar 1's high sits 112/110 above its close: three times that in log.
    expect(out[1]?.high).toBeCloseTo(c1 * (112 / 110) ** 3, 9);
    expect(out[1]?.low).toBeCloseTo(c1 * (100 / 110) ** 3, 9);
    // After the window: original returns from the shocked level (ratio 97.0299 / 99).
    expect(out[3]?.close).toBeCloseTo(99 * (c2 / 99), 9);
    expect(out[4]?.close).toBeCloseTo(108.9 * (c2 / 99), 9);
    for (const b of out) {
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    }
  });

  it('a liquidity drop cuts volume in whole shares inside the window only', () => {
    const out = applyShock(bars, { kind: 'liquidity', from: t(1), to: t(3), factor: 0.05 });
    expect(out.map((b) => b.volume)).toEqual([1000, 50, 50, 50, 1000]);
    expect(out.map((b) => b.close)).toEqual(bars.map((b) => b.close));
  });

  it('a feed gap removes the bars inside it and nothing else', () => {
    const out = applyShock(bars, { kind: 'feed-gap', from: t(1), to: t(2) });
    expect(out.map((b) => b.time)).toEqual([t(0), t(3), t(4)]);
  });

  it('refuses shocks that would make prices or volumes meaningless, naming the field', () => {
    const bad: BarShock[] = [
      { kind: 'gap', at: t(1), fraction: -1 },
      { kind: 'volatility', from: t(1), to: t(2), factor: 0 },
      { kind: 'liquidity', from: t(1), to: t(2), factor: 2 },
      { kind: 'feed-gap', from: t(3), to: t(2) },
    ];
    expect(bad.map(invalidShock)).toEqual([expect.stringMatching(/gap fraction/), expect.stringMatching(/volatility factor/), expect.stringMatching(/liquidity factor/), expect.stringMatching(/after to/)]);
    expect(() => applyShock(bars, bad[0] as BarShock)).toThrow(RangeError);
    expect(shockLabel({ kind: 'gap', at: t(1), fraction: -0.1 })).toBe('gap -10%');
  });

  it('a shocked source shocks the whole series first, then applies the query bounds and limit', () => {
    let reads = 0;
    const source = { query: () => { reads++; return bars; } };
    const shocked = shockedBarSource(source, { kind: 'gap', at: t(2), fraction: -0.5 });
    expect(shocked.query({ symbol: 'X', interval: '1d', from: t(1), to: t(3) }).map((b) => b.close)).toEqual([110, 49.5, 49.5]);
    expect(shocked.query({ symbol: 'X', interval: '1d', limit: 2 }).map((b) => b.close)).toEqual([49.5, 54.45]);
    expect(reads).toBe(1);
  });
});
