/** Share below which a bin counts as this share, so an empty bin gives a large but finite PSI term. */
export const PSI_FLOOR = 1e-4;

/** Conventional PSI bands: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 a significant shift. */
export const PSI_ALERT = 0.25;

/** A binned distribution: `cuts` ascending; a value x falls in bin #cuts below x; the last bin holds NaN. */
export interface Histogram {
  cuts: number[];
  /** cuts.length + 2 shares summing to 1: one per interval, then the NaN bin. */
  shares: number[];
  n: number;
}

/** Bin of `x` under `cuts` (binary search); NaN and ±inf beyond the finite bins go to the NaN bin / ends. */
export function binOf(cuts: readonly number[], x: number): number {
  if (Number.isNaN(x)) return cuts.length + 1;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x > (cuts[mid] as number)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shares of `values` in the bins of `cuts` (length cuts.length + 2, the last for NaN). */
export function binShares(cuts: readonly number[], values: ArrayLike<number>): number[] {
  const counts = new Array<number>(cuts.length + 2).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = binOf(cuts, values[i] as number);
    counts[b] = (counts[b] as number) + 1;
  }
  return counts.map((c) => (values.length === 0 ? 0 : c / values.length));
}

/**
 * Reference histogram of `values`: cut points at the `bins`-quantiles of the finite values (ties merged, so a
 * two-valued column gets two cuts rather than ten), then the shares of all values including NaN.
 */
export function referenceHistogram(values: ArrayLike<number>, bins = 10): Histogram {
  const finite = Array.from(values).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const cuts: number[] = [];
  if (finite.length > 0) {
    for (let k = 1; k < bins; k++) {
      const c = finite[Math.min(finite.length - 1, Math.floor((k * finite.length) / bins))] as number;
      if (cuts.length === 0 || c > (cuts[cuts.length - 1] as number)) cuts.push(c);
    }
  }
  return { cuts, shares: binShares(cuts, values), n: values.length };
}

/**
 * Population stability index of `actual` shares against `expected` shares: Σ (a − e)·ln(a / e), each share
 * floored at `PSI_FLOOR`. 0 for identical distributions; grows without bound as they separate.
 */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new RangeError(`psi: ${expected.length} expected bins but ${actual.length} actual`);
  let total = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] as number, PSI_FLOOR);
    const a = Math.max(actual[i] as number, PSI_FLOOR);
    total += (a - e) * Math.log(a / e);
  }
  return total;
}
