import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Bar } from '../market/bar.js';
import { epochMs } from '../market/units.js';
import { yearStart } from '../ml/evaluation/splits.js';
import { BreakoutPredictor } from '../ml/inference/breakout-predictor.js';
import { trainBreakoutModel } from '../ml/training/train-breakout-model.js';
import { TEST_SETS } from '../ml/training/evaluation-plan.js';
import { BarStore } from '../storage/bar-store.js';
import { openDatabase } from '../storage/open-database.js';
import { err, ok, type Result } from '../util/result.js';
import type { EquityPoint } from '../trading/portfolio/equity-curve.js';
import type { BacktestTrade, WalkForwardConfig, WalkForwardFold, WalkForwardResult } from './backtest-types.js';
import { runBacktest } from './backtest-runner.js';
import { runTempRoot } from './run-database.js';
import { performanceMetrics } from './metrics/performance-metrics.js';

/** Daily bars in a trading year: the training code cuts at 1 January, so windows are whole years. */
const BARS_PER_YEAR = 252;
const DEFAULT_SEED = 42;

/** One fold's calendar: train years [trainFrom, testFrom), test years [testFrom, testTo]. */
export interface FoldYears {
  readonly trainFrom: number;
  readonly testFrom: number;
  readonly testTo: number;
}

/**
 * Rolling windows in whole years over [firstYear, lastYear]: each fold trains on `trainYears` years and tests
 * the `testYears` after them; the next fold moves on by `testYears`. The last fold may test a shorter span.
 */
export function planFolds(firstYear: number, lastYear: number, trainYears: number, testYears: number, maxFolds?: number): FoldYears[] {
  const folds: FoldYears[] = [];
  for (let testFrom = firstYear + trainYears; testFrom <= lastYear; testFrom += testYears) {
    folds.push({ trainFrom: testFrom - trainYears, testFrom, testTo: Math.min(lastYear, testFrom + testYears - 1) });
  }
  return maxFolds === undefined ? folds : folds.slice(Math.max(0, folds.length - maxFolds));
}

/**
 * Walk-forward: for each rolling fold, the fold's bars (train and test years) go into a fresh desk database,
 * the breakout model is retrained by the shipped training code (`trainBreakoutModel`: same labels, purged time
 * cut at the test start, same ensemble), and the test years are backtested through the live engine with that
 * fold's model. Windows are whole years (`trainBars`, `testBars` rounded to 252-bar years) because the training
 * code cuts at 1 January. Folds chain: each starts with the previous one's final equity (its open positions
 * valued at the last close).
 */
export async function runWalkForward(config: WalkForwardConfig): Promise<Result<WalkForwardResult, string>> {
  const started = performance.now();
  const trainYears = Math.max(1, Math.round(config.trainBars / BARS_PER_YEAR));
  const testYears = Math.max(1, Math.round(config.testBars / BARS_PER_YEAR));
  const series = new Map<string, readonly Bar[]>();
  for (const symbol of config.symbols) series.set(symbol, config.bars.query({ symbol, interval: config.interval }));
  const all = [...series.values()].flat();
  if (all.length === 0) return err(`no ${config.interval} bars for ${config.symbols.join(', ')}`);
  if (config.interval !== '1d') return err(`walk-forward retrains the daily breakout model: interval must be 1d, got ${config.interval}`);
  let firstTime = Number.POSITIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (const b of all) {
    firstTime = Math.min(firstTime, b.time);
    lastTime = Math.max(lastTime, b.time);
  }
  const plan = planFolds(new Date(firstTime).getUTCFullYear(), new Date(lastTime).getUTCFullYear(), trainYears, testYears, config.maxFolds);
  if (plan.length === 0) return err(`the data spans too few years for ${trainYears} training year(s) and a test year`);
  const work = mkdtempSync(join(runTempRoot(), 'desk-walk-forward-'));
  const folds: WalkForwardFold[] = [];
  let cash = config.startingCash ?? 100_000;
  try {
    for (const [index, f] of plan.entries()) {
      config.onFold?.(index, plan.length, 'train');
      const t0 = performance.now();
      const db = openDatabase(join(work, `fold-${index}.db`));
      let trained: Awaited<ReturnType<typeof trainBreakoutModel>>;
      try {
        const store = new BarStore(db);
        const symbols = config.symbols.filter((s) => {
          const window = (series.get(s) ?? []).filter((b) => b.time >= yearStart(f.trainFrom) && b.time < yearStart(f.testTo + 1));
          if (window.length > 0) store.upsert(window);
          return window.some((b) => b.time < yearStart(f.testFrom));
        });
        trained = await trainBreakoutModel({
          db, symbols, seed: config.seed ?? DEFAULT_SEED, outDir: join(work, `models-${index}`), resamples: 50,
          split: { trainEndYear: f.testFrom - 1, testEndYear: f.testTo, heldOutSymbols: [], mode: 'single' },
          ...(config.trainer === undefined ? {} : { trainer: config.trainer }),
        });
      } catch (cause) {
        return err(`fold ${index + 1} (train ${f.trainFrom}-${f.testFrom - 1}): ${cause instanceof Error ? cause.message : String(cause)}`);
      } finally {
        db.close();
      }
      const trainMs = performance.now() - t0;
      const predictor = BreakoutPredictor.fromDir(trained.dir, { interval: '1d', ...(config.loader === undefined ? {} : { loader: config.loader }) });
      if (predictor.source.kind !== 'model') return err(`fold ${index + 1}: its trained model does not load: ${predictor.source.reason}`);
      config.onFold?.(index, plan.length, 'test');
      const { trainBars: _t, testBars: _s, maxFolds: _m, training: _x, trainer: _r, loader: _l, seed: _e, onFold: _o, ...base } = config;
      const r = await runBacktest({
        ...base, startingCash: cash, from: epochMs(yearStart(f.testFrom)), to: epochMs(yearStart(f.testTo + 1) - 1),
        strategy: { kind: 'breakout', predictor },
      });
      if (!r.ok) return err(`fold ${index + 1} (test ${f.testFrom}-${f.testTo}): ${r.error}`);
      cash = r.value.equityCurve.at(-1)?.equity ?? cash;
      const auc = trained.report.testSets[TEST_SETS.later]?.scorers.ensemble.auc?.value;
      folds.push({
        index, trainStart: epochMs(yearStart(f.trainFrom)), trainEnd: epochMs(yearStart(f.testFrom) - 1),
        testStart: r.value.start, testEnd: r.value.end, trainSamples: trained.manifest.training.samples, trainMs, result: r.value,
        modelVersion: trained.report.version, testAuc: auc !== undefined && Number.isFinite(auc) ? auc : null,
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const equityCurve: EquityPoint[] = folds.flatMap((f) => f.result.equityCurve);
  const first = folds[0]?.result;
  const start = config.startingCash ?? 100_000;
  const trades: BacktestTrade[] = folds.flatMap((f) => f.result.trades);
  const metrics = performanceMetrics({
    curve: [{ time: (first?.start ?? 0) - 1, cash: start, equity: start }, ...equityCurve],
    trades, fills: folds.flatMap((f) => f.result.fills),
  });
  return ok({ folds, equityCurve, metrics, wallMs: performance.now() - started });
}
