import type { Bar } from '../../market/bar.js';
import type { HistoryQuery } from '../feed.js';

/** First index whose bar opens at or after `time` in bars sorted by time. */
export function lowerBound(bars: readonly Bar[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars[mid]?.time ?? Infinity) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** HistoryQuery semantics over one symbol's time-sorted bars: inclusive bounds, `limit` keeps the most recent. */
export function selectBars(bars: readonly Bar[], query: HistoryQuery): Bar[] {
  const start = query.from === undefined ? 0 : lowerBound(bars, query.from);
  const end = query.to === undefined ? bars.length : lowerBound(bars, query.to + 1);
  const limited = query.limit === undefined ? start : Math.max(start, end - Math.max(0, Math.floor(query.limit)));
  return bars.slice(limited, end);
}
