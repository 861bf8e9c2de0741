import type { HistoryQuery } from '../../feeds/feed.js';
import type { Bar } from '../../market/bar.js';
import type { BacktestBarSource } from '../backtest-types.js';
import { inMemoryBars } from '../in-memory-bars.js';
import { applyShock, type BarShock } from './bar-shocks.js';

/**
 * A bar source that answers from `source` with `shock` applied to each symbol's whole stored series first,
 * then the query's bounds and limit: the shocked history is what the runner's feed replays, warm-up included.
 * A series is read and shocked once, on its first query.
 */
export function shockedBarSource(source: BacktestBarSource, shock: BarShock): BacktestBarSource {
  const cache = new Map<string, BacktestBarSource>();
  return {
    query(q: HistoryQuery): readonly Bar[] {
      const key = `${q.symbol}\u0000${q.interval}`;
      let series = cache.get(key);
      if (series === undefined) {
        series = inMemoryBars(applyShock(source.query({ symbol: q.symbol, interval: q.interval }), shock));
        cache.set(key, series);
      }
      return series.query(q);
    },
  };
}
