import { describe, expect, it } from 'vitest';
import { calibrate, fitLogistic } from './calibrator.js';
import { seededNormal, seededUniform } from '../../util/seeded-random.js';
import { ece } from './testing/ece.js';

/** Rows with a known probability and two distorted member scores of it. */
function scored(n: number, seed: number): { s: Float64Array; y: Uint8Array; p: Float64Array } {
  const normal = seededNormal(seed);
  const u = seededUniform(seed + 1);
  const s = new Float64Array(2 * n);
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = 1.2 * normal() - 1;
    p[i] = 1 / (1 + Math.exp(-t));
    y[i] = u() < (p[i] ?? 0) ? 1 : 0;
    s[2 * i] = 3 * t + 2 + 0.3 * normal(); // overconfident, shifted logit (like a class-weighted NN)
    s[2 * i + 1] = 0.4 * t + 0.3 * normal(); // a squashed margin (like an SVM decision value)
  }
  return { s, y, p };
}

describe('logistic calibrator', () => {
  it('recovers known Platt coefficients from labels drawn with them', () => {
    const normal = seededNormal(4);
    const u = seededUniform(5);
    const n = 20_000;
    const s = Float64Array.from({ length: n }, () => 2 * normal());
    const y = Uint8Array.from(s, (v) => (u() < 1 / (1 + Math.exp(-(0.7 * v - 0.5))) ? 1 : 0));
    const c = fitLogistic(s, y, n, 1);
    expect(c.weights[0]).toBeCloseTo(0.7, 1);
    expect(c.intercept).toBeCloseTo(-0.5, 1);
  });

  it('stacking two distorted scores gives a small ECE on a fresh fold, far below the raw scores', () => {
    const cal = scored(4000, 1);
    const test = scored(4000, 2);
    const c = fitLogistic(cal.s, cal.y, 4000, 2);
    const calibrated = Float64Array.from({ length: 4000 }, (_, i) => calibrate(c, test.s, 2 * i));
    const raw = Float64Array.from({ length: 4000 }, (_, i) => 1 / (1 + Math.exp(-(test.s[2 * i] ?? 0))));
    const calEce = ece(calibrated, test.y);
    expect(calEce).toBeLessThan(0.03);
    expect(calEce).toBeLessThan(ece(raw, test.y) / 3);
    // Against the known probabilities, not just the noisy labels.
    let gap = 0;
    for (let i = 0; i < 4000; i++) gap += Math.abs((calibrated[i] ?? 0) - (test.p[i] ?? 0));
    expect(gap / 4000).toBeLessThan(0.03);
  });

  it('stays finite on a perfectly separated fold thanks to the ridge', () => {
    const s = Float64Array.from([-3, -2, -1, 1, 2, 3]);
    const c = fitLogistic(s, Uint8Array.from([0, 0, 0, 1, 1, 1]), 6, 1, 1e-3);
    expect(Number.isFinite(c.weights[0] ?? Number.NaN)).toBe(true);
    expect(calibrate(c, [3])).toBeGreaterThan(0.9);
    expect(calibrate(c, [-3])).toBeLessThan(0.1);
  });
});
