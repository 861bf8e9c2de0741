import { describe, expect, it } from 'vitest';
import type { HistoryQuery } from '../../feeds/feed.js';
import type { Bar } from '../../market/bar.js';
import { epochMs } from '../../market/units.js';
import { DAY0, makeBar } from '../../storage/testing/bar-fixtures.js';
import { CorrelationMemo, correlationRisk, weightedCorrelation, type DailyBarSource } from './correlation-risk.js';

const DAY = 86_400_000;

/** An append-only in-memory daily source that counts its queries. */
function appendOnly(): DailyBarSource & { add(symbol: string, close: number): void } {
  const bars = new Map<string, Bar[]>();
  return {
    add(symbol, close) {
      const list = bars.get(symbol) ?? [];
      list.push(makeBar({ symbol, time: DAY0 + list.length * DAY, open: close, high: close, low: close, close }));
      bars.set(symbol, list);
    },
    query(q: HistoryQuery) {
      const list = (bars.get(q.symbol) ?? []).filter((b) => q.to === undefined || b.time <= q.to);
      return q.limit === undefined ? list : list.slice(-q.limit);
    },
  };
}

describe('correlationRisk with a memo', () => {
  const weights = [{ symbol: 'A', weight: 0.5, value: 1 }, { symbol: 'B', weight: 0.3, value: 1 }, { symbol: 'C', weight: 0.2, value: 1 }];
  const walk = (i: number, k: number): number => 100 * Math.exp(0.02 * Math.sin(i * (1.3 + k)) + 0.001 * i * k);

  it('gives exactly the figures of a fresh computation, day after day as the windows move', () => {
    const source = appendOnly();
    const memo = new CorrelationMemo();
    for (let i = 0; i < 60; i++) {
      weights.forEach((w, k) => source.add(w.symbol, walk(i, k)));
      const asOf = epochMs(DAY0 + i * DAY);
      for (let again = 0; again < 2; again++) {
        const kept = correlationRisk(source, weights, { lookbackDays: 30, asOf, memo });
        const fresh = correlationRisk(source, weights, { lookbackDays: 30, asOf });
        expect(kept).toEqual(fresh);
      }
    }
    expect(memo.returns.size).toBe(3);
    expect(memo.pairs.reduce((n, row) => n + row.filter((e) => e !== undefined).length, 0)).toBe(3);
  });

  it('recomputes a pair when one of its windows gained a bar', () => {
    const source = appendOnly();
    const memo = new CorrelationMemo();
    for (let i = 0; i < 40; i++) weights.forEach((w, k) => source.add(w.symbol, walk(i, k)));
    const asOf = epochMs(DAY0 + 60 * DAY);
    const before = correlationRisk(source, weights, { lookbackDays: 30, asOf, memo });
    source.add('A', 1); // a crash in A alone moves every pair with A
    const after = correlationRisk(source, weights, { lookbackDays: 30, asOf, memo });
    expect(after).toEqual(correlationRisk(source, weights, { lookbackDays: 30, asOf }));
    expect(after.weightedAverage).not.toBe(before.weightedAverage);
  });

  it('gives the weighted average alone, the same figure as the full answer, with or without a memo', () => {
    const source = appendOnly();
    const memo = new CorrelationMemo();
    for (let i = 0; i < 45; i++) weights.forEach((w, k) => source.add(w.symbol, walk(i, k)));
    const asOf = epochMs(DAY0 + 44 * DAY);
    const full = correlationRisk(source, weights, { lookbackDays: 30, asOf });
    expect(full.weightedAverage).toBeDefined();
    expect(weightedCorrelation(source, weights, { lookbackDays: 30, asOf, memo })).toBe(full.weightedAverage);
    expect(weightedCorrelation(source, weights, { lookbackDays: 30, asOf })).toBe(full.weightedAverage);
    expect(weightedCorrelation(source, weights.slice(0, 1), { lookbackDays: 30, asOf })).toBeUndefined();
  });
});
