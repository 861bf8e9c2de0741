import { describe, expect, it } from 'vitest';
import type { BacktestResult, BacktestTrade, PerformanceMetrics } from '../../core/backtest/backtest-types.js';
import { compareWithBaseline } from '../../core/backtest/report/baseline-comparison.js';
import { epochMs } from '../../core/market/units.js';
import { seededNormal } from '../../core/util/seeded-random.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2010, 0, 4);

const trade = (i: number, exit: BacktestTrade['exit']): BacktestTrade => ({
  symbol: 'A', direction: 'long', quantity: 1, entryTime: epochMs(T0 + i * DAY), entryPrice: 10, exitTime: epochMs(T0 + (i + 1) * DAY), exitPrice: 11,
  pnl: exit === 'take_profit' ? 1 : -1, returnPct: 0, exit, breakout: true, entryClientOrderId: `e${i}`,
});

/** A run whose equity compounds `returns` from 100,000, with `wins` of `n` breakout trades reaching their target. */
function run(returns: readonly number[], wins: number, n: number, over: Partial<PerformanceMetrics> = {}): BacktestResult {
  let equity = 100_000;
  const curve = returns.map((r, i) => ({ time: epochMs(T0 + 20 * 3_600_000 + i * DAY), cash: 0, equity: (equity *= 1 + r) }));
  const metrics = { totalReturn: 0, annualisedReturn: null, volatility: 0.1, sharpe: null, sortino: null, maxDrawdown: 0.1, maxDrawdownDurationMs: 0, maxDrawdownDurationPeriods: 0, trades: n, winRate: null, profitFactor: null, exposure: 0, turnover: null, breakoutSuccessRate: wins / n, netPnl: equity - 100_000, commissions: 0, ...over };
  return {
    symbols: ['A'], interval: '1d', start: epochMs(T0 + 20 * 3_600_000), end: epochMs(T0 + returns.length * DAY), strategy: 'breakout', startingCash: 100_000, bars: returns.length, wallMs: 1,
    equityCurve: curve, fills: [], positions: [], signals: n, proposals: { pending: 0, confirmed: n, rejected: 0, expired: 0 }, denials: [], riskEvents: [], riskModel: [],
    trades: [...Array.from({ length: wins }, (_, i) => trade(i, 'take_profit')), ...Array.from({ length: n - wins }, (_, i) => trade(wins + i, 'stop_loss')), trade(99, 'open')],
    metrics: { portfolio: metrics, bySymbol: {} },
  };
}

describe('ML against the baseline', () => {
  const z = seededNormal(4);
  const base = Array.from({ length: 750 }, () => 0.0002 + 0.01 * z());
  // The ML run: the same days at half the exposure plus a small edge.
  const ml = base.map((r) => r / 2 + 0.0004);
  const c = compareWithBaseline(run(ml, 60, 100, { maxDrawdown: 0.04 }), run(base, 40, 100), 9);

  it('measures the breakout success rates on closed breakout trades, with intervals around them', () => {
    expect(c.breakoutSuccessRate.ml.value).toBeCloseTo(0.6, 12);
    expect(c.breakoutSuccessRate.baseline.value).toBeCloseTo(0.4, 12);
    expect(c.breakoutSuccessRate.difference.value).toBeCloseTo(0.2, 12);
    // Binomial: sd of the difference ≈ √(2·0.24/100) ≈ 0.069, so the 95% interval is about ±0.136.
    expect(c.breakoutSuccessRate.difference.low).toBeGreaterThan(0.03);
    expect(c.breakoutSuccessRate.difference.low).toBeLessThan(0.1);
    expect(c.breakoutSuccessRate.difference.high).toBeGreaterThan(0.3);
  });

  it('finds the volatility halved and the Sharpe difference with a paired interval', () => {
    // Half the exposure, same days: volatility exactly halves in every paired draw.
    expect(c.volatility.reduction.value).toBeCloseTo(0.5, 9);
    expect(c.volatility.reduction.low).toBeCloseTo(0.5, 9);
    expect(c.volatility.reduction.high).toBeCloseTo(0.5, 9);
    expect(c.sharpe.difference.value).toBeGreaterThan(0);
    expect(c.sharpe.difference.low).toBeLessThan(c.sharpe.difference.value);
    expect(c.sharpe.difference.high).toBeGreaterThan(c.sharpe.difference.value);
  });

  it("fills the ticket's success metrics and decides only what the interval settles", () => {
    const row = (start: string) => c.successMetrics.find((r) => r.metric.startsWith(start));
    expect(c.successMetrics).toHaveLength(6);
    // 60% success against an 80% target: the whole interval is below it.
    expect(row('Breakout model: prediction accuracy')?.met).toBe(false);
    // Lift 0.6/0.4 − 1 = 50%, interval wide enough to straddle 25%.
    expect(row('Breakout model: success rate improvement')?.measured.value).toBeCloseTo(0.5, 12);
    expect(row('Risk: volatility reduction')?.met).toBe(true);
    expect(row('Business impact: max drawdown reduction')?.measured.value).toBeCloseTo(0.6, 12);
    expect(row('Business impact: max drawdown reduction')?.met).toBe(true);
  });

  it('is the same for the same seed', () => {
    const again = compareWithBaseline(run(ml, 60, 100), run(base, 40, 100), 9);
    expect(again.sharpe.difference).toEqual(c.sharpe.difference);
    expect(again.breakoutSuccessRate.difference).toEqual(c.breakoutSuccessRate.difference);
  });

  it('leaves the intervals undefined when a run has no breakout trades', () => {
    const none = compareWithBaseline(run(ml, 0, 0), run(base, 40, 100), 1);
    expect(Number.isNaN(none.breakoutSuccessRate.ml.value)).toBe(true);
    expect(Number.isNaN(none.breakoutSuccessRate.ml.low)).toBe(true);
    expect(none.successMetrics[0]?.met).toBeNull();
  });
});
