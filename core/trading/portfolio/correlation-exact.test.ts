import { describe, expect, it } from 'vitest';
import type { HistoryQuery } from '../../feeds/feed.js';
import type { Bar } from '../../market/bar.js';
import { epochMs, price } from '../../market/units.js';
import { DAY0, makeBar } from '../../storage/testing/bar-fixtures.js';
import { seededUniform } from '../../util/seeded-random.js';
import { CorrelationMemo, correlationRisk, type DailyBarSource } from './correlation-risk.js';

const DAY = 86_400_000;

/**
 * The figure as first written (returns in a Map by day, lists built by lookup, sums by reduce): the stored
 * windows and the merge-aligned sums must give it to the last bit, or decisions taken on it could change.
 */
function reference(source: DailyBarSource, symbols: readonly string[], weights: readonly number[], lookbackDays: number, asOf: number): number | undefined {
  const returns = symbols.map((symbol) => {
    const series = source.query({ symbol, interval: '1d', to: epochMs(asOf), limit: lookbackDays + 1 });
    const byDay = new Map<number, number>();
    for (let i = 1; i < series.length; i++) {
      const prev = series[i - 1];
      const cur = series[i];
      if (prev !== undefined && cur !== undefined) byDay.set(cur.time, Math.log(cur.close / prev.close));
    }
    return byDay;
  });
  let num = 0;
  let den = 0;
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i + 1; j < symbols.length; j++) {
      const x = returns[i] ?? new Map<number, number>();
      const y = returns[j] ?? new Map<number, number>();
      const xs: number[] = [];
      const ys: number[] = [];
      for (const [day, rx] of x) {
        const ry = y.get(day);
        if (ry !== undefined) {
          xs.push(rx);
          ys.push(ry);
        }
      }
      const n = xs.length;
      if (n < 20) continue;
      const mx = xs.reduce((s, v) => s + v, 0) / n;
      const my = ys.reduce((s, v) => s + v, 0) / n;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let k = 0; k < n; k++) {
        const dx = (xs[k] ?? 0) - mx;
        const dy = (ys[k] ?? 0) - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
      }
      if (!(sxx > 0 && syy > 0)) continue;
      const w = (weights[i] ?? 0) * (weights[j] ?? 0);
      num += w * (sxy / Math.sqrt(sxx * syy));
      den += w;
    }
  }
  return den > 0 ? num / den : undefined;
}

/** Random daily walks, with `gaps` the share of days a symbol did not trade; `shuffle` serves each query out of time order. */
function walks(symbols: readonly string[], days: number, seed: number, shuffle: boolean, gaps: number): DailyBarSource {
  const random = seededUniform(seed);
  const bars = new Map<string, Bar[]>();
  for (const symbol of symbols) {
    let close = 50 + 100 * random();
    const list: Bar[] = [];
    for (let d = 0; d < days; d++) {
      close *= Math.exp((random() - 0.5) * 0.06);
      if (random() < gaps) continue;
      list.push(makeBar({ symbol, time: DAY0 + d * DAY, open: close, high: close, low: close, close }));
    }
    // A repeated day (a source that is not well formed): a Map keeps the day's first place and last value.
    if (shuffle && list.length > 10) list.splice(5, 0, { ...(list[8] ?? list[0] ?? makeBar({ symbol })), close: price(close * 1.01) });
    bars.set(symbol, list);
  }
  return {
    query(q: HistoryQuery): Bar[] {
      // Without gaps, every other symbol's latest bar is not in yet: windows one day apart, as within a day's bars.
      const lag = gaps === 0 && symbols.indexOf(q.symbol) % 2 === 1 ? DAY : 0;
      const list = (bars.get(q.symbol) ?? []).filter((b) => q.to === undefined || b.time <= q.to - lag);
      const window = q.limit === undefined ? list : list.slice(-q.limit);
      return shuffle ? [...window.slice(3), ...window.slice(0, 3)] : window;
    },
  };
}

describe('correlationRisk to the last bit', () => {
  const symbols = ['A', 'B', 'C', 'D', 'E'];
  const weights = [0.3, 0.25, 0.2, 0.15, 0.1];
  const holdings = symbols.map((symbol, k) => ({ symbol, weight: weights[k] ?? 0, value: 1 }));

  const cases = [
    { name: 'ascending windows with gaps', shuffle: false, gaps: 0.1 },
    { name: 'one calendar, half the windows a day behind', shuffle: false, gaps: 0 },
    { name: 'windows out of time order, with a repeated day', shuffle: true, gaps: 0.1 },
  ];
  it('equals the Map-and-reduce computation over windows too long to share a block (150 days)', () => {
    const source = walks(symbols, 220, 4, false, 0);
    const memo = new CorrelationMemo();
    for (let d = 160; d < 220; d += 3) {
      const asOf = DAY0 + d * DAY;
      const expected = reference(source, symbols, weights, 150, asOf);
      expect(expected).toBeDefined();
      expect(correlationRisk(source, holdings, { lookbackDays: 150, asOf: epochMs(asOf), memo }).weightedAverage).toBe(expected);
    }
  });

  for (const c of cases) {
    it(`equals the Map-and-reduce computation over ${c.name}`, () => {
      for (const seed of [1, 2, 3]) {
        const source = walks(symbols, 120, seed, c.shuffle, c.gaps);
        const memo = new CorrelationMemo();
        for (let d = 40; d < 120; d += c.gaps === 0 ? 1 : 7) {
          const asOf = DAY0 + d * DAY;
          const expected = reference(source, symbols, weights, 60, asOf);
          expect(expected).toBeDefined();
          expect(correlationRisk(source, holdings, { lookbackDays: 60, asOf: epochMs(asOf) }).weightedAverage).toBe(expected);
          expect(correlationRisk(source, holdings, { lookbackDays: 60, asOf: epochMs(asOf), memo }).weightedAverage).toBe(expected);
        }
      }
    });
  }
});
