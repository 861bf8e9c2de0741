import { describe, expect, it } from 'vitest';
import { portfolioMetrics } from './portfolio-metrics.js';

describe('portfolioMetrics', () => {
  it('computes return, drawdown, volatility, Sharpe and Sortino of a known path', () => {
    const m = portfolioMetrics([110, 99, 108.9], 100);
    const r = [0.1, -0.1, 0.1];
    const mean = 0.1 / 3;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(m.totalReturn).toBeCloseTo(0.089, 12);
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.annualVolatility).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 12);
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt(0.01 / 3)) * Math.sqrt(252), 12);
  });

  it('calls Sharpe and Sortino undefined for a book that never moved', () => {
    const m = portfolioMetrics([100, 100, 100], 100);
    expect(m.annualVolatility).toBe(0);
    expect(m.sharpe).toBeNaN();
    expect(m.sortino).toBeNaN();
    expect(m.maxDrawdown).toBe(0);
  });
});
