/** Mean squared difference between the predicted probability and the 0/1 outcome. NaN for no samples. */
export function brierScore(probs: ArrayLike<number>, labels: ArrayLike<number>, indices?: ArrayLike<number>): number {
  const n = indices === undefined ? probs.length : indices.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const k = indices === undefined ? i : (indices[i] as number);
    const d = (probs[k] as number) - (labels[k] as number);
    sum += d * d;
  }
  return sum / n;
}

/** Number of probability bins the calibration error is measured over. */
export const ECE_BINS = 10;

/**
 * Expected calibration error over `bins` EQUAL-WIDTH probability bins [0, 0.1), [0.1, 0.2), …, [0.9, 1]:
 * Σ_b (n_b / n) · |mean predicted in b − observed rate in b|. Equal width (not equal mass) so the figure
 * can be compared across models whose probabilities crowd into different ranges. NaN for no samples.
 */
export function expectedCalibrationError(probs: ArrayLike<number>, labels: ArrayLike<number>, indices?: ArrayLike<number>, bins = ECE_BINS): number {
  const n = indices === undefined ? probs.length : indices.length;
  if (n === 0) return Number.NaN;
  const count = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const observed = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const k = indices === undefined ? i : (indices[i] as number);
    const p = probs[k] as number;
    // p = 1 belongs to the last bin, not a bin of its own.
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b] = (count[b] as number) + 1;
    predicted[b] = (predicted[b] as number) + p;
    observed[b] = (observed[b] as number) + (labels[k] as number);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const c = count[b] as number;
    if (c > 0) ece += Math.abs((predicted[b] as number) - (observed[b] as number)) / n;
  }
  return ece;
}

/** Share of samples whose thresholded call (p ≥ threshold → success) equals the outcome: the ticket's "accuracy". */
export function accuracyAt(probs: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  const n = probs.length;
  if (n === 0) return Number.NaN;
  let right = 0;
  for (let i = 0; i < n; i++) if (((probs[i] as number) >= threshold ? 1 : 0) === labels[i]) right++;
  return right / n;
}
