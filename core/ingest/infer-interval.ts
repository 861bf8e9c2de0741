import { INTERVALS, intervalMs, type Interval } from '../market/interval.js';

/**
 * The interval whose length is the most common gap between consecutive times. The mode, not the
 * minimum: minute files skip minutes without trades and cross nights, so most gaps are 1m but many are
 * longer, and one glitch (two bars a few seconds apart) must not decide the interval. Undefined when
 * there are fewer than two distinct times or the common gap is not a supported interval.
 */
export function inferInterval(times: readonly number[]): { interval: Interval } | { gapMs: number | undefined } {
  const counts = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap > 0) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [gap, count] of counts) {
    if (count > bestCount) {
      best = gap;
      bestCount = count;
    }
  }
  const interval = INTERVALS.find((i) => intervalMs(i) === best);
  return interval === undefined ? { gapMs: best } : { interval };
}
