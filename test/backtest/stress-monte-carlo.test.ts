import { describe, expect, it } from 'vitest';
import { monteCarloDrawdowns, sequenceDrawdown } from '../../core/backtest/stress/monte-carlo.js';

describe('Monte Carlo of trade sequences', () => {
  it('measures the drawdown of a sequence as a fraction of its running peak', () => {
    expect(sequenceDrawdown(100, [10, -22, 5, 30])).toBeCloseTo(0.2, 12);
    expect(sequenceDrawdown(100, [-150, 10])).toBe(1);
    expect(sequenceDrawdown(100, [])).toBe(0);
  });

  it('permuting one loss among equal gains gives the analytic drawdown distribution (loss at a uniform position)', () => {
    // n−1 gains of +1 and one loss of −L; the loss lands after k gains, k uniform on 0..n−1, so the drawdown
    // is L / (S + k): its quantile q is L / (S + (1 − q)(n − 1)) up to one step of k.
    const n = 200;
    const S = 1000;
    const L = 100;
    const pnl = [...Array.from({ length: n - 1 }, () => 1), -L];
    const mc = monteCarloDrawdowns(pnl, S, { seed: 7, runs: 4000 });
    for (const { q, value } of mc.maxDrawdown.percentiles) {
      const analytic = L / (S + (1 - q) * (n - 1));
      expect(Math.abs(value - analytic)).toBeLessThan(0.0015);
    }
    // Mean of L/(S+k) over k = 0..n−1.
    let mean = 0;
    for (let k = 0; k < n; k++) mean += L / (S + k) / n;
    expect(mc.maxDrawdown.mean).toBeCloseTo(mean, 3);
    // Every permutation ends at the same equity.
    expect(mc.totalReturn.percentiles.every((p) => Math.abs(p.value - (n - 1 - L) / S) < 1e-12)).toBe(true);
  });

  it('bootstrap terminal returns follow the binomial of ±1 trades', () => {
    // 100 trades, half +10 half −10: the bootstrap sum is 10·(2B − 100), B ~ Binomial(100, ½): sd 100, so 5%/95% at ≈ ±164.5.
    const pnl = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 10 : -10));
    const mc = monteCarloDrawdowns(pnl, 10_000, { seed: 3, runs: 5000, method: 'bootstrap' });
    const at = (q: number) => (mc.totalReturn.percentiles.find((p) => p.q === q)?.value ?? Number.NaN) * 10_000;
    expect(Math.abs(at(0.5))).toBeLessThanOrEqual(20);
    expect(at(0.05)).toBeGreaterThan(-200);
    expect(at(0.05)).toBeLessThan(-140);
    expect(at(0.95)).toBeGreaterThan(140);
    expect(at(0.95)).toBeLessThan(200);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const pnl = [5, -3, 8, -12, 4, -1, 9, -7, 2, -6];
    const a = monteCarloDrawdowns(pnl, 100, { seed: 11, runs: 300, method: 'bootstrap' });
    const b = monteCarloDrawdowns(pnl, 100, { seed: 11, runs: 300, method: 'bootstrap' });
    const c = monteCarloDrawdowns(pnl, 100, { seed: 12, runs: 300, method: 'bootstrap' });
    expect(b).toEqual(a);
    expect(c.maxDrawdown.mean).not.toBe(a.maxDrawdown.mean);
    expect(a.observedMaxDrawdown).toBeCloseTo(sequenceDrawdown(100, pnl), 12);
    // Probabilities of reaching larger drawdowns never grow.
    const probs = a.drawdownAtLeast.map((d) => d.probability);
    expect([...probs].sort((x, y) => y - x)).toEqual(probs);
  });

  it('refuses a non-positive start, a non-finite P&L and a bad run count', () => {
    expect(() => monteCarloDrawdowns([1], 0, { seed: 1 })).toThrow(/starting equity/);
    expect(() => monteCarloDrawdowns([1, Number.NaN], 10, { seed: 1 })).toThrow(/trade 1/);
    expect(() => monteCarloDrawdowns([1], 10, { seed: 1, runs: 0 })).toThrow(/runs/);
  });
});
