import type { Standardizer } from './ensemble-types.js';

/**
 * Mean and std per column over the rows `use(i)` accepts, ignoring non-finite cells. A constant column gets
 * std 1 so it standardizes to 0 instead of dividing by zero.
 */
export function fitStandardizer(x: Float64Array, n: number, dims: number, use: (i: number) => boolean): Standardizer {
  const mean = new Float64Array(dims);
  const std = new Float64Array(dims);
  for (let j = 0; j < dims; j++) {
    let count = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * dims + j] ?? Number.NaN;
      if (use(i) && Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    const m = count > 0 ? sum / count : 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * dims + j] ?? Number.NaN;
      if (use(i) && Number.isFinite(v)) ss += (v - m) * (v - m);
    }
    const s = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
    mean[j] = m;
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** Standardized copy of `n` rows; a missing (non-finite) cell becomes 0, the training mean. */
export function standardize(s: Standardizer, x: Float64Array, n: number): Float64Array {
  const dims = s.mean.length;
  const out = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dims; j++) {
      const z = ((x[i * dims + j] ?? Number.NaN) - (s.mean[j] ?? 0)) / (s.std[j] ?? 1);
      out[i * dims + j] = Number.isFinite(z) ? z : 0;
    }
  }
  return out;
}

/**
 * Sample support of one standardized row, 0..1: exp(-max(0, r - 1) / 2) with r the mean squared z-score.
 * A typical training row has r ≈ 1 and support ≈ 1; a row 3 sigma out on every feature has r = 9 and
 * support e^-4 ≈ 0.02. A cheap proxy (no neighbour search at serve time) for "the model saw rows like this".
 */
export function sampleSupport(z: Float64Array, offset: number, dims: number): number {
  let r = 0;
  for (let j = 0; j < dims; j++) {
    const v = z[offset + j] ?? 0;
    r += v * v;
  }
  return Math.exp(-Math.max(0, r / dims - 1) / 2);
}
