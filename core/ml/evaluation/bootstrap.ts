import { seededUniform as seededRandom } from '../../util/seeded-random.js';

/** A point estimate with its percentile bootstrap interval. */
export interface Estimate {
  readonly value: number;
  /** Lower and upper percentile bounds; NaN when too few resamples gave a defined value. */
  readonly low: number;
  readonly high: number;
}

export interface BootstrapOptions {
  readonly seed: number;
  /** Default 1000. */
  readonly resamples?: number;
  /** Two-sided coverage, default 0.95. */
  readonly level?: number;
}

/** Percentile of sorted values, linear between the neighbouring order statistics. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + (pos - lo) * ((sorted[hi] as number) - a);
}

/**
 * Percentile bootstrap of `statistic` over `n` samples: `resamples` draws of n indices with replacement from
 * a seeded generator, the statistic on each, and the (1−level)/2 and (1+level)/2 percentiles. Resamples where
 * the statistic is undefined (NaN, e.g. an AUC drawn with one class) are dropped; fewer than half defined
 * gives NaN bounds. iid resampling treats events as independent; overlapping breakouts are not, so the
 * intervals are somewhat too narrow.
 */
export function bootstrap(n: number, statistic: (indices: Uint32Array) => number, options: BootstrapOptions): Estimate {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const value = statistic(all);
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (n === 0) return { value, low: Number.NaN, high: Number.NaN };
  const rnd = seededRandom(options.seed);
  const draws: number[] = [];
  const idx = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rnd() * n);
    const v = statistic(idx);
    if (!Number.isNaN(v)) draws.push(v);
  }
  if (draws.length < resamples / 2) return { value, low: Number.NaN, high: Number.NaN };
  draws.sort((a, b) => a - b);
  return { value, low: percentile(draws, (1 - level) / 2), high: percentile(draws, (1 + level) / 2) };
}
