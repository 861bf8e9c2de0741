import { expect, it } from 'vitest';
import type { BacktestResult } from '../../core/backtest/backtest-types.js';
import { inMemoryBars } from '../../core/backtest/in-memory-bars.js';
import { runWalkForward } from '../../core/backtest/walk-forward.js';
import { loadStandIn, trainStandIn } from '../../core/ml/training/testing/stand-in-ensemble.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { dailyBars } from './daily-bars.js';

/**
 * Walk-forward on real daily bars with the shared training code per fold (a fast stand-in ensemble keeps the
 * test quick; the bench times the real one): each fold's model is trained on its own years only and trades the
 * years after them, and the folds chain into one equity curve.
 */
const SYMBOLS = ['AAPL', 'MSFT', 'IBM', 'GE', 'XOM', 'KO'];

describeWithSharedData('walk-forward with retraining per fold', () => {
  it('trains one model per rolling window and backtests the following year with it', async () => {
    const bars = dailyBars(SYMBOLS).filter((b) => b.time >= Date.UTC(1995, 0, 1) && b.time < Date.UTC(2005, 0, 1));
    const stages: string[] = [];
    const r = await runWalkForward({
      symbols: SYMBOLS, interval: '1d', bars: inMemoryBars(bars), trainBars: 5 * 252, testBars: 252, maxFolds: 2, trainer: trainStandIn, loader: loadStandIn,
      policy: { kind: 'automation', minConfidence: 0, maxPositionWeight: 0.2 }, onFold: (i, n, stage) => stages.push(`${i + 1}/${n} ${stage}`),
    });
    if (!r.ok) throw new Error(r.error);
    const { folds } = r.value;
    expect(stages).toEqual(['1/2 train', '1/2 test', '2/2 train', '2/2 test']);
    expect(folds.map((f) => [new Date(f.trainStart).getUTCFullYear(), new Date(f.testStart).getUTCFullYear()])).toEqual([[1998, 2003], [1999, 2004]]);
    for (const f of folds) {
      expect(f.trainSamples).toBeGreaterThan(50);
      expect(f.trainEnd).toBeLessThan(f.testStart);
      expect(f.result.servedBy?.kind).toBe('model');
      expect(f.result.fills.length).toBeGreaterThan(0);
      expect(f.result.fills.every((x) => x.time >= f.testStart)).toBe(true);
    }
    // Each fold is served by its own model, and starts with the equity the previous one ended with.
    expect(new Set(folds.map((f) => f.modelVersion)).size).toBe(2);
    const [a, b] = folds.map((f) => f.result) as [BacktestResult, BacktestResult];
    expect(b.startingCash).toBeCloseTo(a.equityCurve.at(-1)?.equity ?? Number.NaN, 9);
    expect(r.value.equityCurve.length).toBe(a.equityCurve.length + b.equityCurve.length);
    expect(r.value.metrics.netPnl).toBeCloseTo((b.equityCurve.at(-1)?.equity ?? 0) - 100_000, 6);
  });
});
