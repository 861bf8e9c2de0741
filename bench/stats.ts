/** Median of repeated measurements: these machines are shared and noisy. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `fn` `repeats` times and returns the median of its wall time in ms. */
export function medianMs(repeats: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export const fmtRate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')}/s`;

/**
 * p50 and p99 of per-call wall times in µs, after 2,000 warm-up calls. Percentiles rather than a mean,
 * because a serving budget is about the slow calls (a GC pause, a cold cache), not the typical one.
 */
export function latency(calls: number, fn: (i: number) => void): { p50: number; p99: number } {
  for (let i = 0; i < 2000; i++) fn(i);
  const t = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    fn(i);
    t[i] = (performance.now() - t0) * 1000;
  }
  t.sort();
  return { p50: t[Math.floor(calls * 0.5)] ?? Number.NaN, p99: t[Math.floor(calls * 0.99)] ?? Number.NaN };
}

export const us = (x: number): string => `${x.toFixed(1)} µs`;
