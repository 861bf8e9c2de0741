import type { HistoryQuery } from '../feeds/feed.js';
import type { Bar } from '../market/bar.js';
import type { BacktestBarSource } from './backtest-types.js';

/**
 * A bar source over bars already in memory (any symbols, any order), with BarStore's query semantics:
 * bounds inclusive on the open time, `limit` keeps the most recent. For stress scenarios and tests that
 * reshape bars before a run.
 */
export function inMemoryBars(bars: readonly Bar[]): BacktestBarSource {
  const series = new Map<string, Bar[]>();
  for (const bar of bars) {
    const key = `${bar.symbol}\u0000${bar.interval}`;
    let list = series.get(key);
    if (list === undefined) series.set(key, (list = []));
    list.push(bar);
  }
  for (const list of series.values()) list.sort((a, b) => a.time - b.time);
  return {
    query(q: HistoryQuery): readonly Bar[] {
      const list = series.get(`${q.symbol}\u0000${q.interval}`) ?? [];
      const from = q.from ?? Number.NEGATIVE_INFINITY;
      const to = q.to ?? Number.POSITIVE_INFINITY;
      const picked = list.filter((b) => b.time >= from && b.time <= to);
      return q.limit === undefined ? picked : picked.slice(Math.max(0, picked.length - q.limit));
    },
  };
}
