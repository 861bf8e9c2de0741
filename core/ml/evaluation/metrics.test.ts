import { describe, expect, it } from 'vitest';
import { rocAuc } from './auc.js';
import { bootstrap, percentile } from './bootstrap.js';
import { accuracyAt, brierScore, expectedCalibrationError } from './calibration-metrics.js';
import { scoreMetrics } from './score-metrics.js';
import { maskIndices, successRateOf, thresholdMask, topKMask } from './taken-signals.js';

const f = (...x: number[]): Float64Array => Float64Array.from(x);
const u = (...x: number[]): Uint8Array => Uint8Array.from(x);

describe('rocAuc', () => {
  it('equals the pair count by hand: 3 of 4 positive-negative pairs ordered right', () => {
    expect(rocAuc(f(0.1, 0.4, 0.35, 0.8), u(0, 0, 1, 1))).toBeCloseTo(0.75, 12);
  });
  it('counts a tied positive-negative pair as one half', () => {
    // Positive 0.9 beats both negatives (2), positive 0.5 ties both (2 × 0.5): 3 / 4.
    expect(rocAuc(f(0.5, 0.5, 0.5, 0.9), u(0, 1, 0, 1))).toBeCloseTo(0.75, 12);
    expect(rocAuc(f(0.3, 0.3, 0.3, 0.3), u(0, 1, 0, 1))).toBeCloseTo(0.5, 12);
  });
  it('is 1 for a perfect ranking, 0 for a reversed one, NaN with one class', () => {
    expect(rocAuc(f(0.1, 0.2, 0.8, 0.9), u(0, 0, 1, 1))).toBe(1);
    expect(rocAuc(f(0.9, 0.8, 0.2, 0.1), u(0, 0, 1, 1))).toBe(0);
    expect(rocAuc(f(0.1, 0.2), u(1, 1))).toBeNaN();
  });
  it('reads only the given indices, repeats included', () => {
    // Indices 2,3,3: positive 0.35 and 0.8 twice, no negative → NaN; 0,2 → 1.
    expect(rocAuc(f(0.1, 0.4, 0.35, 0.8), u(0, 0, 1, 1), [2, 3, 3])).toBeNaN();
    expect(rocAuc(f(0.1, 0.4, 0.35, 0.8), u(0, 0, 1, 1), [0, 2])).toBe(1);
    // 1 (neg 0.4), 2 (pos 0.35), 2 again: both positive copies lose to the negative.
    expect(rocAuc(f(0.1, 0.4, 0.35, 0.8), u(0, 0, 1, 1), [1, 2, 2])).toBe(0);
  });
});

describe('calibration metrics', () => {
  it('computes the Brier score by hand: (0.04 + 0.01 + 0.25) / 3', () => {
    expect(brierScore(f(0.2, 0.9, 0.5), u(0, 1, 1))).toBeCloseTo(0.1, 12);
    expect(brierScore(f(), u())).toBeNaN();
  });
  it('computes the ECE over equal-width bins by hand', () => {
    // bin 0: |0.05 − 0| × 1/4; bin 1: |0.15 − 0.5| × 2/4; bin 9: |0.95 − 1| × 1/4 → 0.0125 + 0.175 + 0.0125.
    expect(expectedCalibrationError(f(0.05, 0.15, 0.15, 0.95), u(0, 1, 0, 1))).toBeCloseTo(0.2, 12);
  });
  it('puts p = 1 in the last bin and gives 0 for a perfectly calibrated bin', () => {
    expect(expectedCalibrationError(f(1, 1), u(1, 1))).toBe(0);
    expect(expectedCalibrationError(f(0.25, 0.25, 0.25, 0.25), u(1, 0, 0, 0))).toBeCloseTo(0, 12);
    expect(expectedCalibrationError(f(), u())).toBeNaN();
  });
  it('counts p ≥ 0.5 as a success call for accuracy', () => {
    expect(accuracyAt(f(0.6, 0.4, 0.5), u(1, 1, 0))).toBeCloseTo(1 / 3, 12);
    expect(accuracyAt(f(), u())).toBeNaN();
  });
});

describe('taken signals', () => {
  it('takes the top k by probability, ties broken by sample order', () => {
    expect([...topKMask(f(0.3, 0.9, 0.3, 0.1), 2)]).toEqual([1, 1, 0, 0]);
    expect([...topKMask(f(0.3, 0.9), 5)]).toEqual([1, 1]);
    expect([...topKMask(f(0.3, 0.9), -1)]).toEqual([0, 0]);
  });
  it('takes every sample at or above a threshold', () => {
    expect([...thresholdMask(f(0.3, 0.5, 0.7), 0.5)]).toEqual([0, 1, 1]);
    expect([...maskIndices(u(0, 1, 1, 0, 1))]).toEqual([1, 2, 4]);
  });
  it('gives the success rate of the taken samples, NaN for none', () => {
    expect(successRateOf(u(1, 0, 1, 1), [0, 1])).toBe(0.5);
    expect(successRateOf(u(1, 0, 1, 1))).toBe(0.75);
    expect(successRateOf(u(1), [])).toBeNaN();
  });
});

describe('bootstrap', () => {
  it('interpolates percentiles between order statistics', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
    expect(percentile([], 0.5)).toBeNaN();
  });
  it('is reproducible for a seed and brackets the point estimate of a mean', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => (i * 37) % 11);
    const mean = (ix: Uint32Array): number => ix.reduce((a, i) => a + (x[i] as number), 0) / ix.length;
    const a = bootstrap(x.length, mean, { seed: 7 });
    expect(bootstrap(x.length, mean, { seed: 7 })).toEqual(a);
    expect(bootstrap(x.length, mean, { seed: 8 })).not.toEqual(a);
    expect(a.low).toBeLessThan(a.value);
    expect(a.high).toBeGreaterThan(a.value);
    // Standard error of the mean of 200 values with sd ≈ 3.2 is ≈ 0.22: the 95% interval spans ≈ ±0.44.
    expect(a.high - a.low).toBeGreaterThan(0.6);
    expect(a.high - a.low).toBeLessThan(1.2);
  });
  it('gives NaN bounds when the statistic is undefined on most resamples, or there are no samples', () => {
    expect(bootstrap(3, () => Number.NaN, { seed: 1, resamples: 10 }).low).toBeNaN();
    const none = bootstrap(0, () => 1, { seed: 1 });
    expect(none.value).toBe(1);
    expect(none.high).toBeNaN();
  });
});

describe('scoreMetrics', () => {
  const scores = f(0.1, 0.4, 0.35, 0.8, 0.6, 0.2);
  const labels = u(0, 0, 1, 1, 1, 0);
  it('reports AUC, Brier, ECE, accuracy and taken-signal precision at matched counts and thresholds', () => {
    const m = scoreMetrics(scores, labels, { seed: 3, resamples: 200, matchedCounts: [2], thresholds: [0.5] });
    expect(m.samples).toBe(6);
    expect(m.successes).toBe(3);
    // Pairs: 0.35 beats 0.1, 0.2 (loses 0.4); 0.8 and 0.6 beat all three → 8 / 9.
    expect(m.auc.value).toBeCloseTo(8 / 9, 12);
    expect(m.brier?.value).toBeCloseTo(brierScore(scores, labels), 12);
    expect(m.ece?.value).toBeCloseTo(expectedCalibrationError(scores, labels), 12);
    expect(m.accuracy).toBeCloseTo(5 / 6, 12);
    expect(m.taken.map((t) => [t.rule, t.signals, t.precision.value])).toEqual([['top-2', 2, 1], ['p>=0.5', 2, 1]]);
  });
  it('reports rank metrics only for an uncalibrated score', () => {
    const m = scoreMetrics(f(-3, 5, 1, 9, 4, 0), labels, { seed: 3, resamples: 50, matchedCounts: [3], thresholds: [0.5], rankOnly: true });
    expect(m.brier).toBeUndefined();
    expect(m.accuracy).toBeUndefined();
    expect(m.taken.map((t) => t.rule)).toEqual(['top-3']);
    expect(m.taken[0]?.precision.value).toBeCloseTo(2 / 3, 12);
  });
  it('refuses scores and labels of different lengths', () => {
    expect(() => scoreMetrics(f(0.1), u(0, 1), { seed: 1 })).toThrow(/1 scores for 2 labels/);
  });
});
