import { describe, expect, it } from 'vitest';
import { rffDecision, trainRffSvm } from './rff-svm.js';
import { smoDecision, trainSmo } from './smo-svm.js';
import { syntheticSet } from './testing/synthetic.js';

const gamma = 0.5;
const e4 = Math.exp(-4 * gamma);

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] ?? 0) - ma;
    const db = (b[i] ?? 0) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('exact SMO reference SVM', () => {
  it('finds the closed-form hard-margin solution of two points: α = 1/(1 − e^{-4γ}), ρ = 0', () => {
    const m = trainSmo(Float64Array.from([1, -1]), Uint8Array.from([1, 0]), 2, 1, gamma, 1e6, 1e6, 1e-9);
    expect(m.coef.length).toBe(2);
    expect(Math.abs(m.coef[0] ?? 0)).toBeCloseTo(1 / (1 - e4), 6);
    expect(m.rho).toBeCloseTo(0, 9);
    expect(Array.from(smoDecision(m, Float64Array.from([1, -1, 0]), 3)).map((v) => Number(v.toFixed(6)))).toEqual([1, -1, 0]);
  });

  it('solves XOR on the unit square with all four points support vectors, α = 1/(1 − e^{-4γ})²', () => {
    const x = Float64Array.from([1, 1, -1, -1, 1, -1, -1, 1]);
    const m = trainSmo(x, Uint8Array.from([1, 1, 0, 0]), 4, 2, gamma, 1e6, 1e6, 1e-9);
    expect(m.coef.length).toBe(4);
    for (const c of m.coef) expect(Math.abs(c)).toBeCloseTo(1 / (1 - e4) ** 2, 6);
    const f = smoDecision(m, x, 4);
    expect(Array.from(f).map((v) => Number(v.toFixed(6)))).toEqual([1, 1, -1, -1]);
  });

  it('keeps α within the box when C binds on overlapping classes', () => {
    const s = syntheticSet(200, 3, 5);
    const m = trainSmo(s.x, s.y, s.n, 3, 1 / 3, 0.5, 2);
    for (const c of m.coef) expect(Math.abs(c)).toBeLessThanOrEqual(2 + 1e-12);
    expect(m.iterations).toBeGreaterThan(0);
  });
});

describe('random-Fourier-feature SVM', () => {
  it('agrees with the exact RBF SVM on a small problem (decision values correlate > 0.95)', () => {
    const s = syntheticSet(400, 3, 21);
    const exact = trainSmo(s.x, s.y, s.n, 3, 1 / 3, 1, 1);
    const rff = trainRffSvm(s.x, s.y, s.n, 3, 4, { features: 2048, c: 1, maxEpochs: 500, tolerance: 1e-3 });
    const test = syntheticSet(500, 3, 22);
    expect(correlation(smoDecision(exact, test.x, test.n), rffDecision(rff, test.x, test.n))).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and separates the XOR corners', () => {
    const x = Float64Array.from([1, 1, -1, -1, 1, -1, -1, 1]);
    const y = Uint8Array.from([1, 1, 0, 0]);
    const cfg = { features: 512, c: 100, maxEpochs: 2000, tolerance: 1e-4 };
    const a = trainRffSvm(x, y, 4, 2, 9, { ...cfg, gamma });
    const b = trainRffSvm(x, y, 4, 2, 9, { ...cfg, gamma });
    expect(Buffer.from(a.w.buffer).equals(Buffer.from(b.w.buffer))).toBe(true);
    expect(Array.from(rffDecision(a, x, 4)).map(Math.sign)).toEqual([1, 1, -1, -1]);
  });
});
