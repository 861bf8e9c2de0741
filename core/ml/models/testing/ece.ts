/** Expected calibration error over 10 equal-width bins: Σ (n_b / n)·|mean prediction − success rate|. */
export function ece(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const bins = 10;
  const count = new Float64Array(bins);
  const sp = new Float64Array(bins);
  const sy = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] ?? 0;
    const b = Math.min(bins - 1, Math.floor(pi * bins));
    count[b] = (count[b] ?? 0) + 1;
    sp[b] = (sp[b] ?? 0) + pi;
    sy[b] = (sy[b] ?? 0) + (y[i] ?? 0);
  }
  let e = 0;
  for (let b = 0; b < bins; b++) e += Math.abs((sp[b] ?? 0) - (sy[b] ?? 0));
  return e / p.length;
}
