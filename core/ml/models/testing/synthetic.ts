import { seededNormal, seededUniform } from '../../../util/seeded-random.js';

/** Rows with a known P(y=1) = sigmoid(logit(x)), for tests that need a ground truth. */
export interface SyntheticSet {
  readonly x: Float64Array;
  readonly y: Uint8Array;
  readonly p: Float64Array;
  readonly n: number;
  readonly dims: number;
}

/**
 * `n` rows of `dims` N(0,1) features; the true logit is nonlinear in the first two features
 * (1.5·x0 − x1² + 0.8·x0·x1 − 1), which gives a base rate near 30% like the real breakouts.
 */
export function syntheticSet(n: number, dims: number, seed: number): SyntheticSet {
  const normal = seededNormal(seed);
  const uniform = seededUniform(seed + 1);
  const x = new Float64Array(n * dims);
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dims; j++) x[i * dims + j] = normal();
    const a = x[i * dims] ?? 0;
    const b = x[i * dims + 1] ?? 0;
    const pi = 1 / (1 + Math.exp(-(1.5 * a - b * b + 0.8 * a * b - 1)));
    p[i] = pi;
    y[i] = uniform() < pi ? 1 : 0;
  }
  return { x, y, p, n, dims };
}
