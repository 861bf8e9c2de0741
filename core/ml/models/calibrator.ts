/**
 * Logistic regression on member scores: P = sigmoid(b + Σ w_k s_k). With one score it is Platt scaling; with
 * [nn_logit, svm_decision] it is the stacking calibrator that combines the members into one probability.
 * Fitted only on the calibration fold, which neither member trained on.
 */
export interface LogisticCalibrator {
  readonly weights: Float64Array;
  readonly intercept: number;
}

/**
 * Newton–Raphson (IRLS) on the log loss with a tiny ridge so separable folds still converge. Exact and
 * deterministic: no learning rate, no sampling. `scores` is row-major [n × k].
 */
export function fitLogistic(scores: Float64Array, y: Uint8Array, n: number, k: number, ridge = 1e-6, iterations = 50): LogisticCalibrator {
  const p = k + 1;
  const beta = new Float64Array(p);
  const feat = (i: number, a: number): number => (a === k ? 1 : scores[i * k + a] ?? 0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let a = 0; a < p; a++) t += (beta[a] ?? 0) * feat(i, a);
      const pi = 1 / (1 + Math.exp(-t));
      const r = pi - (y[i] ?? 0);
      const w = Math.max(pi * (1 - pi), 1e-12);
      for (let a = 0; a < p; a++) {
        grad[a] = (grad[a] ?? 0) + r * feat(i, a);
        for (let b = 0; b < p; b++) hess[a * p + b] = (hess[a * p + b] ?? 0) + w * feat(i, a) * feat(i, b);
      }
    }
    for (let a = 0; a < k; a++) {
      grad[a] = (grad[a] ?? 0) + ridge * n * (beta[a] ?? 0);
      hess[a * p + a] = (hess[a * p + a] ?? 0) + ridge * n;
    }
    const step = solve(hess, grad, p);
    let size = 0;
    for (let a = 0; a < p; a++) {
      beta[a] = (beta[a] ?? 0) - (step[a] ?? 0);
      size = Math.max(size, Math.abs(step[a] ?? 0));
    }
    if (size < 1e-10) break;
  }
  return { weights: beta.slice(0, k), intercept: beta[k] ?? 0 };
}

/** Calibrated probability of one row of scores starting at `offset`. */
export function calibrate(c: LogisticCalibrator, scores: ArrayLike<number>, offset = 0): number {
  let t = c.intercept;
  for (let a = 0; a < c.weights.length; a++) t += (c.weights[a] ?? 0) * (scores[offset + a] ?? 0);
  return 1 / (1 + Math.exp(-t));
}

/** Gaussian elimination with partial pivoting on a small dense system (p ≤ a handful). */
function solve(m: Float64Array, v: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(m);
  const b = Float64Array.from(v);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r * p + c] ?? 0) > Math.abs(a[piv * p + c] ?? 0)) piv = r;
    if (piv !== c) {
      for (let k = 0; k < p; k++) [a[c * p + k], a[piv * p + k]] = [a[piv * p + k] ?? 0, a[c * p + k] ?? 0];
      [b[c], b[piv]] = [b[piv] ?? 0, b[c] ?? 0];
    }
    const d = a[c * p + c] ?? 0;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = c + 1; r < p; r++) {
      const f = (a[r * p + c] ?? 0) / d;
      for (let k = c; k < p; k++) a[r * p + k] = (a[r * p + k] ?? 0) - f * (a[c * p + k] ?? 0);
      b[r] = (b[r] ?? 0) - f * (b[c] ?? 0);
    }
  }
  const x = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    let s = b[r] ?? 0;
    for (let k = r + 1; k < p; k++) s -= (a[r * p + k] ?? 0) * (x[k] ?? 0);
    const d = a[r * p + r] ?? 0;
    x[r] = Math.abs(d) < 1e-300 ? 0 : s / d;
  }
  return x;
}
