import { describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import type { BacktestResult, BacktestTrade } from '../backtest-types.js';
import { bootstrapTwoSample, compareRuns, pairedReturns } from './baseline-comparison.js';
import { performanceMetrics } from './performance-metrics.js';

const DAY = 86_400_000;
const trade = (exit: BacktestTrade['exit']): BacktestTrade => ({
  symbol: 'AAA', direction: 'long', quantity: 1, entryTime: epochMs(0), entryPrice: 1, pnl: 0, returnPct: 0, exit, breakout: true, entryClientOrderId: 'x',
});
/** A run whose equity moves by `scale` × the same return pattern each day. */
function run(scale: number, exits: BacktestTrade['exit'][]): BacktestResult {
  const pattern = [0.02, -0.01, 0.015, -0.02, 0.01, 0.005, -0.005, 0.01];
  let e = 100;
  const equityCurve = [{ time: epochMs(0), cash: 100, equity: 100 }];
  pattern.forEach((r, i) => {
    e *= 1 + scale * r;
    equityCurve.push({ time: epochMs((i + 1) * DAY), cash: e, equity: e });
  });
  const trades = exits.map(trade);
  return { equityCurve, trades, metrics: { portfolio: performanceMetrics({ curve: equityCurve, trades, fills: [] }), bySymbol: {} } } as unknown as BacktestResult;
}

describe('ML against the baseline', () => {
  const ml = run(0.5, ['take_profit', 'take_profit', 'stop_loss', 'stop_loss', 'open']);
  const baseline = run(1, ['take_profit', 'stop_loss', 'stop_loss', 'stop_loss']);
  const c = compareRuns(ml, baseline, { seed: 3, resamples: 400 });

  it('success rates of closed breakout trades, and the improvement the ticket asks 25% of', () => {
    expect(c.breakoutSuccessRate.ml.value).toBe(0.5);
    expect(c.breakoutSuccessRate.baseline.value).toBe(0.25);
    expect(c.breakoutSuccessRate.difference.value).toBe(0.25);
    const row = c.successMetrics[0];
    expect(row?.measured.value).toBeCloseTo(1, 12);
    // Four and five trades cannot establish it: the interval reaches below the 25% target.
    expect(row?.measured.low).toBeLessThan(0.25);
    expect(row?.met).toBe(false);
  });

  it('half the exposure to the same returns: volatility halves, Sharpe is unchanged', () => {
    // Returns are exactly half, so every resample of paired periods gives a 50% reduction and a zero difference.
    expect(c.volatility.reduction).toMatchObject({ value: expect.closeTo(0.5, 12), low: expect.closeTo(0.5, 12), high: expect.closeTo(0.5, 12), level: 0.95 });
    expect(c.sharpe.difference.value).toBeCloseTo(0, 12);
    expect(c.sharpe.ml.value).toBeCloseTo(c.sharpe.baseline.value, 12);
    expect(c.successMetrics[1]?.met).toBe(true);
    expect(c.successMetrics[2]?.measured.value).toBeCloseTo(0, 12);
    expect(c.successMetrics[2]?.met).toBe(false);
    // Drawdown has no interval: judged on the point, which halves with the returns.
    expect(c.successMetrics[3]?.measured.value).toBeCloseTo(0.5, 9);
  });

  it('pairs returns on the closes both curves have', () => {
    const p = pairedReturns([{ time: 0, equity: 100 }, { time: 1, equity: 110 }, { time: 2, equity: 121 }], [{ time: 0, equity: 10 }, { time: 2, equity: 12 }]);
    expect(Array.from(p.a)).toEqual([expect.closeTo(0.21, 12)]);
    expect(Array.from(p.b)).toEqual([expect.closeTo(0.2, 12)]);
  });

  it('a two-sample bootstrap with no trades on one side has no interval', () => {
    const e = bootstrapTwoSample(Uint8Array.from([1]), new Uint8Array(0), (a, b) => a - b, 1, 100, 0.9);
    expect(Number.isNaN(e.low) && Number.isNaN(e.high)).toBe(true);
  });
});
